"""Submission locks the dossier: every write path (UI and API) is refused and nothing changes.

Also: a return reopens exactly the chosen sections; crafted extra fields never reach the model; a client
cannot create an application in another state than draft.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from zhicheng.codes.models import AssessmentResult, EducationLevel, Title
from zhicheng.dossier import models as m
from zhicheng.dossier import sections as sec
from zhicheng.dossier import services as dossier
from zhicheng.files.models import StoredFile
from zhicheng.workflow.services import TransitionError
from zhicheng.workflow.states import State

from .. import factories as f

API = "/api/v1"
LOCKED = "申报材料已提交，处于锁定状态"
FORM_SECTIONS = [s.key for s in sec.SECTIONS if s.form is not None]
FILE_SECTIONS = [s.key for s in sec.SECTIONS if s.form is None]  # summary, attachments
COUNTED = [s.model for s in sec.SECTIONS if s.model is not None] + [
    m.WorkSummary, m.Attachment, m.Draft, m.ApplicationVersion, m.Application, StoredFile]


_PDF: dict[str, bytes] = {}


def pdf(kind: str = "proof") -> bytes:
    if kind not in _PDF:
        _PDF[kind] = f.pdf_bytes(f.summary_text(800) if kind == "summary" else "学位证书")
    return _PDF[kind]


def upload(name: str, kind: str = "proof") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf(kind), content_type="application/pdf")


def valid(key: str) -> dict:
    """A payload each section form accepts (so a refusal is never a validation problem)."""
    this_year = timezone.localdate().year
    return {
        "basic": {"ethnicity": "回族", "political_status": "群众", "department": "规划部", "post": "高级工程师",
                  "work_start_date": "2009-07-01", "professional_start_date": "2009-07-01",
                  "email": "b@example.cn"},
        "education": {"school": "华北电力大学", "major": "电力系统", "degree": "master",
                      "education_level": EducationLevel.objects.get(code="21").pk,
                      "start_date": "2008-09-01", "end_date": "2011-07-01"},
        "current_title": {"title_name": "高级工程师", "obtained_on": "2020-12-01",
                          "approval_document": "冀职改办字〔2020〕1号"},
        "work": {"start_date": "2011-07-01", "employer": "某设计院", "position": "主任工程师"},
        "achievement": {"content": "主持完成某500kV变电站设计。"},
        "projects": {"name": "智能变电站研究", "source": "省科技厅", "grade": "provincial", "role": "leader",
                     "rank": 1, "start_date": "2019-01-01", "status": "ongoing"},
        "awards": {"name": "科技进步奖", "grade": "省科技进步二等奖", "rank": 2, "awarded_on": "2021-06-01",
                   "issuer": "河北省人民政府"},
        "publications": {"kind": "book", "title": "配电网规划", "author_rank": 1, "journal": "中国电力出版社",
                         "published_on": "2022-03-01"},
        "honors": {"name": "先进工作者", "issuer": "河北省电力公司", "grade": "provincial",
                   "awarded_on": "2021-01-01"},
        "assessments": {"year": this_year, "result": AssessmentResult.objects.get(code="excellent").pk},
        "training": {"year": this_year - 2, "hours": 60, "content": "继续教育"},
        "term_assessments": {"start_date": "2016-01-01", "end_date": "2020-12-31",
                             "result": AssessmentResult.objects.get(code="competent").pk},
        "others": {"description": "参与编制行业标准一项"},
    }[key]


def client_for(user, **kwargs) -> Client:
    c = Client(**kwargs)
    c.force_login(user)
    return c


def state(world) -> dict:
    """Everything a refused write must leave as it was."""
    app = m.Application.objects.select_related("applicant", "series", "title").get(pk=world.app.pk)
    return {
        "snapshot": dossier.snapshot(app),
        "other": dossier.snapshot(world.other_app),
        "counts": {model.__name__: model.objects.count() for model in COUNTED},
        "app": (app.state, app.reopened_sections, app.submitted_at, app.applicant_id, app.unit_id,
                app.return_reason, app.updated_at),
        "drafts": sorted(m.Draft.objects.values_list("application_id", "section", "form_key", "data")),
    }


def _stored(user, name="证书.pdf") -> StoredFile:
    stored = StoredFile(original_name=name, kind="pdf", size=len(pdf()), sha256="1" * 64, uploaded_by=user)
    stored.file.save("p.pdf", ContentFile(pdf()), save=False)
    stored.save()
    return stored


@pytest.fixture
def filled(world):
    """world.app complete, with a publication and its proof; world.other_app has a publication too."""
    f.fill_required(world.app)
    world.pub = m.Publication.objects.create(application=world.app, kind="book", title="变电站设计",
                                             author_rank=1, journal="中国电力出版社",
                                             published_on=datetime.date(2020, 5, 1))
    world.att = m.Attachment.objects.create(application=world.app, section="publications", item_id=world.pub.pk,
                                            description="封面", file=_stored(world.applicant))
    world.work = m.WorkExperience.objects.get(application=world.app)
    world.other_pub = m.Publication.objects.create(application=world.other_app, kind="book", title="医院管理",
                                                   author_rank=1, journal="人民卫生出版社",
                                                   published_on=datetime.date(2019, 1, 1))
    return world


@pytest.fixture
def locked(filled):
    f.submitted(filled.app, fill=False)
    assert filled.app.state == State.SUBMITTED
    return filled


@pytest.fixture
def applicant(world):
    return client_for(world.applicant)


# --------------------------------------------------------------------------- the UI


@pytest.mark.parametrize("key", FORM_SECTIONS + FILE_SECTIONS)
def test_ui_section_post_is_403_when_locked(locked, applicant, key):
    before = state(locked)
    data = valid(key) if key in FORM_SECTIONS else {"content": "x"}
    r = applicant.post(f"/applications/{locked.app.pk}/s/{key}/", data)
    assert r.status_code == 403
    assert state(locked) == before


@pytest.mark.parametrize("key", ["publications", "work"])
def test_ui_edit_of_an_item_is_403_when_locked(locked, applicant, key):
    item = locked.pub if key == "publications" else locked.work
    before = state(locked)
    r = applicant.post(f"/applications/{locked.app.pk}/s/{key}/?item={item.pk}", {**valid(key), "item_id": item.pk})
    assert r.status_code == 403
    assert state(locked) == before


@pytest.mark.parametrize(("key", "attr"), [("publications", "pub"), ("work", "work"), ("attachments", "att")])
def test_ui_delete_is_refused_when_locked(locked, applicant, key, attr):
    before = state(locked)
    r = applicant.post(f"/applications/{locked.app.pk}/s/{key}/delete/{getattr(locked, attr).pk}/", follow=True)
    assert r.status_code == 200
    assert LOCKED in r.content.decode()
    assert state(locked) == before


@pytest.mark.parametrize(("key", "kind"), [("attachments", "proof"), ("publications", "proof"),
                                           ("summary", "summary")])
def test_ui_upload_is_refused_when_locked(locked, applicant, key, kind):
    before = state(locked)
    r = applicant.post(f"/applications/{locked.app.pk}/s/{key}/upload/",
                       {"file": upload("新文件.pdf", kind), "description": "补充"}, follow=True)
    body = r.content.decode()
    assert r.status_code == 200
    assert "上传失败" in body and LOCKED in body
    assert state(locked) == before  # no Attachment, no WorkSummary change, no StoredFile


@pytest.mark.parametrize("form_key", ["new", "item"])
@pytest.mark.parametrize("key", ["achievement", "publications"])
def test_ui_draft_autosave_is_403_when_locked(locked, applicant, key, form_key):
    form_key = str(locked.pub.pk) if form_key == "item" else form_key
    before = state(locked)
    r = applicant.post(f"/applications/{locked.app.pk}/s/{key}/draft/{form_key}/", {"content": "悄悄修改"})
    assert r.status_code == 403
    assert r.json()["ok"] is False and LOCKED in r.json()["error"]
    assert state(locked) == before


def test_ui_submit_again_is_refused_with_a_chinese_message(locked, applicant):
    before = state(locked)
    r = applicant.post(f"/applications/{locked.app.pk}/actions/submit/", follow=True)
    assert "当前状态为“待单位审核”，不能执行“提交单位审核”" in r.content.decode()
    assert state(locked) == before


@pytest.mark.parametrize("key", FILE_SECTIONS)
def test_ui_post_to_a_file_section_in_draft_is_refused_cleanly(filled, key):
    """Posting to /s/summary/ or /s/attachments/ (no form there, files are uploaded) is refused with a
    message and a redirect back to the section, not a crash (it once was a TypeError → 500)."""
    c = client_for(filled.applicant, raise_request_exception=False)
    before = state(filled)
    r = c.post(f"/applications/{filled.app.pk}/s/{key}/", {"description": "x"})
    assert r.status_code == 302 and r["Location"] == f"/applications/{filled.app.pk}/s/{key}/"
    assert "须上传文件，不能直接填写" in c.get(r["Location"]).content.decode()
    assert state(filled) == before


# --------------------------------------------------------------------------- the API


def api_json(client, method, url, payload=None):
    return getattr(client, method)(url, payload if payload is not None else {}, content_type="application/json")


@pytest.mark.parametrize("key", FORM_SECTIONS)
def test_api_section_post_is_403_when_locked(locked, applicant, key):
    before = state(locked)
    r = api_json(applicant, "post", f"{API}/applications/{locked.app.pk}/sections/{key}", valid(key))
    assert r.status_code == 403, r.content.decode()
    assert LOCKED in r.json()["detail"][0]
    assert state(locked) == before


@pytest.mark.parametrize(("key", "attr"), [("publications", "pub"), ("work", "work")])
def test_api_section_put_is_403_when_locked(locked, applicant, key, attr):
    before = state(locked)
    r = api_json(applicant, "put", f"{API}/applications/{locked.app.pk}/sections/{key}/{getattr(locked, attr).pk}",
                 valid(key))
    assert r.status_code == 403, r.content.decode()
    assert state(locked) == before


@pytest.mark.parametrize(("key", "attr"), [("publications", "pub"), ("work", "work"), ("attachments", "att")])
def test_api_section_delete_is_403_when_locked(locked, applicant, key, attr):
    before = state(locked)
    r = applicant.delete(f"{API}/applications/{locked.app.pk}/sections/{key}/{getattr(locked, attr).pk}")
    assert r.status_code == 403
    assert LOCKED in r.json()["detail"][0]
    assert state(locked) == before


def test_api_draft_put_is_403_when_locked(locked, applicant):
    before = state(locked)
    r = api_json(applicant, "put", f"{API}/applications/{locked.app.pk}/drafts/achievement/new", {"content": "改"})
    assert r.status_code == 403, r.content.decode()
    assert state(locked) == before


@pytest.mark.parametrize("section", ["attachments", "publications", "basic"])
def test_api_attachment_post_is_403_when_locked(locked, applicant, section):
    before = state(locked)
    r = applicant.post(f"{API}/applications/{locked.app.pk}/attachments",
                       {"file": upload("新证书.pdf"), "section": section, "description": "补充"})
    assert r.status_code == 403
    assert state(locked) == before


def test_api_work_summary_post_is_403_when_locked(locked, applicant):
    before = state(locked)
    r = applicant.post(f"{API}/applications/{locked.app.pk}/work-summary", {"file": upload("新总结.pdf", "summary")})
    assert r.status_code == 403
    assert state(locked) == before


def test_api_submit_twice(filled, applicant):
    url = f"{API}/applications/{filled.app.pk}/actions/submit"
    assert api_json(applicant, "post", url).status_code == 200
    before = state(filled)
    # Not a conflict: the second request reads the dossier afresh and finds it submitted (wrong state → 422).
    r = api_json(applicant, "post", url)
    assert r.status_code == 422
    assert "不能执行“提交单位审核”" in r.json()["detail"][0]
    assert state(filled) == before
    assert filled.app.versions.count() == 1


def test_submit_from_a_stale_page_is_a_conflict(filled):
    """Two tabs: the second was read while a draft and submits after the first did → a conflict (409),
    nothing kept."""
    stale = m.Application.objects.get(pk=filled.app.pk)  # the second tab's read
    f.submitted(filled.app, fill=False)  # the first tab submits
    before = state(filled)
    with pytest.raises(TransitionError) as exc:
        dossier.submit(filled.applicant, stale)
    assert exc.value.conflict and exc.value.status == 409 and "已被他人处理" in exc.value.problems[0]
    assert state(filled) == before


def test_every_write_path_at_once_leaves_the_dossier_unchanged(locked):
    """One pass over every path, UI and API, then one comparison of the whole dossier."""
    ui = client_for(locked.applicant, raise_request_exception=False)
    app, pub, att = locked.app.pk, locked.pub.pk, locked.att.pk
    before = state(locked)
    statuses = []
    for key in FORM_SECTIONS:
        statuses.append(ui.post(f"/applications/{app}/s/{key}/", valid(key)).status_code)
        statuses.append(api_json(ui, "post", f"{API}/applications/{app}/sections/{key}", valid(key)).status_code)
        statuses.append(ui.post(f"/applications/{app}/s/{key}/draft/new/", valid(key)).status_code)
        statuses.append(api_json(ui, "put", f"{API}/applications/{app}/drafts/{key}/new", valid(key)).status_code)
    statuses.append(api_json(ui, "put", f"{API}/applications/{app}/sections/publications/{pub}",
                             valid("publications")).status_code)
    statuses.append(ui.delete(f"{API}/applications/{app}/sections/publications/{pub}").status_code)
    statuses.append(ui.delete(f"{API}/applications/{app}/sections/attachments/{att}").status_code)
    statuses.append(ui.post(f"{API}/applications/{app}/attachments", {"file": upload("a.pdf")}).status_code)
    statuses.append(ui.post(f"{API}/applications/{app}/work-summary",
                            {"file": upload("s.pdf", "summary")}).status_code)
    assert set(statuses) == {403}, statuses
    # UI paths that answer with a message and a redirect
    ui.post(f"/applications/{app}/s/publications/delete/{pub}/")
    ui.post(f"/applications/{app}/s/attachments/delete/{att}/")
    ui.post(f"/applications/{app}/s/attachments/upload/", {"file": upload("b.pdf")})
    ui.post(f"/applications/{app}/s/summary/upload/", {"file": upload("c.pdf", "summary")})
    ui.post(f"/applications/{app}/actions/submit/")
    api_json(ui, "post", f"{API}/applications/{app}/actions/submit")
    assert state(locked) == before


# --------------------------------------------------------------------------- crafted extra fields



def crafted(world, key) -> dict:
    other = world.other_app
    return {**valid(key), "state": State.DRAFT, "application": other.pk, "application_id": other.pk,
            "applicant": world.other_applicant.pk, "applicant_id": world.other_applicant.pk,
            "unit": world.other_unit.pk, "unit_id": world.other_unit.pk, "id": world.other_pub.pk}


def test_crafted_fields_are_still_refused_when_locked(locked, applicant):
    before = state(locked)
    for key in ("publications", "basic"):
        assert applicant.post(f"/applications/{locked.app.pk}/s/{key}/", crafted(locked, key)).status_code == 403
        r = api_json(applicant, "post", f"{API}/applications/{locked.app.pk}/sections/{key}", crafted(locked, key))
        assert r.status_code == 403, r.content.decode()
    assert state(locked) == before


def test_crafted_fields_are_ignored_in_draft_ui(filled, applicant):
    r = applicant.post(f"/applications/{filled.app.pk}/s/publications/", crafted(filled, "publications"), follow=True)
    assert r.status_code == 200 and "已保存" in r.content.decode()
    saved = m.Publication.objects.get(title="配电网规划")
    assert saved.application_id == filled.app.pk
    assert m.Publication.objects.get(pk=filled.other_pub.pk).title == "医院管理"  # "id" did not pick it
    filled.app.refresh_from_db()
    assert (filled.app.state, filled.app.applicant_id, filled.app.unit_id) == (
        State.DRAFT, filled.applicant.pk, filled.unit.pk)
    assert not m.Publication.objects.filter(application=filled.other_app, title="配电网规划").exists()


def test_crafted_fields_are_ignored_in_draft_api(filled, applicant):
    r = api_json(applicant, "post", f"{API}/applications/{filled.app.pk}/sections/publications",
                 crafted(filled, "publications"))
    assert r.status_code == 201, r.content.decode()
    saved = m.Publication.objects.get(pk=r.json()["id"])
    assert saved.application_id == filled.app.pk and saved.pk != filled.other_pub.pk
    assert m.Publication.objects.get(pk=filled.other_pub.pk).title == "医院管理"
    filled.app.refresh_from_db()
    assert (filled.app.state, filled.app.applicant_id, filled.app.unit_id) == (
        State.DRAFT, filled.applicant.pk, filled.unit.pk)


def test_item_of_another_application_cannot_be_edited_through_mine(filled, applicant):
    """The item id is looked up inside the application: another dossier's item is never touched."""
    other = filled.other_pub.pk
    before = state(filled)
    r = applicant.post(f"/applications/{filled.app.pk}/s/publications/", {**valid("publications"), "item_id": other})
    assert r.status_code == 404
    r = applicant.post(f"/applications/{filled.app.pk}/s/publications/delete/{other}/", follow=True)
    assert "要删除的条目不存在" in r.content.decode()
    r = applicant.delete(f"{API}/applications/{filled.app.pk}/sections/publications/{other}")
    assert r.status_code == 422 and r.json()["detail"] == ["要删除的条目不存在。"]
    assert state(filled) == before
    r = api_json(applicant, "put", f"{API}/applications/{filled.app.pk}/sections/publications/{other}",
                 valid("publications"))
    assert r.status_code == 422 and r.json()["detail"] == ["要修改的条目不存在。"], r.content.decode()
    assert state(filled) == before


