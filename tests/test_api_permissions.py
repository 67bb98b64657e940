"""Role × record matrix for every /api/v1/ endpoint, plus CSRF, bearer tokens and ID-number masking.

Each endpoint has a table role → expected status per target. Records outside a user's scope are 404
(their existence is not revealed); records in scope that the user may not change are 403. A few refusals
come from business rules rather than permissions and are 422 (they are marked where they occur).

The world is built once per module (one transaction, rolled back at the end); every test runs in its own
savepoint, so writes made by one case never reach another.
"""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from zhicheng.api.auth import hash_key
from zhicheng.campaigns.models import Campaign, PanelMember
from zhicheng.codes.models import Title
from zhicheng.dossier import models as m
from zhicheng.dossier import services as dossier
from zhicheng.files.models import StoredFile
from zhicheng.orgs.models import ApiToken
from zhicheng.workflow.states import State

from . import factories as f
from .conftest import build_world

API = "/api/v1"

ROLES = ("applicant", "applicant2", "other_applicant", "hr", "other_hr", "leader", "assessor", "office_reviewer",
         "other_office_reviewer", "provincial", "host_user", "expert")

# --------------------------------------------------------------------------- the world

# Application targets:
#   own       world.app        — draft of world.applicant in world.unit (complete: it could be submitted)
#   other     world.other_app  — draft of world.other_applicant in world.other_unit
#   own_sub   world.sub_app    — a SUBMITTED application of world.applicant in world.unit (campaign 2025)
#   other_sub world.other_sub  — a SUBMITTED application of world.other_applicant in world.other_unit
APP_TARGETS = ("own", "other", "own_sub", "other_sub")
APP_ATTR = {"own": "app", "other": "other_app", "own_sub": "sub_app", "other_sub": "other_sub"}

# Campaign targets: the open campaigns of the fixture and an unpublished (draft) one per unit.
CAMPAIGN_TARGETS = ("own", "other", "own_draft", "other_draft")
CAMPAIGN_ATTR = {"own": "campaign", "other": "other_campaign", "own_draft": "draft_campaign",
                 "other_draft": "other_draft_campaign"}


def _fake_summary(app):
    """A work summary row without a file on disk (nothing in these tests reads its content)."""
    stored = StoredFile.objects.create(file="u/none.pdf", original_name="工作总结.pdf", kind="pdf", size=1,
                                       sha256="0" * 64, uploaded_by=app.applicant)
    m.WorkSummary.objects.create(application=app, file=stored, char_count=800)


def _complete(app):
    f.fill_required(app, with_summary=False)
    _fake_summary(app)


def _extend(w):
    _complete(w.app)
    _complete(w.other_app)
    w.campaign_2025 = f.campaign(w.unit, w.hr, year=2025)
    w.other_campaign_2025 = f.campaign(w.other_unit, w.other_hr, year=2025)
    w.draft_campaign = f.campaign(w.unit, w.hr, year=2027, status=Campaign.Status.DRAFT)
    w.other_draft_campaign = f.campaign(w.other_unit, w.other_hr, year=2027, status=Campaign.Status.DRAFT)
    # The assessor sits on the unit's panels (so drafts are hidden from it because they are drafts).
    for c in (w.campaign, w.campaign_2025):
        PanelMember.objects.create(campaign=c, user=w.assessor, duty="member")
    w.sub_app = f.application(w.applicant, w.campaign_2025)
    w.other_sub = f.application(w.other_applicant, w.other_campaign_2025)
    for app in (w.sub_app, w.other_sub):
        _complete(app)
        dossier.submit(app.applicant, app)
    w.items, w.drafts = {}, {}
    for target, attr in APP_ATTR.items():
        app = getattr(w, attr)
        w.items[target] = m.WorkExperience.objects.get(application=app).pk
        # A saved draft on every target so GET drafts/... reaches the permission check, not "no draft".
        m.Draft.objects.create(application=app, section="achievement", form_key="new", data={"content": "草稿"})
    w.id_numbers = [getattr(w, r).id_number for r in ROLES]
    return w


@pytest.fixture(scope="module")
def mw(django_db_setup, django_db_blocker):
    yield from f.module_world(django_db_blocker, lambda: _extend(build_world()))


@pytest.fixture(autouse=True)
def _each_test_in_a_savepoint(db):
    pass


