from django.contrib.auth.backends import ModelBackend
from django.db.models import Q

from zhicheng import querycache

from .hashers import login_slot
from .models import User
from .validators import normalize_id_number


def resolve_account(identifier: str) -> User | None:
    """The account a login names, by user name or 身份证号 (any case of the X, full-width folded)."""
    ident = (identifier or "").strip()
    if not ident:
        return None
    return User.objects.filter(Q(username=ident) | Q(id_number=normalize_id_number(ident))).first()


def axes_username(request, credentials) -> str:
    """Count failures per account, whichever identifier was typed (5 failures lock the account)."""
    ident = (credentials or {}).get("username", "") if isinstance(credentials, dict) else ""
    user = resolve_account(ident)
    return user.username if user else (ident or "").strip()


class IdNumberOrUsernameBackend(ModelBackend):
    """Log in with 身份证号 or user name."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or not password:
            return None
        user = resolve_account(username)
        with login_slot(user):  # LoginBusy when none comes free in time: not a failed login
            if user is None:
                User().set_password(password)  # same cost as a real check: no timing oracle
                return None
            ok = user.check_password(password)  # re-hashes an outdated hash with today's parameters
        if ok and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id):
        """The session's user, with the header's unread message count (消息) read in the same statement.
        Every signed-in request reads its user: it came with the session's own read (`orgs.sessions`) when
        the session store is at hand; otherwise one statement, composed once per thread."""
        from .middleware import current_session

        try:
            pk = User._meta.pk.to_python(user_id)
        except Exception:
            return None
        store = current_session.get()
        user = store.account(pk) if store is not None and hasattr(store, "account") else None
        if user is None:
            rows = querycache.fetch(("orgs.user_by_pk", "unread_messages"), _user_with_unread, pk)
            user = rows[0] if rows else None
        return user if user is not None and self.user_can_authenticate(user) else None


def _user_with_unread(pk):
    from django.apps import apps
    from django.db.models import Count, OuterRef, Subquery

    unread = (apps.get_model("messaging", "Message").objects
              .filter(recipient=OuterRef("pk"), read_at__isnull=True).order_by()
              .values("recipient").annotate(n=Count("pk")).values("n"))
    return User._default_manager.annotate(unread_messages_count=Subquery(unread)).filter(pk=pk)