# --------------------------------------------------------------------------- return and resubmit


def _return(world, sections):
    r = api_json(client_for(world.hr), "post", f"{API}/applications/{world.app.pk}/actions/return",
                 {"reason": "论文信息不全，请补充。", "data": {"sections": sections}})
    assert r.status_code == 200, r.content.decode()
    assert r.json()["state"] == State.RETURNED and r.json()["reopened_sections"] == sections


def test_return_reopens_only_the_chosen_sections_ui(locked, applicant):
    _return(locked, ["publications"])
    app = locked.app.pk
    r = applicant.post(f"/applications/{app}/s/publications/", valid("publications"), follow=True)
    assert r.status_code == 200 and "已保存" in r.content.decode()
    assert m.Publication.objects.filter(application=locked.app).count() == 2
    assert applicant.post(f"/applications/{app}/s/publications/draft/new/", {"title": "x"}).status_code == 200
    applicant.post(f"/applications/{app}/s/publications/upload/",
                   {"file": upload("论文.pdf"), "item_id": locked.pub.pk})
    assert m.Attachment.objects.filter(application=locked.app, section="publications").count() == 2

    before = state(locked)
    assert applicant.post(f"/applications/{app}/s/basic/", valid("basic")).status_code == 403
    assert applicant.post(f"/applications/{app}/s/work/draft/new/", valid("work")).status_code == 403
    r = applicant.post(f"/applications/{app}/s/basic/upload/", {"file": upload("证明.pdf")}, follow=True)
    assert "该部分未被退回修改" in r.content.decode()
    r = applicant.post(f"/applications/{app}/s/work/delete/{locked.work.pk}/", follow=True)
    assert "该部分未被退回修改" in r.content.decode()
    assert state(locked) == before

    applicant.post(f"/applications/{app}/actions/submit/")
    locked.app.refresh_from_db()
    assert locked.app.state == State.SUBMITTED and locked.app.reopened_sections == []
    assert locked.app.versions.count() == 2
    before = state(locked)
    assert applicant.post(f"/applications/{app}/s/publications/", valid("publications")).status_code == 403
    assert applicant.post(f"/applications/{app}/s/publications/draft/new/", {"title": "x"}).status_code == 403
    assert state(locked) == before


