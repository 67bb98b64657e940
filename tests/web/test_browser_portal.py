"""Portal UX in a real browser (issue 6 §5): uploads checked before sending with a progress bar and the
button disabled meanwhile; print pages' 打印/返回 buttons and 草稿 watermark; focus on the error summary;
the skip link; list tables as stacked cards on a phone; 通知公告 from the login page; the receipt."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from zhicheng.dossier import models as m
from zhicheng.orgs.roles import OrgKind, Role

from .. import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

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
    w.campaign = f.campaign(w.unit, w.hr)
    w.app = f.application(w.applicant, w.campaign)
    return w


def login(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.get_by_label("身份证号或用户名").fill(username)
    page.get_by_label("密码").fill(f.PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(f"{base}/")


def test_upload_checked_in_browser_with_progress_and_disabled_button(page: Page, live_server, people, tmp_path):
    page.set_default_timeout(TIMEOUT)
    base = live_server.url
    login(page, base, "zhangjianguo")
    page.goto(f"{base}/applications/{people.app.pk}/s/attachments/")
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.url) if r.method == "POST" and "/upload/" in r.url else None)
    button = page.get_by_role("button", name="上传", exact=True)
    error = page.locator(".upload-error")

    button.click()  # nothing chosen
    expect(error).to_have_text("请选择要上传的文件。")

    text = tmp_path / "说明.docx"
    text.write_bytes(b"PK\x03\x04 not allowed")
    page.locator("#up-file-attachments").set_input_files(text)
    expect(error).to_have_text("此处只接受 PDF、JPG、PNG 格式的文件，请重新选择。")  # shown on choosing
    button.click()
    expect(error).to_contain_text("只接受 PDF、JPG、PNG")

    big = tmp_path / "全部证书扫描件.pdf"
    big.write_bytes(f.pdf_bytes("扫描件") + b"\n%" + b"0" * (11 * 1024 * 1024))
    page.locator("#up-file-attachments").set_input_files(big)
    button.click()
    expect(error).to_have_text("文件大小为 11 MB，超过单个文件 10 MB 的上限。请将材料拆分为多个文件后分别上传。")
    assert sent == []  # refused before anything was sent

    proof = tmp_path / "学位证书.pdf"
    proof.write_bytes(f.pdf_bytes("河北工业大学 学士学位证书 张建国"))
    page.locator("#up-file-attachments").set_input_files(proof)
    expect(error).to_be_empty()
    held = []
    page.route("**/upload/", lambda route: held.append(route))  # hold the request to see the page meanwhile
    button.click()
    progress = page.locator("progress.upload-progress")
    expect(progress).to_be_visible()
    expect(page.get_by_role("button", name="上传中…")).to_be_disabled()
    page.wait_for_function("() => true")
    assert len(held) == 1 and len(sent) == 1
    held[0].continue_()
    expect(page.locator(".messages")).to_contain_text("文件已上传。")
    expect(page.locator("table.list tbody tr").first).to_contain_text("学位证书.pdf")
    assert m.Attachment.objects.filter(application=people.app).count() == 1


def test_summary_upload_only_pdf_in_browser(page: Page, live_server, people, tmp_path):
    page.set_default_timeout(TIMEOUT)
    base = live_server.url
    login(page, base, "zhangjianguo")
    page.goto(f"{base}/applications/{people.app.pk}/s/summary/")
    expect(page.locator("#summary-rule")).to_contain_text("600–1000 字（约 800 字）")
    png = tmp_path / "总结.png"
    png.write_bytes(f.png_bytes())
    page.locator("#id_file").set_input_files(png)
    expect(page.locator(".upload-error")).to_have_text("此处只接受 PDF 格式的文件，请重新选择。")


def test_print_page_buttons_and_draft_watermark(page: Page, live_server, people):
    page.set_default_timeout(TIMEOUT)
    base = live_server.url
    page.add_init_script("window.print = function () { window.__printed = (window.__printed || 0) + 1; };")
    login(page, base, "zhangjianguo")
    detail = f"{base}/applications/{people.app.pk}/"
    page.goto(detail)
    page.get_by_role("link", name="情况一览表（打印）").click()
    expect(page.locator("#draft-watermark")).to_have_text("草稿")
    page.get_by_role("button", name="打印").click()
    assert page.evaluate("window.__printed") == 1
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="打印")).to_be_hidden()  # the buttons are not printed
    expect(page.locator("#draft-watermark")).to_be_visible()  # the watermark is
    page.emulate_media(media="screen")
    page.get_by_role("link", name="返回").click()
    expect(page).to_have_url(detail)

    f.submitted(people.app)
    page.goto(f"{detail}doc/review_form.html")
    expect(page.get_by_role("button", name="打印")).to_be_visible()
    expect(page.locator("#draft-watermark")).to_have_count(0)

    page.goto(detail)  # the receipt of the submission
    page.get_by_role("link", name="回执（打印）").click()
    serial = people.app.versions.get().serial
    expect(page.locator("#receipt-serial")).to_have_text(serial)
    page.get_by_role("button", name="打印").click()
    assert page.evaluate("window.__printed") == 1
    page.emulate_media(media="print")
    expect(page.locator("header.top")).to_be_hidden()
    page.emulate_media(media="screen")
    page.get_by_role("link", name="返回").click()
    expect(page).to_have_url(detail)
    expect(page.locator("#timeline")).to_contain_text("提交单位审核")


def test_focus_moves_to_error_summary_and_skip_link(page: Page, live_server, people):
    page.set_default_timeout(TIMEOUT)
    base = live_server.url
    page.goto(f"{base}/notices/")  # a page without an autofocus field
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="跳到主要内容")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
    expect(page.locator("main")).to_be_focused()

    login(page, base, "zhangjianguo")
    page.goto(f"{base}/applications/{people.app.pk}/s/education/")
    page.get_by_label("毕业院校 *").fill("某大学")
    page.get_by_role("button", name="保存").click()
    summary = page.locator("#form-errors")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("请填写所学专业。")


def test_list_tables_become_stacked_cards_on_a_phone(page: Page, live_server, people):
    page.set_default_timeout(TIMEOUT)
    base = live_server.url
    f.submitted(people.app)
    login(page, base, "hr1")
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"{base}/applications/")
    cell = page.locator("#application-table tbody tr").first.locator("td").first
    expect(cell).to_have_attribute("data-label", "申报人")
    assert cell.evaluate("td => getComputedStyle(td).display") == "block"
    assert cell.evaluate("td => getComputedStyle(td, '::before').content") == '"申报人："'
    width = page.locator("#application-table").evaluate("t => t.getBoundingClientRect().width")
    assert width <= 375  # no sideways scrolling
    page.set_viewport_size({"width": 1280, "height": 900})
    assert cell.evaluate("td => getComputedStyle(td).display") == "table-cell"


def test_notices_reachable_from_login_page_without_account(page: Page, live_server, people):
    from zhicheng.notices.services import publish

    page.set_default_timeout(TIMEOUT)
    publish(people.hr, publisher=people.unit, title="关于2026年度职称申报的通知", body="第一条。\n第二条。")
    page.goto(f"{live_server.url}/login/")
    page.get_by_role("link", name="通知公告与政策文件").click()
    expect(page.get_by_role("heading", name="通知公告", exact=True)).to_be_visible()
    page.get_by_role("link", name="关于2026年度职称申报的通知").click()
    expect(page.locator(".notice-body")).to_have_text("第一条。\n第二条。")
    page.get_by_role("link", name="← 返回通知公告").click()
    page.get_by_role("link", name=people.campaign.name).click()
    expect(page.locator("#campaign-conditions")).to_contain_text("按河北省相应系列评审条件执行。")