@pytest.fixture(scope="module")
def pdf():
    return f.pdf_bytes("学位证书")


@pytest.fixture(scope="module")
def summary_pdf():
    return f.pdf_bytes(f.summary_text(800))


def login(w, role, **kwargs) -> Client:
    c = Client(**kwargs)
    c.force_login(getattr(w, role))
    return c


def app_of(w, target) -> m.Application:
    return getattr(w, APP_ATTR[target])


def cases(table: dict, targets=APP_TARGETS, ok=None):
    """Expand {role: (expected per target)} into (role, target, expected) parameters with readable ids."""
    out = []
    for role, row in table.items():
        assert len(row) == len(targets), role
        for target, expected in zip(targets, row, strict=True):
            expected = ok if expected == OK else expected
            out.append(pytest.param(role, target, expected, id=f"{role}-{target}-{expected}"))
    return out


def check(r, expected: int, w) -> None:
    body = b"" if r.streaming else r.content
    assert r.status_code == expected, body.decode(errors="replace")[:500]
    if r.get("Content-Type", "").startswith("application/json"):
        text = body.decode()
        for number in w.id_numbers:
            assert number not in text, "a full ID number in the response"
        if expected == 404:
            assert r.json()["detail"] == ["记录不存在或无权访问。"]
        if expected == 403:
            assert r.json()["detail"]


def fingerprint(app) -> tuple:
    """Everything a refused write must leave as it was."""
    app = m.Application.objects.select_related("applicant", "series", "title").get(pk=app.pk)
    drafts = sorted(m.Draft.objects.filter(application=app).values_list("section", "form_key", "data"))
    return (dossier.snapshot(app), drafts, app.state, app.reopened_sections,
            m.Attachment.objects.filter(application=app).count(), StoredFile.objects.count())


# --------------------------------------------------------------------------- expectations

OK = "ok"  # the endpoint's success status (201 create, 200 update, 204 delete)

# Read endpoints: can_view. Drafts are the applicant's and the unit's business: office reviewers,
# assessors and the provincial office never see them.
READ = {  #                 own  other own_sub other_sub
    "applicant":             (200, 404, 200, 404),
    "applicant2":            (404, 404, 404, 404),  # same unit, not the owner
    "other_applicant":       (404, 200, 404, 200),
    "hr":                    (200, 404, 200, 404),
    "other_hr":              (404, 200, 404, 200),
    "leader":                (200, 404, 200, 404),
    "assessor":              (404, 404, 200, 404),  # panel member, never drafts
    "office_reviewer":       (404, 404, 200, 404),  # units under its office, never drafts
    "other_office_reviewer": (404, 404, 404, 200),
    "provincial":            (404, 404, 200, 200),
    "host_user":             (404, 404, 404, 404),
    "expert":                (404, 404, 404, 404),
}

# Writes to the dossier: only the owner, only while a draft; in scope but not editable → 403.
WRITE = {  #                own  other own_sub other_sub
    "applicant":             (OK,  404, 403, 404),
    "applicant2":            (404, 404, 404, 404),
    "other_applicant":       (404, OK,  404, 403),
    "hr":                    (403, 404, 403, 404),
    "other_hr":              (404, 403, 404, 403),
    "leader":                (403, 404, 403, 404),
    "assessor":              (404, 404, 403, 404),
    "office_reviewer":       (404, 404, 403, 404),
    "other_office_reviewer": (404, 404, 404, 403),
    "provincial":            (404, 404, 403, 403),
    "host_user":             (404, 404, 404, 404),
    "expert":                (404, 404, 404, 404),
}

# Submit: the role is checked before the state: only the owner gets 422 on an already submitted one.
SUBMIT = {  #               own  other own_sub other_sub
    "applicant":             (200, 404, 422, 404),
    "applicant2":            (404, 404, 404, 404),
    "other_applicant":       (404, 200, 404, 422),
    "hr":                    (403, 404, 403, 404),
    "other_hr":              (404, 403, 404, 403),
    "leader":                (403, 404, 403, 404),
    "assessor":              (404, 404, 403, 404),
    "office_reviewer":       (404, 404, 403, 404),
    "other_office_reviewer": (404, 404, 404, 403),
    "provincial":            (404, 404, 403, 403),
    "host_user":             (404, 404, 404, 404),
    "expert":                (404, 404, 404, 404),
}

