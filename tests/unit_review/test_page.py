"""The verification page: the whole dossier on one page, attachments previewed inline, a mark beside
every item; who may see it; its query count does not grow with the items."""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from zhicheng.dossier import models as m
from zhicheng.dossier import sections as sec
from zhicheng.unit_review import services
from zhicheng.unit_review.models import VerificationMark
from zhicheng.workflow.states import State

from .. import factories as f
from .conftest import proofs


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_the_page_shows_every_section_every_item_and_previews_inline(dossier, world):
    page = client_for(world.hr).get(f"/applications/{dossier.pk}/verification/").content.decode()
    for s in sec.SECTIONS:
        if s.key != "attachments":
            assert f'id="section-{s.key}"' in page and s.label in page, s.key
    assert page.count('class="verify-mark"') == services.progress(dossier)["total"]
    png = m.Attachment.objects.get(application=dossier, section="education")
    pdf = m.Attachment.objects.get(application=dossier, section="achievement")
    summary = m.WorkSummary.objects.get(application=dossier)
    assert re.search(rf'<img class="preview" src="/applications/{dossier.pk}/files/{png.file_id}/preview/"', page)
    assert re.search(rf'<iframe class="preview" src="/applications/{dossier.pk}/files/{pdf.file_id}/preview/"', page)
    assert f"/files/{summary.file_id}/preview/" in page
    assert "河北工业大学" in page and "变电站防雷设计" in page  # the items' content, not only their names
    assert 'id="count-unmarked"' in page and "核实通过" not in page.split('id="verification-summary"')[1][:50]


def test_the_inline_preview_is_served_inline_and_may_be_framed_by_the_site_only(dossier, world):
    pdf = m.Attachment.objects.get(application=dossier, section="achievement")
    r = client_for(world.hr).get(f"/applications/{dossier.pk}/files/{pdf.file_id}/preview/")
    assert r.status_code == 200 and r["Content-Disposition"].startswith("inline")
    assert r["X-Frame-Options"] == "SAMEORIGIN" and "frame-ancestors 'self'" in r["Content-Security-Policy"]
    assert b"".join(r.streaming_content).startswith(b"%PDF")
    other = client_for(world.other_hr).get(f"/applications/{dossier.pk}/files/{pdf.file_id}/preview/")
    assert other.status_code == 404
    page = client_for(world.hr).get(f"/applications/{dossier.pk}/")
    assert page["X-Frame-Options"] == "DENY"  # the pages themselves are never framed


def test_marks_from_the_page_and_a_refused_note_is_kept(dossier, world):
    c = client_for(world.hr)
    url = f"/applications/{dossier.pk}/verification/mark/"
    r = c.post(url, {"section": "basic", "item_id": "", "status": "verified"})
    assert r.status_code == 302 and r["Location"].endswith("#item-basic-0")
    page = c.get(r["Location"]).content.decode()
    assert "已核，与原件一致" in page and "刘人事" in page
    edu = m.Education.objects.get(application=dossier)
    long_note = "证书编号与原件不一致" * 60
    r = c.post(url, {"section": "education", "item_id": str(edu.pk), "status": "problem", "note": long_note})
    body = r.content.decode()
    assert r.status_code == 422 and "问题说明不能超过500个字" in body and long_note in body  # nothing typed is lost
    r = c.post(url, {"section": "education", "item_id": str(edu.pk), "status": "problem", "note": "编号不符"})
    assert r.status_code == 302
    assert VerificationMark.objects.get(application=dossier, section="education").note == "编号不符"
    page = c.get(f"/applications/{dossier.pk}/verification/").content.decode()
    assert 'id="problem-list"' in page and "编号不符" in page and "列出全部1个问题" in page


def test_verify_button_appears_when_all_are_verified_and_works(dossier, world):
    c = client_for(world.hr)
    _v, items, _m = services.checklist(dossier)
    services.set_marks(world.hr, dossier, [{"section": i.section, "item_id": i.item_id, "status": "verified"}
                                           for i in items])
    page = c.get(f"/applications/{dossier.pk}/verification/").content.decode()
    assert 'id="verify-button"' in page
    detail = c.get(f"/applications/{dossier.pk}/").content.decode()
    assert 'id="action-verify"' in detail and 'id="verification-link"' in detail
    r = c.post(f"/applications/{dossier.pk}/actions/verify/")
    assert r.status_code == 302
    dossier.refresh_from_db()
    assert dossier.state == State.UNIT_VERIFIED
    page = c.get(f"/applications/{dossier.pk}/verification/").content.decode()
    assert 'class="mark-form"' not in page  # read-only once verified


