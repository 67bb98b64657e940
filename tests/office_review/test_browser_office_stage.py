"""The office stage (§三) in a real browser (Chromium via Playwright) against the live server, each step taken
by its real user through the pages:

The office's reviewer fails 张建国's pre-review with two reasons of his own: ONE notice lists them with the
eligibility engine's failed conditions and a deadline. 张建国 corrects the reopened 基本信息; unit HR, refused a
resubmission of material that differs from the published one, records the 补充公示 and resubmits. The reviewer
passes him (with a justification: the engine still fails the factory's dossier), admits 王芳 of the paper batch
and passes her: her account is opened and the one-time password shown. 王芳 logs in with her ID number, is forced
to change the password and fills and submits her online application. 张建国 changes a field, sees it flagged
against the published material, is refused without confirming, confirms, submits, and cannot change anything
afterwards (no form, a POST refused). The reviewer passes the online review, records the paper dossier (received
complete, bound) and the fee, signs the 呈报意见 and forwards to the committee host; the transfer list downloads.

Only the start (a unit's online batch with 张建国 and its paper batch listing 王芳, both submitted to the office)
is reached through the services (tests/support/stage3_prereview.py); the fee rule, the routing row, the 组卷要求
and the eligibility conditions are data. The clock is fixed (ticking) at Monday 2026-11-23, 10:00 Beijing time.
"""

from __future__ import annotations

import datetime
import io
import json
from decimal import Decimal

import pytest
import time_machine
from playwright.sync_api import Browser, expect

from zhicheng.dossier import models as m
from zhicheng.office_review import prereview
from zhicheng.office_review.models import Endorsement, FeePayment, FeeRule, Forwarding, PaperDossier, Route
from zhicheng.orgs.models import User
from zhicheng.orgs.roles import OrgKind, Role
from zhicheng.workflow.states import State

from .. import factories as f
from ..dossier.test_browser import BASIC_INFO
from ..e2e.steps import Users, click, flash, reference_data, save_section
from ..support import stage3_prereview as s3

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TIMEOUT = 15_000
TODAY = datetime.date(2026, 11, 23)  # Monday; the online batch came on 11-09, the paper batch on 11-20
PAPER_ID = f.id_number(321, datetime.date(1980, 6, 1), female=True)
NEW_PASSWORD = "Hb-Shenbao-2026!"


def build():
    class W:
        pass

    reference_data()
    w = W()
    w.province = f.org("河北省职称改革领导小组办公室", OrgKind.PROVINCE)
    w.office = f.org("河北省工业和信息化厅职称处", OrgKind.OFFICE, w.province)
    w.unit = f.org("河北电力设计院", OrgKind.UNIT, w.office)
    w.host = f.org("河北省工程技术评委会组建单位", OrgKind.COMMITTEE_HOST, w.province)
    w.committee = f.org("河北省工程系列中级评委会", OrgKind.COMMITTEE, w.host)
    w.applicant = f.user(Role.APPLICANT, w.unit, name="张建国", username="zhangjianguo")
    w.hr = f.user(Role.UNIT_HR, w.unit, name="刘人事", username="hr1")
    w.leader = f.user(Role.UNIT_LEADER, w.unit, name="陈院长", username="leader1")
    w.office_reviewer = f.user(Role.OFFICE_REVIEWER, w.office, name="孙处长", username="sunchu")
    w.campaign = f.campaign(w.unit, w.hr, year=2026)
    w.app = f.submitted(f.application(w.applicant, w.campaign, "083"))  # 工程师（中级）: routed to the host
    w.sub, _ = s3.online_batch(w, [w.app])
    w.paper = s3.paper_batch(w, [("王芳", PAPER_ID, "083", "输变电工程")])
    FeeRule.objects.create(series=None, level="intermediate", amount=Decimal("300"))
    Route.objects.create(series=w.app.series, level="intermediate", host=w.host, committee=w.committee)
    return w


def test_the_office_stage_in_a_real_browser(browser: Browser, live_server, transactional_db, browser_context_args,
                                            tmp_path):
    base = live_server.url
    expect.set_options(timeout=TIMEOUT)
    with time_machine.travel(s3.at(TODAY), tick=True):
        w = build()
        users = Users(browser, base, browser_context_args)
        try:
            _office_stage(users, base, w, tmp_path)
        finally:
            users.close()
            expect.set_options(timeout=5_000)  # Playwright's default, for the other tests


