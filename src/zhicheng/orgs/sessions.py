"""The session store: Django's database store, on `UserSession`, whose read brings the account with it.

Every signed-in request used to send three statements before its view ran: the session, the account (with
the header's unread count), the account's role assignments. `load` sends one, composed once per thread: the
session row joined to its account and to each of the account's role assignments with its organisation (one
row per assignment). The authentication middleware (`zhicheng.orgs.middleware`) hands the store to the
backend while Django's `get_user` runs; the backend takes the account from it when the session names the same
account, and Django then checks the session's password hash as always.
"""

from __future__ import annotations

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
from django.db import IntegrityError, connections, router
from django.db.models import Count, F, OuterRef, Subquery
from django.utils import timezone

from zhicheng import querycache

_RA, _ORG = "ra_", "org_"


def _session_with_account(key):
    from django.apps import apps

    from .models import Organization, RoleAssignment, UserSession

    unread = (apps.get_model("messaging", "Message").objects
              .filter(recipient=OuterRef("user_id"), read_at__isnull=True).order_by()
              .values("recipient").annotate(n=Count("pk")).values("n"))
    columns = {"unread_messages_count": Subquery(unread)}
    for f in RoleAssignment._meta.concrete_fields:
        columns[_RA + f.attname] = F(f"user__role_assignments__{f.attname}")
    for f in Organization._meta.concrete_fields:
        columns[_ORG + f.attname] = F(f"user__role_assignments__organization__{f.attname}")
    return (UserSession.objects.filter(session_key=key).select_related("user").annotate(**columns)
            .order_by("user__role_assignments__id"))


def _account(rows):
    """The account of the session's rows, its unread count and role assignments attached (as
    `backends._user_with_unread` and `scope.assignments` would have read them), or None."""
    from .models import Organization, RoleAssignment

    user = rows[0].user if rows[0].user_id is not None else None
    if user is None:
        return None
    user.unread_messages_count = rows[0].unread_messages_count
    ra_names = [f.attname for f in RoleAssignment._meta.concrete_fields]
    org_names = [f.attname for f in Organization._meta.concrete_fields]
    assignments = []
    for row in rows:
        if getattr(row, _RA + "id") is None:
            continue  # an account without roles: the one row has no assignment
        ra = RoleAssignment.from_db(row._state.db, ra_names, [getattr(row, _RA + n) for n in ra_names])
        ra.organization = Organization.from_db(row._state.db, org_names, [getattr(row, _ORG + n) for n in org_names])
        ra.user = user
        assignments.append(ra)
    user._zc_assignments = assignments
    return user


_UPDATE_SQL: dict[tuple, str] = {}


def _update_sql(model, connection) -> str:
    """UPDATE of one session row by its key: data, expiry and account (quoted in the connection's dialect)."""
    key = (model._meta.label, connection.vendor)
    sql = _UPDATE_SQL.get(key)
    if sql is None:
        meta, quote = model._meta, connection.ops.quote_name
        columns = ", ".join(f"{quote(meta.get_field(n).column)} = %s" for n in ("session_data", "expire_date", "user"))
        sql = _UPDATE_SQL[key] = (f"UPDATE {quote(meta.db_table)} SET {columns} "  # noqa: S608 - names only
                                  f"WHERE {quote(meta.get_field('session_key').column)} = %s")
    return sql


class SessionStore(DatabaseStore):
    @classmethod
    def get_model_class(cls):
        from .models import UserSession

        return UserSession

    def create_model_instance(self, data):
        obj = super().create_model_instance(data)
        try:
            obj.user_id = int(data.get(SESSION_KEY)) if data.get(SESSION_KEY) is not None else None
        except (TypeError, ValueError):
            obj.user_id = None
        return obj

    def save(self, must_create=False):
        if self.session_key is None or must_create:
            return super().save(must_create=must_create)  # a new session: Django's insert, retried on a clash
        obj = self.create_model_instance(self._get_session())
        using = router.db_for_write(self.model, instance=obj)
        # One UPDATE, without Django's BEGIN and COMMIT around it: one row's update is atomic by itself. Its text
        # is fixed, so it is written once per database rather than composed by the ORM on every save.
        connection = connections[using]
        fields = [self.model._meta.get_field(n) for n in ("session_data", "expire_date", "user", "session_key")]
        params = [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields]
        try:
            with connection.cursor() as cursor:
                cursor.execute(_update_sql(self.model, connection), params)
                updated = cursor.rowcount
        except IntegrityError:  # the account was deleted meanwhile (its sessions go with it)
            raise UpdateError from None
        if not updated:
            raise UpdateError  # ended meanwhile (logged out elsewhere): the middleware answers as Django's does

    def _get_session_from_db(self):
        self._zc_account = None
        rows = querycache.fetch(("sessions.with_account",), _session_with_account, self.session_key)
        if rows and rows[0].expire_date > timezone.now():
            self._zc_account = _account(rows)
            return rows[0]
        self._session_key = None
        return None

    def account(self, pk):
        """The account read with this session, if it is the one with primary key `pk`; else None."""
        user = getattr(self, "_zc_account", None)
        return user if user is not None and user.pk == pk else None


def clear_expired_job(today) -> str:
    """Daily job (zhicheng.scheduling): expired sessions leave the table (Django's `clearsessions`)."""
    from .models import UserSession

    n, _ = UserSession.objects.filter(expire_date__lt=timezone.now()).delete()
    return f"清理过期登录会话 {n} 个"