# Return (unit HR of the application's unit, only once submitted): the HR gets 422 on a draft; others 403.
RETURN = {  #               own  other own_sub other_sub
    "applicant":             (403, 404, 403, 404),
    "applicant2":            (404, 404, 404, 404),
    "other_applicant":       (404, 403, 404, 403),
    "hr":                    (422, 404, 200, 404),
    "other_hr":              (404, 422, 404, 200),
    "leader":                (403, 404, 403, 404),
    "assessor":              (404, 404, 403, 404),
    "office_reviewer":       (404, 404, 403, 404),
    "other_office_reviewer": (404, 404, 404, 403),
    "provincial":            (404, 404, 403, 403),
    "host_user":             (404, 404, 404, 404),
    "expert":                (404, 404, 404, 404),
}

# Diff of versions 1 and 1: drafts have no version (404 for everyone); submitted ones as READ.
DIFF = {role: (404, 404, row[2], row[3]) for role, row in READ.items()}

CAMPAIGN_READ = {  #        own  other own_draft other_draft
    "applicant":             (200, 404, 404, 404),  # unit staff see published campaigns only
    "applicant2":            (200, 404, 404, 404),
    "other_applicant":       (404, 200, 404, 404),
    "hr":                    (200, 404, 200, 404),
    "other_hr":              (404, 200, 404, 200),
    "leader":                (200, 404, 200, 404),
    "assessor":              (200, 404, 404, 404),
    "office_reviewer":       (200, 404, 200, 404),
    "other_office_reviewer": (404, 200, 404, 200),
    "provincial":            (200, 200, 200, 200),
    "host_user":             (404, 404, 404, 404),
    "expert":                (404, 404, 404, 404),
}

CAMPAIGN_UPDATE = {  #      own  other own_draft other_draft
    "applicant":             (403, 404, 404, 404),
    "applicant2":            (403, 404, 404, 404),
    "other_applicant":       (404, 403, 404, 404),
    "hr":                    (200, 404, 200, 404),
    "other_hr":              (404, 200, 404, 200),
    "leader":                (403, 404, 403, 404),
    "assessor":              (403, 404, 404, 404),
    "office_reviewer":       (403, 404, 403, 404),
    "other_office_reviewer": (404, 403, 404, 403),
    "provincial":            (403, 403, 403, 403),
    "host_user":             (404, 404, 404, 404),
    "expert":                (404, 404, 404, 404),
}

# Publishing an already open campaign is a business refusal (422) for its HR.
CAMPAIGN_PUBLISH = {**CAMPAIGN_UPDATE, "hr": (422, 404, 200, 404), "other_hr": (404, 422, 404, 200)}

CAMPAIGN_CREATE = {role: 201 if role in ("hr", "other_hr") else 403 for role in ROLES}

# Start an application in a campaign: a non-applicant of the unit is refused (403); a second application 422.
APP_CREATE_TARGETS = ("own", "other", "own_draft")
APP_CREATE = {  #           own  other own_draft
    "applicant":             (422, 404, 404),  # already has world.app in this campaign
    "applicant2":            (201, 404, 404),
    "other_applicant":       (404, 422, 404),
    "hr":                    (403, 404, 403),
    "other_hr":              (404, 403, 404),
    "leader":                (403, 404, 403),
    "assessor":              (403, 404, 404),
    "office_reviewer":       (403, 404, 403),
    "other_office_reviewer": (404, 403, 404),
    "provincial":            (403, 403, 403),
    "host_user":             (404, 404, 404),
    "expert":                (404, 404, 404),
}

# --------------------------------------------------------------------------- account and codes


@pytest.mark.parametrize("role", ROLES)
def test_me(mw, role):
    r = login(mw, role).get(f"{API}/me")
    check(r, 200, mw)
    user = getattr(mw, role)
    assert r.json()["id"] == user.pk
    assert r.json()["id_number_masked"] == user.masked_id_number != user.id_number
    assert [x["role"] for x in r.json()["roles"]] == [a.role for a in user.role_assignments.all()]


@pytest.mark.parametrize("path", ["/codes/series", "/codes/titles", "/codes/workdays?start=2026-11-02&days=20"])
@pytest.mark.parametrize("role", ROLES)
def test_codes_are_open_to_every_signed_in_user(mw, role, path):
    check(login(mw, role).get(API + path), 200, mw)


