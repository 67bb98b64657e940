"""The applicant's whole round trip in a real browser (Chromium via Playwright) against a live server.

Log in through the real form, fill two sections, reload mid-typing and find the autosaved text, upload a
proof and be refused an 11 MB file, submit (confirm dialog) and find the dossier locked; unit HR returns it
with a reason for one section; the applicant changes only that section and resubmits.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from zhicheng.dossier import models as m
from zhicheng.orgs.roles import OrgKind, Role
from zhicheng.workflow.states import State

from .. import factories as f

pytestmark = [
    pytest.mark.browser,
    pytest.mark.dates,  # the campaign and its assessment years follow today (CI also runs it on other days)
    # The live server runs in another thread, so the data must be committed.
    pytest.mark.django_db(transaction=True),
]

TIMEOUT = 15_000
BASIC_INFO = [
    ("民族 *", "汉族"), ("政治面貌", "中共党员"), ("工作部门 *", "电气设计部"),
    ("现从事专业技术岗位 *", "电气工程师"), ("参加工作时间 *", "2008-07-01"),
    ("从事专业技术工作时间 *", "2008-07-01"), ("电子邮箱", "zhangjg@example.cn"),
]


@pytest.fixture
def people(transactional_db):
    """Just what the flow needs, committed: a unit with an applicant, its HR, an open campaign, a draft."""

    class W:
        pass

    f.ensure_code_tables()
    w = W()
    w.province = f.org("河北省职称改革领导小组办公室", OrgKind.PROVINCE)
    w.office = f.org("河北省工业和信息化厅职称处", OrgKind.OFFICE, w.province)
    w.unit = f.org("河北电力设计院", OrgKind.UNIT, w.office)
    w.applicant = f.user(Role.APPLICANT, w.unit, name="张建国", username="zhangjianguo")
    w.hr = f.user(Role.UNIT_HR, w.unit, name="刘人事", username="hr1")
    # This year's campaign: fill_required enters the five assessment years before it, all in the past on
    # any day (on 1 January 2027 a 2027 campaign wants 2022–2026).
    w.campaign = f.campaign(w.unit, w.hr, year=timezone.localdate().year)
    w.app = f.application(w.applicant, w.campaign)
    return w


def login(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    expect(page.get_by_role("heading", name="用户登录")).to_be_visible()
    page.get_by_label("身份证号或用户名").fill(username)
    page.get_by_label("密码").fill(f.PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(f"{base}/")
    expect(page.get_by_role("button", name="退出")).to_be_visible()


def logout(page: Page, base: str) -> None:
    page.get_by_role("button", name="退出").click()
    expect(page).to_have_url(re.compile(re.escape(f"{base}/login/")))


def draft_post_with(name: str, value: str):
    """Matches the autosave POST whose body carries `name=value` (not an earlier, partial one)."""

    def match(response) -> bool:
        if "/draft/" not in response.url or response.request.method != "POST":
            return False
        return parse_qs(response.request.post_data or "").get(name, [None])[0] == value

    return match


def fill_then_autosave(page: Page, fills: list[tuple[str, str]]) -> None:
    """Type into fields; return once the debounced autosave of the last change has been stored."""
    *first, (label, value) = fills
    for lab, val in first:
        page.get_by_label(lab, exact=True).fill(val)
    field = page.get_by_label(label, exact=True)
    with page.expect_response(draft_post_with(field.get_attribute("name"), value), timeout=TIMEOUT) as info:
        field.fill(value)
    assert info.value.ok, info.value.status
    expect(page.locator(".autosave")).to_contain_text("已自动保存草稿")


def save(page: Page, label: str) -> None:
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".messages")).to_contain_text(f"“{label}”已保存。")


def test_applicant_round_trip_in_a_real_browser(page: Page, browser: Browser, live_server, people, tmp_path):
    page.set_default_timeout(TIMEOUT)
    base = live_server.url
    app = people.app
    dossier = f"{base}/applications/{app.pk}/"
    section = f"{dossier}s/"

    # 1. The applicant logs in through the real form (django-axes backend included).
    login(page, base, "zhangjianguo")

    # 2. 基本信息: fill and save.
    page.goto(f"{section}basic/")
    expect(page.get_by_role("heading", name="基本信息")).to_be_visible()
    fill_then_autosave(page, BASIC_INFO)
    save(page, "基本信息")
    page.goto(f"{section}basic/")  # opened afresh, the saved values are in the form
    expect(page.get_by_label("工作部门 *", exact=True)).to_have_value("电气设计部")
    expect(page.get_by_label("参加工作时间 *", exact=True)).to_have_value("2008-07-01")
    expect(page.locator("#draft-note")).to_have_count(0)

    # 3. 任现职以来主要业绩: type without saving, let autosave store it, reload — the text is still there.
    page.goto(f"{section}achievement/")
    expect(page.get_by_role("heading", name="任现职以来主要业绩")).to_be_visible()
    typed = "主持完成某220kV变电站电气一次设计，获院优秀设计一等奖。"
    box = page.get_by_label("任现职以来主要业绩 *", exact=True)
    box.click()
    with page.expect_response(draft_post_with("content", typed[:20]), timeout=TIMEOUT) as info:
        box.press_sequentially(typed[:20])
    assert info.value.ok
    with page.expect_response(draft_post_with("content", typed), timeout=TIMEOUT) as info:
        box.press_sequentially(typed[20:])
    assert info.value.ok
    # Forget the browser's own copy: what comes back must come from the server draft.
    page.evaluate("localStorage.clear()")
    page.reload()
    expect(page.locator("#draft-note")).to_contain_text("已恢复自动保存的未保存内容")
    expect(page.get_by_label("任现职以来主要业绩 *", exact=True)).to_have_value(typed)
    assert not m.Achievement.objects.filter(application=app).exists()
    save(page, "任现职以来主要业绩")
    expect(page.locator("#draft-note")).to_have_count(0)
    assert m.Achievement.objects.get(application=app).content == typed

    # 4. A proof upload is listed; an 11 MB file is refused with a message telling to split it.
    page.goto(f"{section}attachments/")
    expect(page.get_by_role("heading", name="附件（证明材料）")).to_be_visible()
    proof = tmp_path / "学位证书.pdf"
    proof.write_bytes(f.pdf_bytes("河北工业大学 学士学位证书 张建国"))
    page.locator("#up-file-attachments").set_input_files(proof)
    page.get_by_label("说明", exact=True).fill("学士学位证书")
    page.get_by_role("button", name="上传", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("文件已上传。")
    rows = page.locator("table.list tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("学位证书.pdf")
    expect(rows.first).to_contain_text("学士学位证书")

    big = tmp_path / "全部证书扫描件.pdf"
    big.write_bytes(f.pdf_bytes("扫描件") + b"\n%" + b"0" * (11 * 1024 * 1024))
    page.locator("#up-file-attachments").set_input_files(big)
    page.get_by_role("button", name="上传", exact=True).click()
    error = page.locator(".upload-error")  # checked in the browser before sending (web/upload.js)
    expect(error).to_contain_text("超过单个文件 10 MB 的上限")
    expect(error).to_contain_text("拆分")
    expect(rows).to_have_count(1)
    expect(page.get_by_text("全部证书扫描件.pdf")).to_have_count(0)

    # 5. The remaining required sections (filled directly, as factories do), then submit through the confirm dialog.
    f.fill_required(app, skip={"basic", "achievement"})
    page.goto(dossier)
    expect(page.locator("#app-state")).to_have_text("填写中")
    expect(page.locator("#missing")).to_have_count(0)
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="提交单位审核").click()
    expect(page.locator(".messages")).to_contain_text("已提交单位审核")
    expect(page.locator("#app-state")).to_have_text("待单位审核")
    expect(page.locator("#locked-note")).to_contain_text("锁定")
    expect(page.get_by_role("button", name="提交单位审核")).to_have_count(0)
    page.goto(f"{section}achievement/")
    expect(page.locator("#locked-note")).to_contain_text("锁定")
    expect(page.get_by_role("button", name="保存")).to_have_count(0)
    expect(page.get_by_text(typed)).to_be_visible()
    logout(page, base)

    # 6. Unit HR, in a separate browser context, returns it: a reason and one section to reopen.
    reason = "任现职以来主要业绩未写明本人在项目中的具体角色和技术贡献，请补充。"
    hr_context = browser.new_context(locale="zh-CN")
    try:
        hr = hr_context.new_page()
        hr.set_default_timeout(TIMEOUT)
        login(hr, base, "hr1")
        hr.goto(dossier)
        expect(hr.locator("#app-state")).to_have_text("待单位审核")
        hr.get_by_role("link", name="退回修改").click()
        expect(hr.get_by_role("heading", name=re.compile("退回修改：张建国"))).to_be_visible()
        hr.get_by_label("退回原因（一次性告知全部问题）").fill(reason)
        hr.get_by_label("任现职以来主要业绩", exact=True).check()
        hr.get_by_role("button", name="确认退回修改").click()
        expect(hr.locator(".messages")).to_contain_text("已退回修改。")
        expect(hr.locator("#app-state")).to_have_text("已退回修改")
    finally:
        hr_context.close()

    # 7. The applicant logs in again, reads the reason, changes only that section and resubmits.
    login(page, base, "zhangjianguo")
    page.goto(dossier)
    expect(page.locator("#app-state")).to_have_text("已退回修改")
    note = page.locator("#return-reason")
    expect(note).to_contain_text(reason)
    expect(note).to_contain_text("可修改的部分：任现职以来主要业绩")
    page.screenshot(path="/tmp/zc_browser.png", full_page=True)

    page.goto(f"{section}basic/")  # not reopened: still locked
    expect(page.locator("#locked-note")).to_contain_text("只能修改单位退回时指定的部分")
    expect(page.get_by_role("button", name="保存")).to_have_count(0)

    page.goto(f"{section}achievement/")
    revised = typed + "本人任项目负责人，负责主接线与短路电流计算。"
    fill_then_autosave(page, [("任现职以来主要业绩 *", revised)])
    save(page, "任现职以来主要业绩")
    page.goto(f"{section}achievement/")
    expect(page.get_by_label("任现职以来主要业绩 *", exact=True)).to_have_value(revised)
    expect(page.locator("#draft-note")).to_have_count(0)

    page.goto(dossier)
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="提交单位审核").click()
    expect(page.locator(".messages")).to_contain_text("已提交单位审核")
    expect(page.locator("#app-state")).to_have_text("待单位审核")
    expect(page.locator("#locked-note")).to_contain_text("锁定")
    expect(page.get_by_text(re.compile("^第2版 · "))).to_be_visible()

    # The version comparison shows the one change.
    page.get_by_role("link", name="比较版本差异").click()
    diff = page.locator("#diff tbody tr")
    expect(diff).to_have_count(1)
    expect(diff.first).to_contain_text("任现职以来主要业绩")
    expect(diff.first).to_contain_text("本人任项目负责人")

    app.refresh_from_db()
    assert app.state == State.SUBMITTED
    assert m.Achievement.objects.get(application=app).content == revised
    assert m.BasicInfo.objects.get(application=app).department == "电气设计部"
    assert m.Attachment.objects.filter(application=app).count() == 1
    assert app.versions.count() == 2


def test_saved_single_section_shows_what_was_saved(page: Page, live_server, people):
    page.set_default_timeout(TIMEOUT)
    base = live_server.url
    login(page, base, "zhangjianguo")
    page.goto(f"{base}/applications/{people.app.pk}/s/basic/")
    fill_then_autosave(page, BASIC_INFO)
    save(page, "基本信息")
    expect(page.get_by_label("工作部门 *", exact=True)).to_have_value("电气设计部", timeout=1000)
    fill_then_autosave(page, [("工作部门 *", "输电线路设计部")])
    save(page, "基本信息")
    expect(page.get_by_label("工作部门 *", exact=True)).to_have_value("输电线路设计部", timeout=1000)
