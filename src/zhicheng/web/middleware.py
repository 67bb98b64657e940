import functools
import time

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import http_date

_EXEMPT_PREFIXES = ("/static/", "/favicon.ico", "/healthz", "/logout/", "/password/", "/api/", "/session/")
SECONDS_LEFT_HEADER = "X-Session-Seconds-Left"
TIMEOUT_MESSAGE = "登录已超时，请重新登录后继续。"


def wants_json(request: HttpRequest) -> bool:
    """A script's request (autosave, extend session) that reads JSON: a redirect to the login page would
    look like success to it, so it is answered 401 in JSON instead."""
    return "application/json" in request.headers.get("Accept", "")


def session_timed_out() -> JsonResponse:
    return JsonResponse({"ok": False, "error": TIMEOUT_MESSAGE, "login_url": reverse("login")}, status=401)


def seconds_left(session, now: int) -> int:
    """Seconds until the idle or the absolute timeout ends this session, whichever comes first."""
    last = session.get("last_seen", now)
    started = session.get("login_at", now)
    return max(0, min(settings.SESSION_IDLE_SECONDS - (now - last), settings.SESSION_COOKIE_AGE - (now - started)))


class PasswordChangeRequiredMiddleware:
    """Idle timeout (等保 登录超时) and forced password change at first login.

    The page learns how long its session has left (`request.session_seconds_left`, and the
    `X-Session-Seconds-Left` header for scripts) so it can warn before the idle timeout (web/session.js).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = int(time.time())
            last = request.session.get("last_seen", now)
            started = request.session.get("login_at", now)
            if now - last > settings.SESSION_IDLE_SECONDS or now - started > settings.SESSION_COOKIE_AGE:
                logout(request)
                if wants_json(request):
                    return session_timed_out()
                return redirect(f"{reverse('login')}?timeout=1")
            if "login_at" not in request.session:
                request.session["login_at"] = now  # the absolute timeout counts from here, not sliding
            # At most one session write a minute (sooner only when the idle timeout itself is that short).
            if now - last >= min(60, settings.SESSION_IDLE_SECONDS // 10) or "last_seen" not in request.session:
                request.session["last_seen"] = now
            if user.must_change_password and not request.path.startswith(_EXEMPT_PREFIXES):
                return redirect("password_change")
            request.session_seconds_left = seconds_left(request.session, now)
            request.session_warn_seconds = settings.SESSION_WARN_SECONDS
            response = self.get_response(request)
            if getattr(request, "user", None) is not None and request.user.is_authenticated:
                # A view may have touched the session (extend) or ended it (logout): read it again.
                response[SECONDS_LEFT_HEADER] = str(seconds_left(request.session, int(time.time())))
            return response
        return self.get_response(request)


class NoStoreMiddleware:
    """`Cache-Control: no-store` on what a shared or browser cache must never keep: every page answered
    to a signed-in user, every API answer, every download (attachment). Static files are served by
    WhiteNoise before this runs and keep their long caching; a view that marks its answer `public`
    (the favicon) keeps it too, unless it is a download."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        attachment = "attachment" in response.get("Content-Disposition", "")
        if "public" in response.get("Cache-Control", "") and not attachment:
            return response
        if attachment or (user is not None and user.is_authenticated) or request.path.startswith("/api/"):
            never_cache(response)
        return response


NEVER_CACHE = "max-age=0, no-cache, no-store, must-revalidate, private"  # what add_never_cache_headers writes


def never_cache(response) -> None:
    """Django's add_never_cache_headers; when the view set neither header (nearly always), written directly,
    without parsing and re-joining Cache-Control and formatting the date anew on every page."""
    if "Cache-Control" in response or "Expires" in response:
        add_never_cache_headers(response)
        return
    response.headers["Expires"] = _http_date(int(time.time()))
    response.headers["Cache-Control"] = NEVER_CACHE


@functools.lru_cache(maxsize=2)
def _http_date(second: int) -> str:
    return http_date(second)