# --------------------------------------------------------------------------- campaigns


def campaign_payload(w, **extra):
    titles = list(Title.objects.filter(code__in=["082", "083"]).values_list("pk", flat=True))
    return {"year": 2026, "name": "改过的年度申报", "conditions": "", "policy_text": "", "title_ids": titles,
            "stages": [], "panel": [], **extra}


@pytest.mark.parametrize("role", ROLES)
def test_list_campaigns_only_in_scope(mw, role):
    r = login(mw, role).get(f"{API}/campaigns")
    check(r, 200, mw)
    expected = set()
    for target, code in zip(CAMPAIGN_TARGETS, CAMPAIGN_READ[role], strict=True):
        if code == 200:
            expected.add(getattr(mw, CAMPAIGN_ATTR[target]).pk)
    # the 2025 campaigns (open) are visible exactly like the open ones of the same unit
    if CAMPAIGN_READ[role][0] == 200:
        expected.add(mw.campaign_2025.pk)
    if CAMPAIGN_READ[role][1] == 200:
        expected.add(mw.other_campaign_2025.pk)
    assert {c["id"] for c in r.json()["items"]} == expected
    assert r.json()["count"] == len(expected)


@pytest.mark.parametrize(("role", "target", "expected"), cases(CAMPAIGN_READ, CAMPAIGN_TARGETS))
def test_get_campaign(mw, role, target, expected):
    c = getattr(mw, CAMPAIGN_ATTR[target])
    r = login(mw, role).get(f"{API}/campaigns/{c.pk}")
    check(r, expected, mw)
    if expected == 200:
        assert r.json()["id"] == c.pk


@pytest.mark.parametrize(("role", "expected"), [pytest.param(r, e, id=f"{r}-{e}") for r, e in
                                                CAMPAIGN_CREATE.items()])
def test_create_campaign(mw, role, expected):
    before = Campaign.objects.count()
    r = login(mw, role).post(f"{API}/campaigns", campaign_payload(mw, year=2028), content_type="application/json")
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
    r = login(mw, role).put(f"{API}/campaigns/{c.pk}", campaign_payload(mw), content_type="application/json")
    check(r, expected, mw)
    c2 = Campaign.objects.get(pk=c.pk)
    assert (c2.name == "改过的年度申报") is (expected == 200)


@pytest.mark.parametrize(("role", "target", "expected"), cases(CAMPAIGN_PUBLISH, CAMPAIGN_TARGETS))
def test_publish_campaign(mw, role, target, expected):
    c = getattr(mw, CAMPAIGN_ATTR[target])
    r = login(mw, role).post(f"{API}/campaigns/{c.pk}/publish")
    check(r, expected, mw)
    assert Campaign.objects.get(pk=c.pk).status == (Campaign.Status.OPEN if expected == 200 else c.status)


# --------------------------------------------------------------------------- applications: list and create


@pytest.mark.parametrize("role", ROLES)
def test_list_applications_only_in_scope(mw, role):
    r = login(mw, role).get(f"{API}/applications")
    check(r, 200, mw)
    expected = {app_of(mw, t).pk for t, code in zip(APP_TARGETS, READ[role], strict=True) if code == 200}
    rows = r.json()["items"]
    assert {a["id"] for a in rows} == expected
    for a in rows:
        assert "*" in a["applicant_id_masked"]


def test_list_scope_in_words(mw):
    """The same scope, spelt out: HR sees its unit only; the office sees submitted ones under it only."""
    def ids(role):
        return {a["id"] for a in login(mw, role).get(f"{API}/applications").json()["items"]}

    assert mw.app.pk in ids("hr") and mw.other_app.pk not in ids("hr")
    assert ids("office_reviewer") == {mw.sub_app.pk}  # not the draft world.app, nothing of office2
    assert ids("other_office_reviewer") == {mw.other_sub.pk}
    assert ids("provincial") == {mw.sub_app.pk, mw.other_sub.pk}  # never drafts
    assert ids("host_user") == ids("expert") == ids("applicant2") == set()


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


# --------------------------------------------------------------------------- applications: reads

READ_ENDPOINTS = {
    "get": "/applications/{pk}",
    "missing": "/applications/{pk}/missing",
    "actions": "/applications/{pk}/actions",
    "section": "/applications/{pk}/sections/basic",
    "draft": "/applications/{pk}/drafts/achievement/new",
    "versions": "/applications/{pk}/versions",
    "roster": "/applications/{pk}/documents/roster",
    "review_form": "/applications/{pk}/documents/review_form",
}