def test_return_reopens_only_the_chosen_sections_api(locked, applicant):
    _return(locked, ["publications"])
    base = f"{API}/applications/{locked.app.pk}"
    r = api_json(applicant, "post", f"{base}/sections/publications", valid("publications"))
    assert r.status_code == 201, r.content.decode()
    r = api_json(applicant, "put", f"{base}/sections/publications/{locked.pub.pk}", valid("publications"))
    assert r.status_code == 200, r.content.decode()
    assert m.Publication.objects.get(pk=locked.pub.pk).title == "配电网规划"

    before = state(locked)
    r = api_json(applicant, "post", f"{base}/sections/basic", valid("basic"))
    assert r.status_code == 403, r.content.decode()
    assert "该部分未被退回修改" in r.json()["detail"][0]
    assert api_json(applicant, "put", f"{base}/drafts/basic/new", valid("basic")).status_code == 403
    assert applicant.delete(f"{base}/sections/work/{locked.work.pk}").status_code == 403
    assert applicant.post(f"{base}/work-summary", {"file": upload("s.pdf", "summary")}).status_code == 403
    assert state(locked) == before

    assert api_json(applicant, "post", f"{base}/actions/submit").status_code == 200
    assert locked.app.versions.count() == 2
    before = state(locked)
    r = api_json(applicant, "post", f"{base}/sections/publications", valid("publications"))
    assert r.status_code == 403, r.content.decode()
    assert state(locked) == before


