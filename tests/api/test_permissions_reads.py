"""Who may read what through /api/v1/: the role × record matrix of every read endpoint (tests/api/matrix.py)."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

from zhicheng.dossier import models as m
from zhicheng.files.models import StoredFile
from zhicheng.workflow.states import State

from .matrix import (
    API,
    APP_TARGETS,
    CAMPAIGN_ATTR,
    CAMPAIGN_READ,
    CAMPAIGN_TARGETS,
    DIFF,
    READ,
    ROLES,
    app_of,
    cases,
    check,
    login,
)

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


# --------------------------------------------------------------------------- applications

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
    """The same scope, spelt out: HR sees its unit's submitted dossiers only; offices and the province see
    nothing until a unit submits upward (§二(八))."""
    def ids(role):
        return {a["id"] for a in login(mw, role).get(f"{API}/applications").json()["items"]}

    assert ids("hr") == {mw.sub_app.pk}  # not the draft world.app, nothing of the other unit
    assert ids("other_hr") == {mw.other_sub.pk}
    assert ids("office_reviewer") == ids("other_office_reviewer") == ids("provincial") == set()
    assert ids("host_user") == ids("expert") == ids("applicant2") == set()


READ_ENDPOINTS = {
    "get": "/applications/{pk}",
    "missing": "/applications/{pk}/missing",
    "actions": "/applications/{pk}/actions",
    "section": "/applications/{pk}/sections/basic",
    "draft": "/applications/{pk}/drafts/achievement/new",
    "versions": "/applications/{pk}/versions",
    "returns": "/applications/{pk}/returns",
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
        [item] = r.json()["items"]
        assert item["values"]["department"] == "设计部" and item["file"] is None
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