@pytest.mark.parametrize("who,status", [("other_hr", 404), ("applicant", 403), ("leader", 403), ("assessor", 404),
                                        ("office_reviewer", 404), ("provincial", 404), ("host_user", 404),
                                        ("expert", 404), ("applicant2", 404)])
def test_only_the_units_hr_reaches_the_page(dossier, world, who, status):
    c = client_for(getattr(world, who))
    assert c.get(f"/applications/{dossier.pk}/verification/").status_code == status
    r = c.post(f"/applications/{dossier.pk}/verification/mark/", {"section": "basic", "status": "verified"})
    assert r.status_code == status
    assert not VerificationMark.objects.exists()


def test_a_returned_dossier_shows_no_live_edits(dossier, world):
    f.returned(dossier, world.hr, sections=["education"])
    page = client_for(world.hr).get(f"/applications/{dossier.pk}/verification/").content.decode()
    assert 'id="being-corrected"' in page and 'id="section-basic"' not in page


def _queries(app, hr) -> int:
    c = client_for(hr)
    c.get(f"/applications/{app.pk}/verification/")  # warm the session
    with CaptureQueriesContext(connection) as q:
        assert c.get(f"/applications/{app.pk}/verification/").status_code == 200
    return len(q)


def test_the_page_costs_the_same_queries_with_many_items(world):
    small = f.fill_required(world.app)
    proofs(small)
    f.submitted(small, fill=False)
    services.set_mark(world.hr, small, section="basic", item_id=None, status="verified")
    few = _queries(small, world.hr)

    big = f.application(world.applicant2, world.campaign)
    f.fill_required(big)
    for i in range(15):
        pub = m.Publication.objects.create(application=big, kind="book", title=f"著作{i}", author_rank=1,
                                           journal="出版社", published_on=datetime.date(2020, 1, 1))
        m.WorkExperience.objects.create(application=big, start_date=datetime.date(2010, 1, 1), employer=f"单位{i}",
                                        position="工程师")
        m.OtherItem.objects.create(application=big, description=f"其他{i}")
        m.Attachment.objects.create(application=big, section="publications", item_id=pub.pk,
                                    file=proofs(small)[0].file)
    proofs(big)
    f.submitted(big, fill=False)
    _v, items, _m = services.checklist(big)
    services.set_marks(world.hr, big, [{"section": i.section, "item_id": i.item_id, "status": "verified"}
                                       for i in items[:30]])
    assert len(items) > 60
    assert _queries(big, world.hr) == few


def test_the_page_and_the_api_point_out_a_skipped_level(dossier, world):
    from zhicheng.codes.models import Title

    m.CurrentTitle.objects.filter(application=dossier).update(title=Title.objects.get(code="084"), obtained_by="exam")
    c = client_for(world.hr)
    page = c.get(f"/applications/{dossier.pk}/verification/").content.decode()
    assert 'id="hints"' in page and "逐级申报：申报高级工程师（副高级）须现任中级职称" in page
    hints = c.get(f"/api/v1/applications/{dossier.pk}/verification").json()["hints"]
    assert len(hints) == 1 and hints[0].startswith("逐级申报")


def test_the_page_marks_in_place_with_htmx(dossier, world):
    c = client_for(world.hr)
    page = c.get(f"/applications/{dossier.pk}/verification/").content.decode()
    assert 'hx-post="/applications/' in page and 'hx-target="#item-basic-0"' in page
    url = f"/applications/{dossier.pk}/verification/mark/"
    r = c.post(url, {"section": "basic", "item_id": "", "status": "verified"}, HTTP_HX_REQUEST="true")
    body = r.content.decode()
    assert r.status_code == 200 and body.lstrip().startswith('<div class="verify-mark" id="item-basic-0">')
    assert "已核，与原件一致" in body and 'id="verification-summary" hx-swap-oob="true"' in body
    assert '<strong id="count-verified">1</strong>' in body
    note = "参加工作时间与档案不符" * 50
    r = c.post(url, {"section": "basic", "item_id": "", "status": "problem", "note": note}, HTTP_HX_REQUEST="true")
    body = r.content.decode()
    assert r.status_code == 200 and "问题说明不能超过500个字" in body and f"{note}</textarea>" in body  # kept
    assert VerificationMark.objects.get(application=dossier).status == "verified"
