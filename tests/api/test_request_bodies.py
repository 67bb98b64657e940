"""What the API accepts as a body (issue 6 §3): JSON operations only `application/json` (415 otherwise,
uploads multipart), and a body over DATA_UPLOAD_MAX_MEMORY_SIZE is the JSON problem document (413) —
never Django's HTML page, never a 500."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from zhicheng.api.middleware import NOT_JSON_TYPE, accepted_types
from zhicheng.dossier import models as m

from .. import factories as f

API = "/api/v1"
WORK = {"start_date": "2009-01-01", "employer": "某设计院", "position": "工程师"}
TOO_BIG = "请求内容过大：超过2560 KB 的上限。上传文件请使用上传接口（multipart/form-data），单个文件的大小上限见业务参数。"


@pytest.fixture
def applicant(client, world):
    client.force_login(world.applicant)
    return client


def _url(world, part="sections/work"):
    return f"{API}/applications/{world.app.pk}/{part}"


@pytest.mark.parametrize("ctype", ["text/plain", "application/x-www-form-urlencoded", "application/xml",
                                   "application/json-seq", MULTIPART_CONTENT])
def test_a_json_operation_refuses_any_other_type_with_415(applicant, world, ctype):
    body = encode_multipart(BOUNDARY, WORK) if ctype == MULTIPART_CONTENT else '{"employer": "x"}'
    r = applicant.generic("POST", _url(world), body, content_type=ctype)
    assert r.status_code == 415
    assert r.json() == {"detail": [NOT_JSON_TYPE], "fields": {}}
    assert not m.WorkExperience.objects.filter(application=world.app).exists()


def test_json_with_a_charset_is_json(applicant, world):
    r = applicant.post(_url(world), '{"start_date": "2009-01-01", "employer": "某设计院", "position": "工程师"}',
                       content_type="application/json; charset=utf-8")
    assert r.status_code == 201


def test_put_of_a_draft_as_a_form_is_415(applicant, world):
    r = applicant.put(_url(world, "drafts/work/new"), "employer=x", content_type="application/x-www-form-urlencoded")
    assert r.status_code == 415 and r.json()["detail"] == [NOT_JSON_TYPE]


def test_an_action_without_a_body_needs_no_type(client, world):
    client.force_login(world.applicant)
    r = client.generic("POST", _url(world, "actions/withdraw"), b"", content_type="")
    assert r.status_code == 200 and r.json()["state"] == "withdrawn"


def test_the_upload_operations_take_multipart(applicant, world):
    upload = SimpleUploadedFile("证书.pdf", f.pdf_bytes("学位证书"), content_type="application/pdf")
    r = applicant.post(_url(world, "attachments"), {"file": upload, "section": "attachments"})
    assert r.status_code == 201


def test_an_upload_operation_refuses_text_but_reads_json_itself(applicant, world):
    r = applicant.generic("POST", _url(world, "attachments"), "file=x", content_type="text/plain")
    assert r.status_code == 415 and r.json()["detail"] == [NOT_JSON_TYPE]
    r = applicant.post(_url(world, "attachments"), {"section": "attachments"}, content_type="application/json")
    assert r.status_code == 422  # the file is missing: the operation's own answer


def test_the_body_types_come_from_the_api_schema():
    assert accepted_types(f"{API}/applications/7/attachments", "POST") == {"multipart/form-data"}
    assert accepted_types(f"{API}/applications/7/work-summary", "POST") == {"multipart/form-data"}
    assert accepted_types(f"{API}/campaigns/7/attachments", "POST") == {"multipart/form-data"}
    assert accepted_types(f"{API}/applications/7/sections/work", "POST") == {"application/json"}
    assert accepted_types(f"{API}/applications/7/sections/work/3", "PUT") == {"application/json"}
    assert accepted_types(f"{API}/applications/7/actions/submit", "POST") == {"application/json"}
    assert accepted_types(f"{API}/campaigns/7/publish", "POST") == frozenset()  # no body
    assert accepted_types(f"{API}/nope", "POST") == frozenset()


def test_an_operation_without_a_body_ignores_the_type(client, world):
    campaign = f.campaign(world.unit, world.hr, status="draft", year=2027)
    client.force_login(world.hr)
    r = client.post(f"{API}/campaigns/{campaign.pk}/publish")  # the test client sends an empty multipart body
    assert r.status_code == 200 and r.json()["status"] == "open"


def test_an_oversized_json_body_is_a_json_413(applicant, world, settings):
    body = '{"employer": "' + "某" * 1_000_000 + '"}'  # 3 MB of UTF-8, over the 2.5 MB default
    r = applicant.post(_url(world), body, content_type="application/json")
    assert r.status_code == 413
    assert r["Content-Type"] == "application/json"
    assert r.json() == {"detail": [TOO_BIG], "fields": {}}


def test_a_body_at_the_limit_passes_and_one_byte_more_is_refused(applicant, world, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    base = '{"start_date": "2009-01-01", "position": "工程师", "employer": "某设计院", "duties": "'
    fill = 1024 - len((base + '"}').encode())
    at_limit = base + "x" * fill + '"}'
    assert len(at_limit.encode()) == 1024
    assert applicant.post(_url(world), at_limit, content_type="application/json").status_code == 422  # the form
    r = applicant.post(_url(world), base + "x" * (fill + 1) + '"}', content_type="application/json")
    assert r.status_code == 413 and r.json()["detail"] == ["请求内容过大：超过1 KB 的上限。上传文件请使用上传接口"
                                                           "（multipart/form-data），单个文件的大小上限见业务参数。"]


def test_an_oversized_form_is_refused_as_json_not_html(applicant, world):
    r = applicant.post(_url(world), "a=" + "b" * 3_000_000, content_type="application/x-www-form-urlencoded")
    assert r.status_code == 413 and r.json()["detail"] == [TOO_BIG]


def test_an_oversized_multipart_to_an_upload_operation_reaches_the_upload_limit(applicant, world):
    """Files are limited by the upload handler (a parameter), not by the body setting."""
    big = SimpleUploadedFile("证书.pdf", b"%PDF-1.4\n" + b"0" * 3_000_000, content_type="application/pdf")
    r = applicant.post(_url(world, "attachments"), {"file": big, "section": "attachments"})
    assert r.status_code == 422
    assert list(r.json()["fields"]) == ["file"]  # the file itself was checked (here: not a real PDF)


def test_too_much_form_data_beside_an_upload_is_a_json_413(applicant, world):
    upload = SimpleUploadedFile("证书.pdf", f.pdf_bytes("学位证书"), content_type="application/pdf")
    r = applicant.post(_url(world, "attachments"), {"file": upload, "description": "说" * 1_000_000})
    assert r.status_code == 413 and r.json()["detail"] == [TOO_BIG]
    assert not m.Attachment.objects.filter(application=world.app).exists()


def test_too_many_form_fields_beside_an_upload_is_a_json_400(applicant, world, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    upload = SimpleUploadedFile("证书.pdf", f.pdf_bytes("学位证书"), content_type="application/pdf")
    r = applicant.post(_url(world, "attachments"), {"file": upload, **{f"x{i}": "1" for i in range(10)}})
    assert r.status_code == 400 and r.json()["detail"] == ["提交的字段过多，请检查请求内容。"]


def test_the_ui_is_not_affected(client, world):
    client.force_login(world.applicant)
    r = client.post(f"/applications/{world.app.pk}/s/work/", WORK)
    assert r.status_code == 302
