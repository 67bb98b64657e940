"""API tokens: only digests are stored; a token is bound to its owner's password and expires."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.utils import timezone

from .models import password_stamp  # noqa: F401  (part of this module's interface)

DEFAULT_TOKEN_DAYS = 90  # the built-in value of parameter api_token_days


def hash_key(key: str) -> str:
    """Only this digest of an API token is stored."""
    return hashlib.sha256(key.encode()).hexdigest()


def new_key() -> tuple[str, str]:
    """A fresh key and its digest (the key is shown once and never stored)."""
    key = secrets.token_urlsafe(32)
    return key, hash_key(key)


def expiry(days: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


def is_valid(token, *, now: datetime.datetime | None = None) -> bool:
    """Not revoked, not expired, its owner active and still on the password it was issued under."""
    user = token.user
    return (not token.revoked and user.is_active and not user.must_change_password
            and token.expires_at is not None and token.expires_at > (now or timezone.now())
            and secrets.compare_digest(token.password_stamp, password_stamp(user)))


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def may_use_method(token, method: str) -> bool:
    """A read-only token reads; only a read-write token changes data."""
    return token.access == "read_write" or method.upper() in SAFE_METHODS


def token_days() -> int:
    """Parameter api_token_days: how long a new token stays valid."""
    from zhicheng.codes.models import get_param

    try:
        return get_param("api_token_days")
    except KeyError:  # the parameter row was deleted: the built-in value
        return DEFAULT_TOKEN_DAYS


def issue(user, name: str, *, access: str = "read", days: int | None = None):
    """Create a token for `user`: (the row, the key). Show the key once; only its digest is kept."""
    from .models import ApiToken

    key, digest = new_key()
    token = ApiToken.objects.create(user=user, name=name, key_hash=digest, access=access,
                                    expires_at=expiry(days if days is not None else token_days()))
    return token, key
