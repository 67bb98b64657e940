"""The back office's login and logout (issue 6 §2, §5): staff sign in on the main login page (ID number or
user name), and logins, failed logins and logouts are audit events whichever page they start from."""

import pytest
from django.test import Client

from zhicheng.audit.models import AuditEvent
from zhicheng.orgs.roles import Role

from .. import factories as f


def test_the_back_office_sends_staff_to_the_main_login(client):
    r = client.get("/admin/codes/parameter/")
    assert r.status_code == 302
    r = client.get(r["Location"])
    assert r.status_code == 302 and r["Location"] == "/login/?next=%2Fadmin%2Fcodes%2Fparameter%2F"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/applications/"])
def test_the_back_office_login_returns_only_to_the_back_office(client, target):
    r = client.get("/admin/login/", {"next": target})
    assert r["Location"] == "/login/?next=%2Fadmin%2F"


def test_a_post_to_the_back_office_login_signs_nobody_in(client, admins):
    admin_user = admins[Role.SYSTEM_ADMIN]
    r = client.post("/admin/login/", {"username": admin_user.username, "password": f.PASSWORD})
    assert r.status_code == 302 and r["Location"].startswith("/login/")
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("by", ["id_number", "username"])
def test_staff_sign_in_with_the_id_number_or_user_name_and_reach_the_back_office(client, admins, by):
    admin_user = admins[Role.SYSTEM_ADMIN]
    r = client.post("/login/", {"username": getattr(admin_user, by), "password": f.PASSWORD,
                                "next": "/admin/codes/parameter/"})
    assert r.status_code == 302 and r["Location"] == "/admin/codes/parameter/"
    assert client.get("/admin/codes/parameter/").status_code == 200
    ev = AuditEvent.objects.get(action="login")
    assert ev.actor == admin_user and ev.ip == "127.0.0.1"


def test_a_failed_back_office_sign_in_is_audited(client, admins):
    admin_user = admins[Role.SECURITY_ADMIN]
    r = client.post("/login/", {"username": admin_user.id_number, "password": "wrong", "next": "/admin/"})
    assert r.status_code == 200
    ev = AuditEvent.objects.get(action="login_failed")
    assert ev.actor == admin_user and ev.success is False


def test_signed_in_without_back_office_rights_is_403_not_a_loop(client, world):
    client.force_login(world.applicant)
    assert client.get("/admin/login/").status_code == 403


def test_signed_in_administrator_at_the_login_goes_to_the_index(client, admins):
    client.force_login(admins[Role.AUDIT_ADMIN])
    r = client.get("/admin/login/")
    assert r.status_code == 302 and r["Location"] == "/admin/"


@pytest.mark.parametrize("url", ["/logout/", "/admin/logout/"])
def test_logout_is_audited_on_every_page(admins, url):
    c = Client()
    user = admins[Role.AUDIT_ADMIN]
    c.force_login(user)
    r = c.post(url)
    assert r.status_code == (302 if url == "/logout/" else 200)  # the back office shows its 已退出 page
    ev = AuditEvent.objects.get(action="logout")
    assert ev.actor == user and ev.details["path"] == url
    assert "_auth_user_id" not in c.session


def test_the_back_office_password_change_is_the_main_one(client, admins):
    """One password page: the same rules, the same audit event (the admin's own form would skip both)."""
    client.force_login(admins[Role.AUDIT_ADMIN])
    r = client.post("/admin/password_change/", {"old_password": f.PASSWORD, "new_password1": "Zx8#kLm2qR!v",
                                                "new_password2": "Zx8#kLm2qR!v"})
    assert r.status_code == 302 and r["Location"] == "/password/"
    admins[Role.AUDIT_ADMIN].refresh_from_db()
    assert admins[Role.AUDIT_ADMIN].check_password(f.PASSWORD)
