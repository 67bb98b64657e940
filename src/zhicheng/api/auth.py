"""API auth: the browser session (with CSRF) or a bearer token for integrations."""

import hashlib

from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from zhicheng.orgs.models import ApiToken


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        row = ApiToken.objects.filter(key_hash=hash_key(token), revoked=False).select_related("user").first()
        if row is None or not row.user.is_active:
            return None
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
        request.user = row.user
        return row.user


# The token first: a client with a bearer token has no CSRF cookie, and the session check would refuse it.
AUTH = [TokenAuth(), SessionAuth(csrf=True)]
