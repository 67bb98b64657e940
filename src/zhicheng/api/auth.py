"""API auth: the browser session (with CSRF) or a bearer token for integrations."""

from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from zhicheng.errors import Refusal
from zhicheng.orgs.models import ApiToken
from zhicheng.orgs.tokens import hash_key, is_valid, may_use_method

__all__ = ["AUTH", "hash_key"]


class TokenAuth(HttpBearer):
    """A valid token (see orgs.tokens.is_valid) authenticates as its owner, with the owner's scope; a
    read-only token asking to change anything is refused with 403 (authenticated, not allowed)."""

    def authenticate(self, request, token):
        row = ApiToken.objects.filter(key_hash=hash_key(token)).select_related("user").first()
        if row is None or not is_valid(row):
            return None
        if not may_use_method(row, request.method):
            raise Refusal("只读令牌只能查询，不能修改数据；需要修改时请申请读写令牌。", forbidden=True)
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
