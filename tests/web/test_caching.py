"""What caches may keep (issue 6 §3): nothing answered to a signed-in user, no download, no API
answer; the favicon and static files stay cacheable."""

from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory

from zhicheng.web.middleware import NoStoreMiddleware


def test_authenticated_page_is_not_stored(client, world):
    client.force_login(world.applicant)
    r = client.get("/")
    assert r.status_code == 200
    assert "no-store" in r["Cache-Control"]


def test_pdf_and_export_are_not_stored(client, world):
    client.force_login(world.applicant)
    r = client.get(f"/applications/{world.app.pk}/doc/review_form.pdf")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert "no-store" in r["Cache-Control"]
    client.force_login(world.hr)
    r = client.get("/applications/export.xlsx")
    assert r.status_code == 200
    assert "no-store" in r["Cache-Control"]


def test_any_attachment_is_not_stored_even_for_anonymous():
    request = RequestFactory().get("/anything")
    request.user = AnonymousUser()

    def attachment(_request):
        response = HttpResponse(b"x")
        response["Content-Disposition"] = 'attachment; filename="a.pdf"'
        return response

    assert "no-store" in NoStoreMiddleware(attachment)(request)["Cache-Control"]
    assert not NoStoreMiddleware(lambda _r: HttpResponse(b"x"))(request).has_header("Cache-Control")


def test_favicon_is_served_and_cacheable(client, db):
    r = client.get("/favicon.ico")
    assert r.status_code == 200 and r["Content-Type"] == "image/x-icon"
    assert r.content.startswith(b"\x00\x00\x01\x00")  # the ICO signature
    assert "max-age=86400" in r["Cache-Control"] and "no-store" not in r["Cache-Control"]


def test_favicon_stays_cacheable_for_a_signed_in_user(client, world):
    client.force_login(world.applicant)
    r = client.get("/favicon.ico")
    assert r.status_code == 200 and "no-store" not in r["Cache-Control"]


def test_pages_link_the_favicon(client, world):
    client.force_login(world.applicant)
    assert '<link rel="icon" href="/static/web/favicon.ico">' in client.get("/").content.decode()


def test_never_cache_writes_what_djangos_helper_writes(monkeypatch):
    """The signed-in pages' no-store headers, written directly, are those of add_never_cache_headers; a view's
    own Cache-Control or Expires is still merged by Django's helper."""
    import time

    from django.utils.cache import add_never_cache_headers

    from zhicheng.web.middleware import never_cache

    for now in (1_800_000_000.2, 1_800_000_000.9, 1_800_000_061.0):
        monkeypatch.setattr(time, "time", lambda now=now: now)
        ours, django = HttpResponse(b"x"), HttpResponse(b"x")
        never_cache(ours)
        add_never_cache_headers(django)
        assert (ours["Cache-Control"], ours["Expires"]) == (django["Cache-Control"], django["Expires"])
    own = HttpResponse(b"x")
    own["Cache-Control"] = "private, no-store, max-age=0"
    never_cache(own)
    assert own["Cache-Control"].startswith("private, no-store") and "must-revalidate" in own["Cache-Control"]
