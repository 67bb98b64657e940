"""What users of a provincial 人社 service expect on the dossier pages (issue 6 §5): print pages with
打印/返回 and a 草稿 watermark until submitted, the return reason with its line breaks, missing items
listed once, the work-summary rule before upload, Chinese messages only."""

import re

from django.core.files.uploadedfile import SimpleUploadedFile

from .. import factories as f


def _get(client, url):
    r = client.get(url)
    assert r.status_code == 200, url
    return r.content.decode()


def _messages(response) -> list[str]:
    """The messages the page shows (the section page is a Jinja2 page: no Django template context to read)."""
    shown = re.search(r'<ul class="messages" role="status">(.*?)</ul>', response.content.decode(), re.S)
    return re.findall(r"<li[^>]*>(.*?)</li>", shown.group(1), re.S) if shown else []


def test_print_pages_have_print_and_back_buttons(client, world):
    client.force_login(world.applicant)
    for doc in ("roster", "review_form"):
        body = _get(client, f"/applications/{world.app.pk}/doc/{doc}.html")
        assert re.search(r"<button[^>]*data-print[^>]*>打印</button>", body)
        assert f'<a href="/applications/{world.app.pk}/" data-back>返回</a>' in body
        assert '<script src="/static/web/ui.js" defer></script>' in body


def test_unsubmitted_form_prints_with_draft_watermark(client, world):
    client.force_login(world.applicant)
    for doc in ("roster", "review_form"):
        assert 'id="draft-watermark"' in _get(client, f"/applications/{world.app.pk}/doc/{doc}.html")
    f.submitted(world.app)
    for doc in ("roster", "review_form"):
        assert 'id="draft-watermark"' not in _get(client, f"/applications/{world.app.pk}/doc/{doc}.html")
    f.returned(world.app, world.hr)  # being corrected: the printed content is not the submitted version
    assert 'id="draft-watermark"' in _get(client, f"/applications/{world.app.pk}/doc/roster.html")


def test_return_reason_keeps_its_line_breaks(client, world):
    f.submitted(world.app)
    f.returned(world.app, world.hr, reason="一、业绩过于简略；\n二、缺少学位证书。")
    client.force_login(world.applicant)
    body = _get(client, f"/applications/{world.app.pk}/")
    assert '<div class="prewrap" id="return-reason-text">一、业绩过于简略；\n二、缺少学位证书。</div>' in body
    assert ".prewrap { white-space: pre-wrap; }" in open(  # noqa: SIM115 - a one-line read
        "src/zhicheng/web/static/web/site.css", encoding="utf-8").read()


def test_missing_items_are_listed_once(client, world):
    client.force_login(world.applicant)
    body = _get(client, f"/applications/{world.app.pk}/")
    missing = re.search(r'<ul class="errorlist" id="missing">(.*?)</ul>', body, re.S).group(1)
    assert missing.count("<li>") == 8 and "共8项" in body
    assert body.count("“基本信息”尚未填写") == 1
    assert "必填，未填写" not in body  # the section cards no longer repeat each one as an error
    assert body.count('class="errorlist"') == 1


def test_summary_rule_is_shown_before_upload(client, world):
    client.force_login(world.applicant)
    body = _get(client, f"/applications/{world.app.pk}/s/summary/")
    rule = re.search(r'<p class="help" id="summary-rule">(.*?)</p>', body).group(1)
    assert "PDF" in rule and "600–1000 字" in rule and "约 800 字" in rule and "10MB" in rule
    assert "JPG" not in rule and "PNG" not in rule
    assert 'data-types="pdf"' in body and 'data-max-bytes="10485760"' in body


def test_summary_errors_mention_only_pdf(client, world):
    client.force_login(world.applicant)
    url = f"/applications/{world.app.pk}/s/summary/upload/"
    r = client.post(url, {"file": SimpleUploadedFile("总结.png", f.png_bytes())}, follow=True)
    msg = _messages(r)
    assert len(msg) == 1 and "只接受 PDF 格式" in msg[0]
    assert "JPG" not in msg[0]
    r = client.post(url, {"file": SimpleUploadedFile("总结.pdf", f.pdf_bytes(f.summary_text(300)))}, follow=True)
    msg = _messages(r)
    assert len(msg) == 1 and "要求600–1000字" in msg[0] and "JPG" not in msg[0] and "PNG" not in msg[0]


def test_upload_answers_the_progress_upload_with_the_next_address(client, world):
    client.force_login(world.applicant)
    url = f"/applications/{world.app.pk}/s/attachments/upload/"
    r = client.post(url, {"file": SimpleUploadedFile("证书.png", f.png_bytes())}, HTTP_X_UPLOAD="progress")
    assert r.status_code == 200
    assert r.json() == {"url": f"/applications/{world.app.pk}/s/attachments/"}
    page = client.get(r.json()["url"]).content.decode()
    assert "文件已上传。" in page and "证书.png" in page
    r = client.post(url, {}, HTTP_X_UPLOAD="progress")  # refused: still an address, the message waits there
    assert r.json() == {"url": f"/applications/{world.app.pk}/s/attachments/"}
    assert "请选择要上传的文件。" in client.get(r.json()["url"]).content.decode()


_ENGLISH = re.compile(r"This field|Enter a valid|Ensure this|Select a valid|is required|already exists")


def test_validation_messages_are_chinese(client, world):
    client.force_login(world.applicant)
    url = f"/applications/{world.app.pk}/s/basic/"
    r = client.post(url, {"ethnicity": "x" * 30, "department": "", "post": "工程师", "work_start_date": "2008-13-01",
                          "professional_start_date": "abc", "email": "not-an-email"})
    body = r.content.decode()
    errors = re.search(r'<ul class="errorlist" id="form-errors"[^>]*>(.*?)</ul>', body, re.S).group(1)
    items = re.findall(r"<li>(.*?)</li>", errors)
    assert len(items) >= 4
    assert not _ENGLISH.search(body)
    for item in items:
        assert re.search(r"[\u4e00-\u9fff]", item), item
    r = client.post(f"/applications/{world.app.pk}/s/assessments/", {"year": "twenty", "result": "999"})
    assert not _ENGLISH.search(r.content.decode())


def test_login_errors_are_chinese_and_focusable(client, db):
    body = client.post("/login/", {"username": "", "password": ""}).content.decode()
    assert ('<ul class="errorlist" data-error-summary role="alert"><li>请输入身份证号或用户名。</li><li>请输入密码。</li></ul>'
            in body)
    assert not _ENGLISH.search(body)
    body = client.post("/login/", {"username": "nobody", "password": "x"}).content.decode()
    assert re.search(r'<ul class="errorlist" data-error-summary role="alert"><li>身份证号/用户名或密码错误', body)
