"""The official forms go into the paper dossier (issue 5 §4): the full ID number on the forms only, and on
every page the submitted version and its check code, so a printed page can be matched with the version online."""

import hashlib
import io
import json

import pytest
from openpyxl import load_workbook

from zhicheng.dossier import documents as render
from zhicheng.dossier import services

from .pdfs import flat, page_texts, text

FORMS = [render.roster_pdf, render.review_form_pdf]


def _stamp(app, number: int) -> str:
    """The stamp recomputed from the stored version, independently of the code under test."""
    snapshot = app.versions.get(number=number).snapshot
    digest = hashlib.sha256(json.dumps(snapshot, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    return f"第{number}版·校验码{digest[:12]}"


# --------------------------------------------------------------------------- full ID number on the forms

@pytest.mark.parametrize("make", FORMS)
def test_pdf_forms_print_the_full_id_number(app, make):
    full = app.applicant.id_number
    assert full in flat(text(make(app)))


@pytest.mark.parametrize("doc", ["roster", "review_form"])
def test_printable_forms_print_the_full_id_number(client, app, world, doc):
    client.force_login(world.applicant)
    body = client.get(f"/applications/{app.pk}/doc/{doc}.html").content.decode()
    assert world.applicant.id_number in body
    assert world.applicant.masked_id_number not in body


def test_screens_lists_api_and_export_keep_masking(client, submitted, world):
    full, masked = world.applicant.id_number, world.applicant.masked_id_number
    client.force_login(world.hr)
    listing = client.get("/applications/").content.decode()
    assert masked in listing and full not in listing
    detail = client.get(f"/applications/{submitted.pk}/").content.decode()
    assert full not in detail
    api = client.get("/api/v1/applications")
    assert api.status_code == 200
    assert [r["applicant_id_masked"] for r in api.json()["items"] if r["id"] == submitted.pk] == [masked]
    assert full not in api.content.decode()
    export = client.get("/applications/export.xlsx")
    ws = load_workbook(io.BytesIO(export.content))["申报名单"]
    cells = [c for row in ws.iter_rows(values_only=True) for c in row]
    assert masked in cells
    assert not [c for c in cells if full in str(c)]


# --------------------------------------------------------------------------- version stamp on every page

def test_every_page_of_a_long_review_form_carries_the_version_and_check_code(submitted):
    pages = page_texts(render.review_form_pdf(submitted))
    assert len(pages) >= 3
    stamp = _stamp(submitted, 1)
    assert [i for i, page in enumerate(pages, 1) if stamp not in page] == []


def test_the_roster_carries_the_version_and_check_code(submitted):
    pages = page_texts(render.roster_pdf(submitted))
    assert len(pages) == 1 and _stamp(submitted, 1) in pages[0]


@pytest.mark.parametrize("make", FORMS)
def test_a_never_submitted_dossier_prints_draft_on_every_page(app, make):
    pages = page_texts(make(app))
    assert all("草稿（未提交）" in page for page in pages)
    assert not any("校验码" in page for page in pages)


def test_returned_dossier_names_no_version_until_resubmitted(submitted, world):
    services.return_to_applicant(world.hr, submitted, reason="请补充论文检索证明。", sections=["publications"])
    submitted.refresh_from_db()
    pages = page_texts(render.review_form_pdf(submitted))
    assert all("修改稿（第1版已退回，未重新提交）" in page for page in pages)
    assert not any("校验码" in page for page in pages)

    submitted.specialty = "输配电工程"
    submitted.save()
    services.submit(world.applicant, submitted)
    pages = page_texts(render.review_form_pdf(submitted))
    second = _stamp(submitted, 2)
    assert second[-12:] != _stamp(submitted, 1)[-12:]  # the content changed, so did the check code
    assert all(second in page for page in pages)


def test_printable_pages_and_versions_page_show_the_same_check_code(client, submitted, world):
    code = services.fingerprint(submitted.versions.get(number=1).snapshot)
    client.force_login(world.hr)
    for doc in ("roster", "review_form"):
        body = client.get(f"/applications/{submitted.pk}/doc/{doc}.html").content.decode()
        assert f"第1版 · 校验码 {code}" in body
    assert f"校验码 {code}" in client.get(f"/applications/{submitted.pk}/versions/").content.decode()


def test_fingerprint_is_canonical():
    a = {"header": {"申报人": "张建国", "级别": "副高级"}, "basic": [{"id": 1, "fields": {"民族": "汉族"}}]}
    b = {"basic": [{"fields": {"民族": "汉族"}, "id": 1}], "header": {"级别": "副高级", "申报人": "张建国"}}
    assert services.fingerprint(a) == services.fingerprint(b)
    assert len(services.fingerprint(a)) == 12 and int(services.fingerprint(a), 16) >= 0
    b["basic"][0]["fields"]["民族"] = "回族"
    assert services.fingerprint(a) != services.fingerprint(b)
