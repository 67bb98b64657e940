"""API auth: the browser session (with CSRF) or a bearer token for integrations."""

from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from zhicheng.orgs.models import ApiToken
from zhicheng.orgs.tokens import hash_key

__all__ = ["AUTH", "hash_key"]


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        row = ApiToken.objects.filter(key_hash=hash_key(token), revoked=False).select_related("user").first()
        if row is None or not row.user.is_active or row.user.must_change_password:
            return None
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
        request.user = row.user
        return row.user


class ReadySessionAuth(SessionAuth):
    """The browser session, once the initial password has been changed (as in the UI)."""

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        return None if user is None or user.must_change_password else user


# The token first: a client with a bearer token has no CSRF cookie, and the session check would refuse it.
AUTH = [TokenAuth(), ReadySessionAuth(csrf=True)]
