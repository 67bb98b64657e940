"""The pages' CSRF token (zhicheng.jinja.csrf_token): Django's masked token, drawn with one read of the OS's
randomness. Django's middleware must accept it, unmask it to the cookie's secret, and each page must get a
fresh mask (BREACH)."""

import collections
import re

from django.middleware.csrf import CSRF_ALLOWED_CHARS, _unmask_cipher_token, get_token
from django.test import Client, RequestFactory

from zhicheng import jinja

TOKEN_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _request_with_secret():
    request = RequestFactory().get("/")
    get_token(request)  # Django makes the secret, as CsrfViewMiddleware reads it from the cookie
    request.META.pop("CSRF_COOKIE_NEEDS_UPDATE")
    return request


def test_the_token_unmasks_to_the_cookie_secret_under_a_fresh_mask():
    request = _request_with_secret()
    secret = request.META["CSRF_COOKIE"]
    tokens = [jinja.csrf_token(request) for _ in range(50)]
    assert all(len(t) == 64 and not t.strip(CSRF_ALLOWED_CHARS) for t in tokens)
    assert all(_unmask_cipher_token(t) == secret for t in tokens)
    assert len(set(tokens)) == 50  # a new mask every time
    assert "CSRF_COOKIE_NEEDS_UPDATE" not in request.META  # the browser's cookie is not sent back on every page


def test_the_mask_uses_every_character_about_equally():
    request = _request_with_secret()
    counts = collections.Counter(c for _ in range(2000) for c in jinja.csrf_token(request)[:32])
    assert set(counts) == set(CSRF_ALLOWED_CHARS)
    expected = 2000 * 32 / len(CSRF_ALLOWED_CHARS)  # about 1,032 each; a modulo bias would skew the first 8
    assert all(0.8 * expected < n < 1.2 * expected for n in counts.values()), counts


def test_without_a_secret_django_makes_it():
    request = RequestFactory().get("/")
    token = jinja.csrf_token(request)
    assert len(request.META["CSRF_COOKIE"]) == 32 and _unmask_cipher_token(token) == request.META["CSRF_COOKIE"]


def test_a_page_token_is_accepted_by_the_middleware_and_a_changed_one_refused(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.applicant)
    url = f"/applications/{world.app.pk}/s/achievement/"
    first = TOKEN_RE.search(client.get(url).content.decode()).group(1)
    page = client.get(url).content.decode()
    token = TOKEN_RE.search(page).group(1)
    assert token != first and page.count(token) >= 1
    swapped = token[:40] + ("a" if token[40] != "a" else "b") + token[41:]
    refused = client.post(url, {"content": "主持完成变电站设计。", "csrfmiddlewaretoken": swapped})
    assert refused.status_code == 403
    r = client.post(url, {"content": "主持完成变电站设计。", "csrfmiddlewaretoken": token})
    assert r.status_code == 302
    assert world.app.achievement.content == "主持完成变电站设计。"


def test_the_cookie_is_set_on_a_first_visit_and_at_login_not_again_on_every_page(world):
    """A first visit gets the cookie with the page's token; login rotates it (a fresh cookie, so it never grows
    old in use); later pages reuse it without a Set-Cookie of their own, and their forms are accepted."""
    client = Client(enforce_csrf_checks=True)
    first = client.get("/login/")
    assert "csrftoken" in first.cookies and first.cookies["csrftoken"]["max-age"]
    before = client.cookies["csrftoken"].value
    token = TOKEN_RE.search(first.content.decode()).group(1)
    r = client.post("/login/", {"username": world.applicant.username, "password": "Zc-Test-2026!",
                                "csrfmiddlewaretoken": token})
    assert r.status_code == 302, r.content.decode()[:500]
    assert "csrftoken" in r.cookies and client.cookies["csrftoken"].value != before  # rotated at login
    url = f"/applications/{world.app.pk}/s/achievement/"
    page = client.get(url)
    assert page.status_code == 200 and "csrftoken" not in page.cookies
    token = TOKEN_RE.search(page.content.decode()).group(1)
    assert _unmask_cipher_token(token) == client.cookies["csrftoken"].value
    saved = client.post(url, {"content": "主持完成变电站设计。", "csrfmiddlewaretoken": token})
    assert saved.status_code == 302
