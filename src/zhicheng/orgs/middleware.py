"""Authentication: Django's middleware, with the account taken from the session's own read."""

from __future__ import annotations

import contextvars

from django.contrib import auth
from django.contrib.auth.middleware import AuthenticationMiddleware as DjangoAuthenticationMiddleware

# The request's session store while Django's get_user runs (and only then): the backend's get_user has no
# request, and a value left behind could outlive its request in a worker thread.
current_session = contextvars.ContextVar("zc_current_session", default=None)


def get_user(request):
    if not hasattr(request, "_cached_user"):
        token = current_session.set(request.session)
        try:
            request._cached_user = auth.get_user(request)
        finally:
            current_session.reset(token)
    return request._cached_user


class AuthenticationMiddleware(DjangoAuthenticationMiddleware):
    def process_request(self, request):
        super().process_request(request)
        # The account itself, not Django's lazy proxy: every page asks for it at once (the idle timeout in
        # web.middleware reads it on every request), and each of the hundred-odd reads of request.user a page
        # makes through the proxy cost a Python-level call.
        request.user = get_user(request)