@pytest.mark.parametrize("endpoint", READ_ENDPOINTS)
@pytest.mark.parametrize(("role", "target", "expected"), cases(READ))
def test_read_endpoints(mw, endpoint, role, target, expected):
    app = app_of(mw, target)
    if endpoint == "draft" and expected == 200 and role not in ("applicant", "other_applicant"):
        expected = 403  # unsaved typing is the applicant's own: staff who may see the dossier still may not
    r = login(mw, role).get(API + READ_ENDPOINTS[endpoint].format(pk=app.pk))
    check(r, expected, mw)
    if expected != 200:
        return
    if endpoint == "get":
        assert r.json()["id"] == app.pk
        assert r.json()["applicant_id_masked"] == app.applicant.masked_id_number
    elif endpoint == "section":
        assert r.json()["editable"] is (role in ("applicant", "other_applicant") and app.state == State.DRAFT)
        assert len(r.json()["items"]) == 1
    elif endpoint == "draft":
        assert r.json()["data"] == {"content": "草稿"}
    elif endpoint in ("roster", "review_form"):
        assert r["Content-Type"] == "application/pdf" and r.content.startswith(b"%PDF")


@pytest.mark.parametrize(("role", "target", "expected"), cases(READ))
def test_download_file(mw, role, target, expected, pdf):
    app = app_of(mw, target)
    stored = StoredFile(original_name="证书.pdf", kind="pdf", size=len(pdf), sha256="1" * 64,
                        uploaded_by=app.applicant)
    stored.file.save("x.pdf", ContentFile(pdf), save=False)
    stored.save()
    m.Attachment.objects.create(application=app, section="attachments", file=stored)
    r = login(mw, role).get(f"{API}/applications/{app.pk}/files/{stored.pk}")
    check(r, expected, mw)
    if expected == 200:
        assert b"".join(r.streaming_content) == pdf
        # No r.close(): the test client closes a consumed streaming response itself; closing it again would
        # fire request_finished with close_old_connections connected and drop the PostgreSQL connection.
        assert r["Content-Disposition"].startswith("attachment")


def test_file_of_another_application_is_404_through_my_application(mw, pdf):
    """Ask for world.other_app's file through world.app (which the HR may see): still 404."""
    stored = StoredFile(original_name="证书.pdf", kind="pdf", size=len(pdf), sha256="1" * 64,
                        uploaded_by=mw.other_applicant)
    stored.file.save("x.pdf", ContentFile(pdf), save=False)
    stored.save()
    m.Attachment.objects.create(application=mw.other_app, section="attachments", file=stored)
    check(login(mw, "hr").get(f"{API}/applications/{mw.app.pk}/files/{stored.pk}"), 404, mw)


@pytest.mark.parametrize(("role", "target", "expected"), cases(DIFF))
def test_versions_diff(mw, role, target, expected):
    app = app_of(mw, target)
    r = login(mw, role).get(f"{API}/applications/{app.pk}/versions/diff?a=1&b=1")
    check(r, expected, mw)
    if expected == 200:
        assert r.json() == []


def test_actions_list_what_the_user_may_do(mw):
    def actions(role, target):
        r = login(mw, role).get(f"{API}/applications/{app_of(mw, target).pk}/actions")
        return {a["action"] for a in r.json()}

    assert actions("applicant", "own") == {"submit", "withdraw"}
    assert actions("hr", "own") == set()
    assert actions("hr", "own_sub") == {"return"}  # 核实通过 belongs to §二, not built yet
    assert actions("provincial", "own_sub") == set()


# --------------------------------------------------------------------------- applications: writes


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
    r = login(mw, role).post(f"{API}/applications/{app.pk}/submit")
    check(r, expected, mw)
    app.refresh_from_db()
    if expected == 200:
        assert app.state == State.SUBMITTED and app.versions.count() == versions + 1
    else:
        assert app.state == app_of(mw, target).state and app.versions.count() == versions


