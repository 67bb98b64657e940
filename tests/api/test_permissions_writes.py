"""Who may change what through /api/v1/: campaigns, starting an application, section writes, and the two
actions of §一 and §二(一) through the one action endpoint — the role × record matrix (tests/api/matrix.py).
A refused write leaves everything as it was."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhicheng.campaigns.models import Campaign
from zhicheng.codes.models import Title
from zhicheng.dossier import models as m
from zhicheng.workflow.states import State

from .matrix import (
    API,
    APP_CREATE,
    APP_CREATE_TARGETS,
    CAMPAIGN_ATTR,
    CAMPAIGN_CREATE,
    CAMPAIGN_PUBLISH,
    CAMPAIGN_TARGETS,
    CAMPAIGN_UPDATE,
    OK,
    RETURN,
    SUBMIT,
    WRITE,
    act,
    app_of,
    campaign_payload,
    cases,
    check,
    fingerprint,
    login,
    return_to_applicant,
)

# --------------------------------------------------------------------------- campaigns

@pytest.mark.parametrize(("role", "expected"), [pytest.param(r, e, id=f"{r}-{e}") for r, e in
                                                CAMPAIGN_CREATE.items()])
def test_create_campaign(mw, role, expected):
    before = Campaign.objects.count()
    r = login(mw, role).post(f"{API}/campaigns", campaign_payload(year=2028), content_type="application/json")
    check(r, expected, mw)
    if expected == 201:
        unit = mw.unit if role == "hr" else mw.other_unit
        assert Campaign.objects.get(pk=r.json()["id"]).unit == unit
        assert r.json()["status"] == Campaign.Status.DRAFT
    else:
        assert Campaign.objects.count() == before


@pytest.mark.parametrize(("role", "target", "expected"), cases(CAMPAIGN_UPDATE, CAMPAIGN_TARGETS))
def test_update_campaign(mw, role, target, expected):
    c = getattr(mw, CAMPAIGN_ATTR[target])
    r = login(mw, role).put(f"{API}/campaigns/{c.pk}", campaign_payload(), content_type="application/json")
    check(r, expected, mw)
    c2 = Campaign.objects.get(pk=c.pk)
    assert (c2.name == "改过的年度申报") is (expected == 200)


@pytest.mark.parametrize(("role", "target", "expected"), cases(CAMPAIGN_PUBLISH, CAMPAIGN_TARGETS))
def test_publish_campaign(mw, role, target, expected):
    c = getattr(mw, CAMPAIGN_ATTR[target])
    r = login(mw, role).post(f"{API}/campaigns/{c.pk}/publish")
    check(r, expected, mw)
    assert Campaign.objects.get(pk=c.pk).status == (Campaign.Status.OPEN if expected == 200 else c.status)



@pytest.mark.parametrize(("role", "target", "expected"), cases(APP_CREATE, APP_CREATE_TARGETS))
def test_create_application(mw, role, target, expected):
    c = getattr(mw, CAMPAIGN_ATTR[target])
    title = Title.objects.get(code="082")
    before = m.Application.objects.count()
    r = login(mw, role).post(f"{API}/applications", {"campaign_id": c.pk, "title_id": title.pk,
                                                      "specialty": "电气工程"}, content_type="application/json")
    check(r, expected, mw)
    if expected == 201:
        app = m.Application.objects.get(pk=r.json()["id"])
        assert (app.applicant, app.unit, app.state) == (getattr(mw, role), c.unit, State.DRAFT)
    else:
        assert m.Application.objects.count() == before



# --------------------------------------------------------------------------- the dossier

def _upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def write_request(endpoint, client, w, target, pdf, summary_pdf):
    app = app_of(w, target)
    item = w.items[target]
    base = f"{API}/applications/{app.pk}"
    work = {"start_date": "2009-01-01", "employer": "某设计院", "position": "工程师"}
    if endpoint == "section_post":
        return client.post(f"{base}/sections/work", work, content_type="application/json")
    if endpoint == "section_put":
        return client.put(f"{base}/sections/work/{item}", work, content_type="application/json")
    if endpoint == "section_delete":
        return client.delete(f"{base}/sections/work/{item}")
    if endpoint == "draft_put":
        return client.put(f"{base}/drafts/achievement/new", {"content": "新草稿"}, content_type="application/json")
    if endpoint == "attachment_post":
        return client.post(f"{base}/attachments", {"file": _upload("证书.pdf", pdf), "section": "attachments",
                                                   "description": "学位证书"})
    if endpoint == "summary_post":
        return client.post(f"{base}/work-summary", {"file": _upload("工作总结.pdf", summary_pdf)})
    raise AssertionError(endpoint)


WRITE_OK = {"section_post": 201, "section_put": 200, "section_delete": 204, "draft_put": 200,
            "attachment_post": 201, "summary_post": 201}


@pytest.mark.parametrize("endpoint", WRITE_OK)
@pytest.mark.parametrize(("role", "target", "expected"), cases(WRITE, ok=OK))
def test_write_endpoints(mw, endpoint, role, target, expected, pdf, summary_pdf):
    expected = WRITE_OK[endpoint] if expected == OK else expected
    app = app_of(mw, target)
    before = fingerprint(app)
    r = write_request(endpoint, login(mw, role), mw, target, pdf, summary_pdf)
    check(r, expected, mw)
    after = fingerprint(app)
    if expected in (403, 404):
        assert after == before
        return
    assert after != before
    if endpoint == "section_post":
        assert m.WorkExperience.objects.filter(application=app).count() == 2
    elif endpoint == "section_put":
        assert m.WorkExperience.objects.get(pk=mw.items[target]).employer == "某设计院"
    elif endpoint == "section_delete":
        assert not m.WorkExperience.objects.filter(pk=mw.items[target]).exists()
    elif endpoint == "draft_put":
        assert m.Draft.objects.get(application=app, section="achievement").data == {"content": "新草稿"}
    elif endpoint == "attachment_post":
        assert m.Attachment.objects.get(application=app).description == "学位证书"
    elif endpoint == "summary_post":
        assert m.WorkSummary.objects.get(application=app).file.original_name == "工作总结.pdf"
        assert m.WorkSummary.objects.get(application=app).file.size == len(summary_pdf)


@pytest.mark.parametrize(("role", "target", "expected"), cases(SUBMIT))
def test_submit(mw, role, target, expected):
    app = app_of(mw, target)
    versions = app.versions.count()
    r = act(login(mw, role), app, "submit")
    check(r, expected, mw)
    app.refresh_from_db()
    if expected == 200:
        assert app.state == State.SUBMITTED and app.versions.count() == versions + 1
    else:
        assert app.state == app_of(mw, target).state and app.versions.count() == versions


@pytest.mark.parametrize(("role", "target", "expected"), cases(RETURN))
def test_return(mw, role, target, expected):
    app = app_of(mw, target)
    r = return_to_applicant(login(mw, role), app)
    check(r, expected, mw)
    app.refresh_from_db()
    if expected == 200:
        assert (app.state, app.reopened_sections) == (State.RETURNED, ["publications"])
    else:
        assert app.state == app_of(mw, target).state and app.reopened_sections == []

