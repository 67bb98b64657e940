import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

_EXEMPT_PREFIXES = ("/static/", "/favicon.ico", "/healthz", "/logout/", "/password/", "/api/")


class PasswordChangeRequiredMiddleware:
    """Idle timeout (等保 登录超时) and forced password change at first login."""

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
                return redirect(f"{reverse('login')}?timeout=1")
            if "login_at" not in request.session:
                request.session["login_at"] = now  # the absolute timeout counts from here, not sliding
            if now - last >= 60 or "last_seen" not in request.session:
                request.session["last_seen"] = now  # at most one session write a minute
            if user.must_change_password and not request.path.startswith(_EXEMPT_PREFIXES):
                return redirect("password_change")
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
            add_never_cache_headers(response)
        return response