@pytest.mark.parametrize(("role", "target", "expected"), cases(RETURN))
def test_return(mw, role, target, expected):
    app = app_of(mw, target)
    r = login(mw, role).post(f"{API}/applications/{app.pk}/return",
                             {"reason": "论文信息不全", "sections": ["publications"]}, content_type="application/json")
    check(r, expected, mw)
    app.refresh_from_db()
    if expected == 200:
        assert (app.state, app.reopened_sections) == (State.RETURNED, ["publications"])
    else:
        assert app.state == app_of(mw, target).state and app.reopened_sections == []


JSON_BODY_OPERATIONS = [("/api/v1/applications/{pk}/sections/{key}", "post"),
                        ("/api/v1/applications/{pk}/sections/{key}/{item_id}", "put"),
                        ("/api/v1/applications/{pk}/drafts/{key}/{form_key}", "put")]


@pytest.mark.parametrize(("path", "method"), JSON_BODY_OPERATIONS)
def test_json_payload_is_read_from_the_request_body(path, method):
    """The root cause of the section/draft write failures above, in one place.

    api/api.py declares `payload: dict` (create_item, update_item, put_draft) without Body(...): django-ninja
    takes a bare dict parameter as a QUERY parameter, so every JSON body is answered 422 "payload" missing,
    before any permission check.
    """
    from zhicheng.api.api import api

    operation = api.get_openapi_schema()["paths"][path][method]
    assert "payload" not in [p["name"] for p in operation.get("parameters", [])]
    assert "requestBody" in operation


# --------------------------------------------------------------------------- authentication

ALL_ENDPOINTS = [
    ("get", "/me"), ("get", "/codes/series"), ("get", "/codes/titles"),
    ("get", "/codes/workdays?start=2026-11-02&days=5"),
    ("get", "/campaigns"), ("post", "/campaigns"), ("get", "/campaigns/{c}"), ("put", "/campaigns/{c}"),
    ("post", "/campaigns/{c}/publish"),
    ("get", "/applications"), ("post", "/applications"), ("get", "/applications/{a}"),
    ("get", "/applications/{a}/missing"), ("get", "/applications/{a}/actions"),
    ("get", "/applications/{a}/sections/basic"), ("post", "/applications/{a}/sections/work"),
    ("put", "/applications/{a}/sections/work/{i}"), ("delete", "/applications/{a}/sections/work/{i}"),
    ("put", "/applications/{a}/drafts/achievement/new"), ("get", "/applications/{a}/drafts/achievement/new"),
    ("post", "/applications/{a}/attachments"), ("post", "/applications/{a}/work-summary"),
    ("get", "/applications/{a}/files/1"), ("post", "/applications/{a}/submit"),
    ("post", "/applications/{a}/return"), ("get", "/applications/{a}/versions"),
    ("get", "/applications/{a}/versions/diff?a=1&b=1"), ("get", "/applications/{a}/documents/roster"),
]


@pytest.mark.parametrize(("method", "path"), ALL_ENDPOINTS, ids=[f"{m_} {p}" for m_, p in ALL_ENDPOINTS])
def test_unauthenticated_is_401(mw, method, path):
    url = API + path.format(c=mw.campaign.pk, a=mw.app.pk, i=mw.items["own"])
    before = fingerprint(mw.app)
    kwargs = {"content_type": "application/json", "data": "{}"} if method in ("post", "put") else {}
    r = getattr(Client(), method)(url, **kwargs)
    assert r.status_code == 401
    assert r.json()["detail"] == ["请先登录，或提供有效的访问令牌。"]
    assert fingerprint(mw.app) == before


def test_session_post_without_csrf_token_is_refused(mw):
    c = login(mw, "applicant", enforce_csrf_checks=True)
    before = fingerprint(mw.app)
    assert c.post(f"{API}/applications/{mw.app.pk}/submit").status_code == 403
    assert c.post(f"{API}/applications/{mw.app.pk}/sections/work", {"start_date": "2009-01-01", "employer": "某设计院",
                  "position": "工程师"}, content_type="application/json").status_code == 403
    url = f"{API}/applications/{mw.app.pk}/sections/work/{mw.items['own']}"
    assert c.put(url, {"employer": "x"}, content_type="application/json").status_code == 403
    assert c.delete(url).status_code == 403
    assert fingerprint(mw.app) == before
    assert m.Application.objects.get(pk=mw.app.pk).state == State.DRAFT