def test_return_of_all_sections_reopens_everything(locked, applicant):
    _return(locked, ["all"])
    r = applicant.post(f"/applications/{locked.app.pk}/s/basic/", valid("basic"), follow=True)
    assert r.status_code == 200 and "已保存" in r.content.decode()
    assert m.BasicInfo.objects.get(application=locked.app).department == "规划部"


def test_return_of_an_unknown_section_is_refused(locked):
    r = api_json(client_for(locked.hr), "post", f"{API}/applications/{locked.app.pk}/actions/return",
                 {"reason": "x", "data": {"sections": ["state"]}})
    assert r.status_code == 422 and "未知的材料部分" in r.json()["detail"][0]
    locked.app.refresh_from_db()
    assert locked.app.state == State.SUBMITTED


# --------------------------------------------------------------------------- mass assignment on create


def test_api_create_application_ignores_state_and_owner_fields(world):
    title = Title.objects.get(code="082")
    payload = {"campaign_id": world.campaign.pk, "title_id": title.pk, "specialty": "输变电工程",
               "state": State.PASSED, "applicant_id": world.other_applicant.pk, "applicant": world.other_applicant.pk,
               "unit_id": world.other_unit.pk, "reopened_sections": ["all"], "submitted_at": "2026-01-01T00:00:00Z",
               "return_reason": "x", "level": "senior", "series_id": 999}
    r = api_json(client_for(world.applicant2), "post", f"{API}/applications", payload)
    assert r.status_code == 201, r.content.decode()
    app = m.Application.objects.get(pk=r.json()["id"])
    assert app.state == State.DRAFT and r.json()["state"] == State.DRAFT
    assert (app.applicant, app.unit, app.campaign, app.title) == (world.applicant2, world.unit, world.campaign, title)
    assert (app.level, app.series) == (title.level, title.series)
    assert app.reopened_sections == [] and app.submitted_at is None and app.return_reason == ""
    assert not app.versions.exists()
