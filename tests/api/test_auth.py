"""Authentication of /api/v1/ (session with CSRF, bearer tokens) and personal data in its answers."""

from __future__ import annotations

import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone

from zhicheng.api.auth import hash_key
from zhicheng.dossier import models as m
from zhicheng.orgs.models import ApiToken
from zhicheng.workflow.states import State

from .matrix import API, APP_TARGETS, READ, act, app_of, fingerprint, login, return_to_applicant

# --------------------------------------------------------------------------- authentication

def operations() -> list[tuple[str, str]]:
    """Every operation the API declares (so a new endpoint joins these tests by itself)."""
    from zhicheng.urls import api  # registers the <id:…> converter first

    return [(method, path.removeprefix(API)) for path, ops in api.get_openapi_schema()["paths"].items()
            for method in ops]


QUERY = {"/codes/workdays": "?start=2026-11-02&days=5", "/codes/holidays": "?year=2026",
         "/applications/{pk}/versions/diff": "?a=1&b=1"}


def url_of(w, path: str) -> str:
    pk = w.campaign.pk if path.startswith("/campaigns") else w.app.pk
    return API + path.format(pk=pk, key="work", item_id=w.items["own"], form_key="new", file_id=1, att_id=1,
                             doc="roster", action="submit", step="prereview") + QUERY.get(path, "")


# Public operations (no login): the running notice (公示) and objections to it — tests/publicity/test_api.py;
# 证书查询 — tests/results/test_pages.py; the result notice (评审结果公示) — tests/results/test_result_flow_api.py.
PUBLIC_PREFIXES = ("/publicity/public/", "/certificates/verify", "/results/public/")


def private_operations() -> list[tuple[str, str]]:
    return [(m_, p) for m_, p in operations() if not p.startswith(PUBLIC_PREFIXES)]


@pytest.mark.parametrize(("method", "path"), private_operations(), ids=[f"{m_} {p}" for m_, p in private_operations()])
def test_unauthenticated_is_401(mw, method, path):
    url = url_of(mw, path)
    before = fingerprint(mw.app)
    kwargs = {"content_type": "application/json", "data": "{}"} if method in ("post", "put") else {}
    r = getattr(Client(), method)(url, **kwargs)
    assert r.status_code == 401
    assert r.json()["detail"] == ["请先登录，或提供有效的访问令牌。"]
    assert fingerprint(mw.app) == before


def test_session_post_without_csrf_token_is_refused(mw):
    c = login(mw, "applicant", enforce_csrf_checks=True)
    before = fingerprint(mw.app)
    assert act(c, mw.app, "submit").status_code == 403
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
    r = act(c, mw.app, "submit", HTTP_X_CSRFTOKEN="a" * 32)
    assert r.status_code == 200
    assert m.Application.objects.get(pk=mw.app.pk).state == State.SUBMITTED


def _token(user, key="k-123", **kw):
    kw = {"access": ApiToken.Access.READ_WRITE, "expires_at": timezone.now() + datetime.timedelta(days=30), **kw}
    return ApiToken.objects.create(user=user, name="集成", key_hash=hash_key(key), **kw)


def test_bearer_token_authenticates_as_its_user(mw):
    token = _token(mw.hr)
    c = Client(enforce_csrf_checks=True)  # a real integration has no session and no CSRF cookie
    r = c.get(f"{API}/me", HTTP_AUTHORIZATION="Bearer k-123")
    assert r.status_code == 200 and r.json()["id"] == mw.hr.pk
    token.refresh_from_db()
    assert token.last_used_at is not None
    # the token carries the user's scope, nothing more
    assert c.get(f"{API}/applications/{mw.sub_app.pk}", HTTP_AUTHORIZATION="Bearer k-123").status_code == 200
    assert c.get(f"{API}/applications/{mw.other_sub.pk}", HTTP_AUTHORIZATION="Bearer k-123").status_code == 404
    assert c.get(f"{API}/applications/{mw.app.pk}", HTTP_AUTHORIZATION="Bearer k-123").status_code == 404  # a draft


def test_bearer_token_can_write_without_csrf(mw):
    """Integrations authenticate by token and have no CSRF cookie: a POST with a valid token must work.

    The session authenticator (csrf=True) is tried first and raises 403 "CSRF check Failed" for any POST
    without a CSRF cookie, before the token authenticator is reached (api/auth.py AUTH order).
    """
    _token(mw.hr)
    c = Client(enforce_csrf_checks=True)
    r = return_to_applicant(c, mw.sub_app, HTTP_AUTHORIZATION="Bearer k-123")
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
    """Walk the read endpoints as unit HR (which sees its unit's submitted dossiers) and look for ID numbers."""
    c = login(mw, "hr")
    urls = {f"{API}/me": 200, f"{API}/applications": 200, f"{API}/campaigns": 200}
    for target, expected in zip(APP_TARGETS, READ["hr"], strict=True):
        pk = app_of(mw, target).pk
        for path in ("", "/versions", "/versions/diff?a=1&b=1", "/returns", "/actions",
                     *[f"/sections/{s}" for s in ("basic", "education", "work", "summary")]):
            urls[f"{API}/applications/{pk}{path}"] = expected
    for url, expected in urls.items():
        r = c.get(url)
        assert r.status_code == expected, url
        text = r.content.decode()
        for number in mw.id_numbers:
            assert number not in text, url
    rows = c.get(f"{API}/applications").json()["items"]
    assert {a["applicant_id_masked"] for a in rows} == {mw.applicant.masked_id_number}
    assert all(json.dumps(a, ensure_ascii=False).count("*") >= 12 for a in rows)


def test_version_snapshot_has_no_id_number(mw):
    for v in m.ApplicationVersion.objects.all():
        text = json.dumps(v.snapshot, ensure_ascii=False)
        for number in mw.id_numbers:
            assert number not in text


def test_workdays_input_is_bounded(mw):
    r = login(mw, "hr").get(f"{API}/codes/workdays?start={datetime.date(2026, 11, 2)}&days=0")
    assert r.status_code == 422