def _office_stage(users: Users, base: str, w, tmp_path) -> None:
    app = w.app
    engine_failed = prereview.eligibility_report(app).failed  # the engine's answer on the factory's dossier
    assert engine_failed

    # §三(一) The reviewer finds the batch from the home page and fails 张建国: two reasons of his own.
    sun = users("sunchu")
    click(sun, sun.locator("#prereview-link"))
    expect(sun.get_by_role("heading", name="资格预审", exact=False).first).to_be_visible()
    click(sun, sun.locator(f'a[href="/office/prereview/batches/{w.sub.pk}/"]'))
    click(sun, sun.locator("#prereview-entries tr", has_text="张建国").get_by_role("link", name="预审"))
    expect(sun.get_by_role("heading", name="资格预审 — 张建国")).to_be_visible()
    expect(sun.locator("#state")).to_contain_text("单位已推荐上报")
    sun.locator('textarea[name="reason_0"]').fill("现从事专业技术岗位填写不规范，应与聘任文件一致。")
    sun.locator('input[name="sections_0"][value="basic"]').check()
    sun.locator('textarea[name="reason_1"]').fill("工作经历缺少起止时间的证明材料。")
    sun.locator('input[name="sections_1"][value="work"]').check()
    click(sun, sun.get_by_role("button", name="预审不通过（一次性告知）"))
    flash(sun, "已一次性告知预审不通过的全部原因，申报已退回补正。")
    expect(sun.locator("#state")).to_contain_text("预审未通过（一次性告知）")
    notices = sun.locator("#returns li")
    expect(notices).to_have_count(1)  # ONE notice, every reason in it
    notice = notices.first
    expect(notice).to_contain_text("补正期限2026年11月30日")
    expect(notice).to_contain_text("现从事专业技术岗位填写不规范")
    expect(notice).to_contain_text("工作经历缺少起止时间的证明材料")
    for r in engine_failed:
        expect(notice).to_contain_text(f"{r.label}：{r.detail}")
    (record,) = m.ReturnRecord.objects.filter(application=app)
    assert [i["source"] for i in record.items] == ["engine"] * len(engine_failed) + ["reviewer", "reviewer"]
    assert {"basic", "work"} <= set(record.sections)

    # 张建国 reads the notice and corrects the reopened 基本信息.
    zhang = users("zhangjianguo")
    zhang.goto(f"{base}/applications/{app.pk}/")
    expect(zhang.locator("#online-note")).to_contain_text("现从事专业技术岗位填写不规范")
    click(zhang, zhang.locator("#online-link"))
    expect(zhang.locator("#online-return")).to_contain_text("工作经历缺少起止时间的证明材料")
    click(zhang, zhang.locator("#online-sections").get_by_role("link", name="基本信息"))
    expect(zhang.get_by_role("heading", name="基本信息")).to_be_visible()
    zhang.get_by_label("现从事专业技术岗位 *", exact=True).fill("电气一次设计工程师")
    save_section(zhang, "基本信息")

    # Unit HR: the changed material was published, so a 补充公示 comes first; then 补正后重新报送.
    hr = users("hr1")
    hr.goto(f"{base}/applications/{app.pk}/")
    expect(hr.locator("#app-state")).to_have_text("预审未通过（一次性告知）")
    click(hr, hr.locator("#correction-link"))
    expect(hr.locator("#notice")).to_contain_text("现从事专业技术岗位填写不规范")
    click(hr, hr.get_by_role("button", name="补正后重新报送"))
    flash(hr, "补正后的材料与单位公示的内容不一致")
    expect(hr.locator("#state")).to_contain_text("预审未通过")
    form = hr.locator("#supplementary-form")
    form.get_by_label("补充公示开始日期").fill("2026-11-16")
    form.get_by_label("补充公示结束日期").fill("2026-11-20")
    form.get_by_label("补充公示扫描件").set_input_files(
        {"name": "补充公示.pdf", "mimeType": "application/pdf", "buffer": f.pdf_bytes("补充公示 张建国")})
    click(hr, form.get_by_role("button", name="登记补充公示"))
    flash(hr, "已登记补充公示。")
    expect(hr.locator("main")).to_contain_text("2026年11月16日—2026年11月20日")
    click(hr, hr.get_by_role("button", name="补正后重新报送"))
    flash(hr, "已补正并重新报送主管部门。")
    expect(hr.locator("#state")).to_contain_text("单位已推荐上报")

    # The reviewer passes 张建国: the engine still fails the factory's dossier, so with a justification.
    sun.reload()
    expect(sun.locator("#returns li").first).to_contain_text("已于")  # the notice, corrected
    click(sun, sun.get_by_role("button", name="预审通过"))
    flash(sun, "申报条件核对未通过")
    sun.locator('#pass-form textarea[name="justification"]').fill("经核实聘任文件原件，任职资历符合逐级晋升要求。")
    click(sun, sun.locator("#pass-form").get_by_role("button", name="预审通过"))
    flash(sun, "预审通过，已开放网上申报并通知申报人。")
    expect(sun.locator("#state")).to_contain_text("预审通过（网上申报中）")

    # The paper batch: 王芳 admitted, passed, her account opened; the one-time password read from the page.
    sun.goto(f"{base}/office/prereview/")
    click(sun, sun.locator(f'a[href="/office/prereview/batches/{w.paper.pk}/"]'))
    expect(sun.locator("#prereview-entries")).not_to_contain_text(PAPER_ID)
    click(sun, sun.locator("#prereview-entries tr", has_text="王芳").get_by_role("button", name="受理并预审"))
    expect(sun.get_by_role("heading", name="资格预审 — 王芳")).to_be_visible()
    expect(sun.locator("#paper-path")).to_be_visible()
    sun.locator('#pass-form input[name="phone"]').fill("13912345678")
    click(sun, sun.locator("#pass-form").get_by_role("button", name="预审通过"))
    expect(sun.get_by_role("heading", name="预审通过 — 已开通申报账号")).to_be_visible()
    password = sun.locator("#initial-password").inner_text().strip()
    assert password and PAPER_ID not in sun.content()
    wang_app = m.Application.objects.get(applicant__id_number=PAPER_ID)

    # 王芳 logs in with her ID number and the initial password, and must change it first.
    wang = users.new_page()
    users.pages["wangfang"] = wang
    wang.goto(f"{base}/login/")
    wang.get_by_label("身份证号或用户名").fill(PAPER_ID)
    wang.get_by_label("密码").fill(password)
    click(wang, wang.get_by_role("button", name="登录"))
    expect(wang.locator("main")).to_contain_text("首次登录须修改初始密码后才能继续使用。")
    wang.goto(f"{base}/applications/{wang_app.pk}/")  # anything else: back to the password change
    expect(wang.get_by_role("heading", name="修改密码")).to_be_visible()
    wang.locator("#id_old_password").fill(password)
    wang.locator("#id_new_password1").fill(NEW_PASSWORD)
    wang.locator("#id_new_password2").fill(NEW_PASSWORD)
    click(wang, wang.get_by_role("button", name="保存"))
    flash(wang, "密码已修改。")
    assert not User.objects.get(id_number=PAPER_ID).must_change_password

    # She fills her online application (基本信息 on its page, the other sections as the factories fill them)
    # and submits it: a paper-path dossier has no published material to compare with.
    click(wang, wang.get_by_role("link", name="工程师", exact=True))
    expect(wang.locator("#online-note")).to_contain_text("资格预审已通过，请进行网上申报。")
    click(wang, wang.locator("#online-link"))
    click(wang, wang.locator("#online-sections").get_by_role("link", name="基本信息"))
    for label, value in BASIC_INFO:
        wang.get_by_label(label, exact=True).fill(value)
    save_section(wang, "基本信息")
    f.fill_required(wang_app, skip={"basic"})
    wang.goto(f"{base}/office/online/apply/{wang_app.pk}/")
    expect(wang.locator("#online-missing")).to_have_count(0)
    expect(wang.locator("#diff-paper")).to_be_visible()
    click(wang, wang.locator("#online-submit"))
    flash(wang, "网上申报已提交")
    expect(wang.locator("#app-state")).to_have_text("网上已申报（待网上审核）")

    # §三(二) 张建国 changes 工作部门: the difference from the published material is flagged before submitting.
    zhang.goto(f"{base}/applications/{app.pk}/")
    expect(zhang.locator("#online-note")).to_contain_text("资格预审已通过")
    click(zhang, zhang.locator("#online-link"))
    click(zhang, zhang.locator("#online-sections").get_by_role("link", name="基本信息"))
    zhang.get_by_label("工作部门 *", exact=True).fill("电气一次设计部")
    save_section(zhang, "基本信息")
    zhang.goto(f"{base}/office/online/apply/{app.pk}/")
    row = zhang.locator("#diff tr.diff-row", has_text="工作部门")
    expect(row).to_contain_text("设计部")
    expect(row).to_contain_text("电气一次设计部")
    expect(zhang.locator("#diff-count")).to_be_visible()
    click(zhang, zhang.locator("#online-submit"))  # not confirmed: refused, with the reason
    flash(zhang, "请逐项核对")
    expect(zhang.locator("#app-state")).to_have_text("预审通过（网上申报中）")
    zhang.locator("#confirm-changes").check()
    click(zhang, zhang.locator("#online-submit"))
    flash(zhang, "网上申报已提交，材料已锁定")
    expect(zhang.locator("#online-locked")).to_contain_text("任何方式都不能修改")
    expect(zhang.locator("#online-submit")).to_have_count(0)
    # … and cannot change it: no form on the section, and a forged POST is refused.
    zhang.goto(f"{base}/applications/{app.pk}/s/basic/")
    expect(zhang.get_by_role("button", name="保存", exact=True)).to_have_count(0)
    token = json.loads(zhang.locator("body").get_attribute("hx-headers"))["X-CSRFToken"]
    refused = zhang.request.post(f"{base}/applications/{app.pk}/s/basic/", headers={"X-CSRFToken": token},
                                 form={"department": "篡改部门", "csrfmiddlewaretoken": token})
    assert refused.status == 403, refused.status
    assert m.BasicInfo.objects.get(application=app).department == "电气一次设计部"

    # §三(三) The reviewer passes the online review (the confirmed differences shown) …
    sun.goto(f"{base}/")
    click(sun, sun.locator("#online-queue-link"))
    click(sun, sun.locator("#online-queue").get_by_role("link", name="张建国"))
    expect(sun.locator("#diff-confirmed")).to_contain_text("申报人提交时已确认")
    expect(sun.locator("#diff tr.diff-row", has_text="工作部门")).to_contain_text("电气一次设计部")
    click(sun, sun.locator("#online-pass"))
    flash(sun, "已网上审核通过。")
    click(sun, sun.get_by_role("link", name="网上审核通过（待交卷）"))
    click(sun, sun.locator("#online-queue").get_by_role("link", name="张建国"))
    expect(sun.locator("#app-state")).to_have_text("网上审核通过（待交卷）")
    click(sun, sun.locator("#handin-link"))

    # … records the paper dossier (received complete, then bound) and the fee, and signs the 呈报意见 …
    expect(sun.get_by_role("heading", name="交卷审查 — 张建国")).to_be_visible()
    expect(sun.locator("#endorse-problems")).to_contain_text("纸质材料尚未接收。")
    sun.wait_for_load_state("domcontentloaded")  # every box parsed before they are counted
    boxes = sun.locator('#paper input[name="items"]')
    for i in range(boxes.count()):
        boxes.nth(i).check()
    click(sun, sun.locator("#record-paper"))
    flash(sun, "纸质材料已登记。")
    expect(sun.locator("#paper")).to_contain_text("材料齐全")
    click(sun, sun.locator("#bind-paper"))
    flash(sun, "已登记胶装。")
    expect(sun.locator("#bound")).to_have_text("已胶装")
    expect(sun.locator("#fee")).to_contain_text("标准：300")
    sun.locator('#fee input[name="receipt_no"]').fill("PJ2026-0088")
    click(sun, sun.locator("#record-fee"))
    flash(sun, "评审费已登记。")
    expect(sun.locator("#fee-paid")).to_contain_text("票据号 PJ2026-0088")
    expect(sun.locator("#endorse-problems")).to_have_count(0)
    click(sun, sun.locator("#endorse"))
    flash(sun, "呈报意见已签署。")
    expect(sun.locator("#state")).to_have_text("已签署呈报意见（待报送）")
    expect(sun.locator("#endorsement")).to_contain_text("签名：孙处长")

    # … and forwards it to the committee host; the transfer list downloads.
    click(sun, sun.get_by_role("link", name="审核报送"))
    group = sun.locator("section.group", has_text="河北省工程技术评委会组建单位")
    expect(group).to_contain_text("张建国")
    click(sun, group.get_by_role("button", name="报送（1份）"))
    flash(sun, "已报送河北省工程技术评委会组建单位，共1份。")
    expect(sun.locator("#entries")).to_contain_text("张建国")
    assert w.applicant.id_number not in sun.content()
    with sun.expect_download() as info:
        click(sun, sun.get_by_role("link", name="移交清单（XLSX）"))
    path = tmp_path / "transfer.xlsx"
    info.value.save_as(path)
    from openpyxl import load_workbook

    cells = [str(c) for r in load_workbook(io.BytesIO(path.read_bytes())).active.iter_rows(values_only=True)
             for c in r if c is not None]
    assert "张建国" in cells and "河北电力设计院" in cells and w.applicant.id_number not in cells

    # The end state: forwarded to the host; the records kept; 王芳 waits for her own online review.
    app.refresh_from_db()
    wang_app.refresh_from_db()
    assert (app.state, wang_app.state) == (State.HOST_REVIEW, State.ONLINE_SUBMITTED)
    paper = PaperDossier.objects.get(application=app)
    assert paper.complete and paper.bound_at is not None
    assert FeePayment.objects.get(application=app).amount == Decimal("300")
    assert Endorsement.objects.get(application=app).signer_name == "孙处长"
    batch = Forwarding.objects.get()
    assert (batch.to_org, batch.kind, list(batch.entries.values_list("application", flat=True))) == (
        w.host, "host", [app.pk])
