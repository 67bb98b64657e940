"""Unit HR verifies in a real browser (Chromium via Playwright): marks in place without losing the page,
a problem with its note, the return form prefilled with it, then 核实通过 once every item is verified."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from zhicheng.dossier import models as m
from zhicheng.orgs.roles import OrgKind, Role
from zhicheng.unit_review import services
from zhicheng.workflow.states import State

from .. import factories as f
from ..dossier.test_browser import login
from .conftest import proofs

pytestmark = [pytest.mark.browser, pytest.mark.dates, pytest.mark.django_db(transaction=True)]

TIMEOUT = 15_000


@pytest.fixture
def people(transactional_db):
    class W:
        pass

    f.ensure_code_tables()
    w = W()
    w.province = f.org("河北省职称改革领导小组办公室", OrgKind.PROVINCE)
    w.office = f.org("河北省工业和信息化厅职称处", OrgKind.OFFICE, w.province)
    w.unit = f.org("河北电力设计院", OrgKind.UNIT, w.office)
    w.applicant = f.user(Role.APPLICANT, w.unit, name="张建国", username="zhangjianguo")
    w.hr = f.user(Role.UNIT_HR, w.unit, name="刘人事", username="hr1")
    w.campaign = f.campaign(w.unit, w.hr, year=timezone.localdate().year)
    w.app = f.fill_required(f.application(w.applicant, w.campaign))
    proofs(w.app)
    f.submitted(w.app, fill=False)
    return w


def test_hr_verifies_in_a_real_browser(page: Page, live_server, people):
    page.set_default_timeout(TIMEOUT)
    base = live_server.url
    app = people.app
    login(page, base, "hr1")
    page.goto(f"{base}/applications/{app.pk}/")
    page.locator("#verification-link").click()
    expect(page.get_by_role("heading", name="材料核实：张建国（工程技术 · 高级工程师）")).to_be_visible()
    expect(page.locator("img.preview")).to_have_count(1)
    expect(page.locator("iframe.preview")).to_have_count(2)  # a PDF proof and the work summary
    total = int(page.locator("#count-total").inner_text())

    # One mark, in place: the page is not reloaded (a marker set on the window survives).
    page.evaluate("window.zcMarker = 1")
    basic = page.locator("#item-basic-0")
    basic.get_by_role("button", name="已核（与原件一致）").click()
    expect(page.locator("#item-basic-0 .mark-verified")).to_have_text("✔ 已核，与原件一致")
    expect(page.locator("#count-verified")).to_have_text("1")
    assert page.evaluate("window.zcMarker") == 1

    # A problem needs its note; with it, it is listed at the top.
    edu = m.Education.objects.get(application=app)
    item = page.locator(f"#item-education-{edu.pk}")
    item.get_by_role("button", name="记录问题").click()
    expect(page.locator(f"#item-education-{edu.pk} .error")).to_contain_text("请填写问题说明")
    page.locator(f"#item-education-{edu.pk} textarea").fill("毕业证书编号与原件不一致")
    page.locator(f"#item-education-{edu.pk}").get_by_role("button", name="记录问题").click()
    expect(page.locator("#problem-list")).to_contain_text("毕业证书编号与原件不一致")
    expect(page.locator("#count-problems")).to_have_text("1")

    # The return form lists it, with the section preselected.
    page.locator("#return-button").click()
    expect(page.locator("#id_reason")).to_contain_text("毕业证书编号与原件不一致")
    expect(page.locator('input[name="sections"][value="education"]')).to_be_checked()
    page.go_back()

    # Every item verified (the rest through the service), then 核实通过 from the page.
    _v, items, _m = services.checklist(app)
    services.set_marks(people.hr, app, [{"section": i.section, "item_id": i.item_id, "status": "verified"}
                                        for i in items])
    page.reload()
    expect(page.locator("#count-verified")).to_have_text(str(total))
    page.once("dialog", lambda d: d.accept())
    # Below the previews: a click before the page settled was lost under load (a lazy image grew above the
    # button; its box is now fixed) — scroll it into view and let the previews load first.
    page.locator("#verify-button").scroll_into_view_if_needed()
    page.wait_for_load_state("networkidle")  # the previews scrolled past have loaded: nothing moves any more
    page.locator("#verify-button").click()
    expect(page.locator("#app-state")).to_have_text("单位核实通过")
    app.refresh_from_db()
    assert app.state == State.UNIT_VERIFIED
