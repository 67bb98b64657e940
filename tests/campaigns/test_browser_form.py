"""The campaign form in a real browser (Chromium): a stage overlapping the one before is refused beside its
row with the chosen titles still checked; 发布 asks for confirmation, and dismissing it publishes nothing."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from zhicheng.campaigns.models import Campaign
from zhicheng.codes.models import Title
from zhicheng.orgs.roles import OrgKind, Role

from .. import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TIMEOUT = 15_000


@pytest.fixture
def unit_hr(transactional_db):
    f.ensure_code_tables()
    province = f.org("河北省职称改革领导小组办公室", OrgKind.PROVINCE)
    office = f.org("河北省工业和信息化厅职称处", OrgKind.OFFICE, province)
    unit = f.org("河北电力设计院", OrgKind.UNIT, office)
    hr = f.user(Role.UNIT_HR, unit, name="刘人事", username="hr1")
    f.user(Role.UNIT_LEADER, unit, name="陈院长")
    return hr


def login(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.get_by_label("身份证号或用户名").fill(username)
    page.get_by_label("密码").fill(f.PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(f"{base}/")


def test_overlap_shown_beside_its_row_then_publish_asks_first(page: Page, live_server, unit_hr):
    page.set_default_timeout(TIMEOUT)
    base = live_server.url
    login(page, base, "hr1")
    page.goto(f"{base}/campaigns/new/")
    senior = Title.objects.get(code="082")
    page.locator("details", has=page.locator(f'input[name="titles"][value="{senior.pk}"]')).locator("summary").click()
    page.locator(f'input[name="titles"][value="{senior.pk}"]').check()
    page.locator("#id_application_start").fill("2026-11-02")
    page.locator("#id_application_days").fill("5")
    page.locator("#id_notice_start").fill("2026-11-06")  # the application stage's last day
    page.locator("#id_notice_days").fill("5")
    page.get_by_role("button", name="保存").click()

    row = page.locator("#stage-notice")
    expect(row).to_contain_text("须在上一阶段“个人申报”截止（2026年11月6日）之后开始")
    expect(page.locator("#stage-application")).not_to_contain_text("之后开始")
    expect(page.locator(f'input[name="titles"][value="{senior.pk}"]')).to_be_checked()
    expect(page.locator(f'input[name="titles"][value="{senior.pk}"]')).to_be_visible()  # its series stays open

    page.locator("#id_notice_start").fill("2026-11-09")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".messages")).to_contain_text("年度申报已保存")
    campaign = Campaign.objects.get(unit__name="河北电力设计院")

    asked = []

    def dismiss(dialog):
        asked.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.locator("#step-publish").click()
    expect(page.locator("#step-publish")).to_be_visible()
    assert asked == ["发布后本单位人员即可看到并开始申报。确认发布？"]
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.DRAFT

    page.once("dialog", lambda d: d.accept())
    page.locator("#step-publish").click()
    expect(page.locator(".messages")).to_contain_text("已发布")
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.OPEN
    expect(page).to_have_url(re.compile(rf"/campaigns/{campaign.pk}/$"))
