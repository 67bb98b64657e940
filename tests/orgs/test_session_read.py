"""The session store's one read (issue 7): session, account and role assignments in one statement, with the
same checks as before — password hash, active account, roles as they are now — and nothing carried from one
request to the next."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.db import connection
from django.test import Client

from zhicheng.orgs.models import RoleAssignment, User, UserSession
from zhicheng.orgs.roles import Role

from .. import factories as f
from ..support.queries import captured

SESSION_TABLE = UserSession._meta.db_table


def _main_tables(sql_list: list[str]) -> list[str]:
    """The table of each SELECT's first column (the table it reads)."""
    out = []
    for sql in sql_list:
        found = re.match(r'\s*SELECT (?:DISTINCT )?"(\w+)"\.', sql)
        if found:
            out.append(found[1])
    return out


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    client.get("/")  # the session's first-request stamp is behind us
    return client


def test_a_signed_in_page_reads_session_account_and_roles_in_one_statement(world):
    client = _signed_in(world.hr)
    sql = captured(client, "get", "/applications/")
    tables = _main_tables(sql)
    assert tables.count(SESSION_TABLE) == 1
    assert "orgs_user" not in tables and "orgs_roleassignment" not in tables, tables
    first = next(q for q in sql if f'FROM "{SESSION_TABLE}"' in q)
    assert '"orgs_user"' in first and '"orgs_roleassignment"' in first and '"orgs_organization"' in first


def test_the_roles_read_with_the_session_are_the_accounts_roles(world):
    """A person with two roles in two organisations gets both, each with its organisation, in order."""
    RoleAssignment.objects.create(user=world.hr, role=Role.ASSESSOR, organization=world.other_unit)
    client = _signed_in(world.hr)
    r = client.get("/applications/")
    assert r.status_code == 200
    user = r.wsgi_request.user
    got = [(a.role, a.organization.name, a.organization.path) for a in user._zc_assignments]
    want = [(a.role, a.organization.name, a.organization.path)
            for a in RoleAssignment.objects.filter(user=world.hr).select_related("organization").order_by("pk")]
    assert got == want and len(got) == 2
    assert user.real_name == "刘人事"


def test_an_account_without_roles_is_still_signed_in(world):
    lone = f.user(None, None, name="无角色用户", username="lonely")
    client = _signed_in(lone)
    r = client.get("/")
    assert r.status_code == 200
    assert r.wsgi_request.user.is_authenticated and r.wsgi_request.user.pk == lone.pk
    assert r.wsgi_request.user._zc_assignments == []


def test_the_unread_count_comes_with_the_session(world):
    from zhicheng.messaging.models import Message

    Message.objects.create(recipient=world.applicant, subject="材料已退回", body="请修改")
    client = _signed_in(world.applicant)
    r = client.get("/")
    assert r.wsgi_request.user.unread_messages_count == 1


def test_a_role_taken_away_counts_from_the_next_request(world):
    f.submitted(world.app)
    client = _signed_in(world.hr)
    assert "退回修改" in client.get(f"/applications/{world.app.pk}/").content.decode()
    RoleAssignment.objects.filter(user=world.hr).delete()
    assert client.get(f"/applications/{world.app.pk}/").status_code == 404


def test_a_password_changed_elsewhere_ends_the_session(world):
    client = _signed_in(world.applicant)
    world.applicant.set_password("Another#Pass2026")
    world.applicant.save()
    r = client.get(f"/applications/{world.app.pk}/")
    assert r.status_code == 302 and "/login/" in r["Location"]


def test_a_deactivated_account_is_signed_out(world):
    client = _signed_in(world.applicant)
    User.objects.filter(pk=world.applicant.pk).update(is_active=False)
    r = client.get(f"/applications/{world.app.pk}/")
    assert r.status_code == 302 and "/login/" in r["Location"]


def test_the_session_row_names_its_account_and_goes_with_it(world):
    client = _signed_in(world.applicant)
    row = UserSession.objects.get(session_key=client.session.session_key)
    assert row.user_id == world.applicant.pk
    assert int(row.get_decoded()[SESSION_KEY]) == world.applicant.pk
    client.post("/logout/")
    assert not UserSession.objects.filter(session_key=row.session_key).exists()
    leaving = f.user(Role.APPLICANT, world.unit, name="离职人员", username="leaving")
    key = _signed_in(leaving).session.session_key
    assert UserSession.objects.filter(session_key=key, user=leaving).exists()
    leaving.delete()
    assert not UserSession.objects.filter(session_key=key).exists()  # deleting an account ends its sessions


def test_an_anonymous_session_has_no_account(world):
    client = Client()
    client.get("/login/")
    session = client.session
    session["probe"] = 1
    session.save()
    assert UserSession.objects.get(session_key=session.session_key).user_id is None