def test_session_post_with_csrf_token_is_accepted(mw):
    """The control for the test above: the same request with the token goes through."""
    c = login(mw, "applicant", enforce_csrf_checks=True)
    c.cookies["csrftoken"] = "a" * 32
    r = c.post(f"{API}/applications/{mw.app.pk}/submit", HTTP_X_CSRFTOKEN="a" * 32)
    assert r.status_code == 200
    assert m.Application.objects.get(pk=mw.app.pk).state == State.SUBMITTED


def _token(user, key="k-123", **kw):
    return ApiToken.objects.create(user=user, name="集成", key_hash=hash_key(key), **kw)


def test_bearer_token_authenticates_as_its_user(mw):
    token = _token(mw.hr)
    c = Client(enforce_csrf_checks=True)  # a real integration has no session and no CSRF cookie
    r = c.get(f"{API}/me", HTTP_AUTHORIZATION="Bearer k-123")
    assert r.status_code == 200 and r.json()["id"] == mw.hr.pk
    token.refresh_from_db()
    assert token.last_used_at is not None
    # the token carries the user's scope, nothing more
    assert c.get(f"{API}/applications/{mw.app.pk}", HTTP_AUTHORIZATION="Bearer k-123").status_code == 200
    assert c.get(f"{API}/applications/{mw.other_app.pk}", HTTP_AUTHORIZATION="Bearer k-123").status_code == 404


def test_bearer_token_can_write_without_csrf(mw):
    """Integrations authenticate by token and have no CSRF cookie: a POST with a valid token must work.

    The session authenticator (csrf=True) is tried first and raises 403 "CSRF check Failed" for any POST
    without a CSRF cookie, before the token authenticator is reached (api/auth.py AUTH order).
    """
    _token(mw.hr)
    c = Client(enforce_csrf_checks=True)
    r = c.post(f"{API}/applications/{mw.sub_app.pk}/return", {"reason": "论文信息不全", "sections": ["publications"]},
               content_type="application/json", HTTP_AUTHORIZATION="Bearer k-123")
    assert r.status_code == 200, r.content.decode()
    assert m.Application.objects.get(pk=mw.sub_app.pk).state == State.RETURNED


@pytest.mark.parametrize("header", ["Bearer k-123", "Bearer wrong", "Bearer ", "Token k-123"])
def test_revoked_or_wrong_token_is_401(mw, header):
    _token(mw.hr, revoked=True)
    r = Client().get(f"{API}/me", HTTP_AUTHORIZATION=header)
    assert r.status_code == 401


def test_token_of_inactive_user_is_401(mw):
    _token(mw.hr)
    type(mw.hr).objects.filter(pk=mw.hr.pk).update(is_active=False)
    assert Client().get(f"{API}/me", HTTP_AUTHORIZATION="Bearer k-123").status_code == 401


# --------------------------------------------------------------------------- personal data


def test_no_response_carries_a_full_id_number(mw):
    """Walk the read endpoints as the provincial office (which sees everything) and look for ID numbers."""
    c = login(mw, "provincial")
    urls = [f"{API}/me", f"{API}/applications", f"{API}/campaigns"]
    for target in APP_TARGETS:
        pk = app_of(mw, target).pk
        urls += [f"{API}/applications/{pk}", f"{API}/applications/{pk}/versions",
                 f"{API}/applications/{pk}/versions/diff?a=1&b=1"]
        urls += [f"{API}/applications/{pk}/sections/{s}" for s in ("basic", "education", "work", "summary")]
    for url in urls:
        r = c.get(url)
        assert r.status_code in (200, 404), url
        text = r.content.decode()
        for number in mw.id_numbers:
            assert number not in text, url
    rows = c.get(f"{API}/applications").json()["items"]
    assert {a["applicant_id_masked"] for a in rows} == {mw.applicant.masked_id_number,
                                                        mw.other_applicant.masked_id_number}
    assert all(json.dumps(a, ensure_ascii=False).count("*") >= 12 for a in rows)


def test_version_snapshot_has_no_id_number(mw):
    for v in m.ApplicationVersion.objects.all():
        text = json.dumps(v.snapshot, ensure_ascii=False)
        for number in mw.id_numbers:
            assert number not in text


def test_workdays_input_is_bounded(mw):
    r = login(mw, "hr").get(f"{API}/codes/workdays?start={datetime.date(2026, 11, 2)}&days=0")
    assert r.status_code == 422