def test_nothing_is_carried_from_one_request_to_the_next(world):
    """Two people's requests alternate on the same thread: each sees only their own account."""
    a, b = _signed_in(world.applicant), _signed_in(world.other_applicant)
    for _ in range(3):
        ra = a.get(f"/applications/{world.app.pk}/")
        rb = b.get(f"/applications/{world.other_app.pk}/")
        assert ra.status_code == rb.status_code == 200
        assert ra.wsgi_request.user.pk == world.applicant.pk and rb.wsgi_request.user.pk == world.other_applicant.pk
        assert b.get(f"/applications/{world.app.pk}/").status_code == 404
    anonymous = Client().get(f"/applications/{world.app.pk}/")
    assert anonymous.status_code == 302


def test_the_backend_reads_the_account_itself_without_a_session_at_hand(world):
    """Outside a request (the API's tokens, a command) the backend still reads the account, with its count."""
    from zhicheng.orgs.backends import IdNumberOrUsernameBackend

    user = IdNumberOrUsernameBackend().get_user(world.hr.pk)
    assert user.pk == world.hr.pk and hasattr(user, "unread_messages_count")
    User.objects.filter(pk=world.hr.pk).update(is_active=False)
    assert IdNumberOrUsernameBackend().get_user(world.hr.pk) is None


@pytest.mark.parametrize("who", ["applicant", "hr"])
def test_the_application_read_is_one_statement_text_for_every_user_of_a_role(world, who):
    """The scope checks' columns are named by position: two people of the same role send the same text, so
    PostgreSQL plans it once per connection instead of once per person."""
    texts = []

    def keep(execute, sql, params, many, context):
        if 'FROM "dossier_application"' in sql and '"_zc_cov_' in sql:
            texts.append(sql)
        return execute(sql, params, many, context)

    if who == "applicant":
        pairs = [(world.applicant, world.app), (world.other_applicant, world.other_app)]
    else:
        f.submitted(world.app)
        f.submitted(world.other_app)
        pairs = [(world.hr, world.app), (world.other_hr, world.other_app)]
    for user, app in pairs:
        client = _signed_in(user)
        with connection.execute_wrapper(keep):
            assert client.get(f"/applications/{app.pk}/").status_code == 200
    assert len(texts) == 2 and texts[0] == texts[1]


def test_a_session_change_is_one_update(world):
    from django.test.utils import CaptureQueriesContext

    from zhicheng.orgs.sessions import SessionStore

    client = _signed_in(world.applicant)
    store = SessionStore(client.session.session_key)
    store["note"] = "一次写入"
    with CaptureQueriesContext(connection) as ctx:
        store.save()
    sql = [q["sql"] for q in ctx.captured_queries]
    assert len(sql) == 1 and sql[0].lstrip().startswith("UPDATE"), sql  # no BEGIN/SAVEPOINT, no COMMIT
    assert SessionStore(client.session.session_key)["note"] == "一次写入"
    row = UserSession.objects.get(session_key=store.session_key)
    assert row.user_id == world.applicant.pk


def test_a_session_ended_meanwhile_is_not_written_back(world):
    from django.contrib.sessions.backends.base import UpdateError

    from zhicheng.orgs.sessions import SessionStore

    client = _signed_in(world.applicant)
    store = SessionStore(client.session.session_key)
    store["note"] = "x"
    store.load()
    UserSession.objects.filter(session_key=store.session_key).delete()  # logged out in another tab
    with pytest.raises(UpdateError):
        store.save()
    assert not UserSession.objects.filter(session_key=store.session_key).exists()


def test_the_composed_row_lock_still_refuses_to_run_outside_a_transaction(world_tx):
    """The lock's statement is composed once; running it again outside a transaction would lock nothing."""
    from django.db import transaction

    from zhicheng.dossier.services import locked

    with transaction.atomic():
        assert locked(world_tx.app, "unit").pk == world_tx.app.pk
    with pytest.raises(transaction.TransactionManagementError):
        locked(world_tx.app, "unit")


def test_expired_sessions_are_cleared_by_the_daily_job(world):
    import datetime

    from django.utils import timezone

    from zhicheng.scheduling import jobs

    live = _signed_in(world.applicant).session.session_key
    old = _signed_in(world.hr).session.session_key
    UserSession.objects.filter(session_key=old).update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    summary = jobs.get("clear_expired_sessions").fn(timezone.localdate())
    assert summary == "清理过期登录会话 1 个"
    assert set(UserSession.objects.values_list("session_key", flat=True)) == {live}


def test_a_session_whose_account_was_deleted_meanwhile_is_not_written_back(world):
    """The session's UPDATE names its account: an account deleted meanwhile (its sessions go with it) ends
    the session rather than failing the request."""
    from django.contrib.sessions.backends.base import UpdateError

    from zhicheng.orgs.sessions import SessionStore

    client = _signed_in(world.applicant2)
    store = SessionStore(client.session.session_key)
    store.load()
    store["note"] = "x"
    world.applicant2.delete()
    with pytest.raises(UpdateError):
        store.save()
    assert not UserSession.objects.filter(session_key=store.session_key).exists()
