"""API tokens in the back office (issue 6 §2): adding one works (twice), the key is shown once, the
validity comes from the parameter, "last used" and the dates are read-only."""

import re

import pytest
from django.test import Client

from zhicheng.audit.models import AuditEvent
from zhicheng.orgs.models import ApiToken
from zhicheng.orgs.roles import Role
from zhicheng.orgs.tokens import hash_key

ADD = "/admin/orgs/apitoken/add/"


@pytest.fixture
def security(client, admins):
    client.force_login(admins[Role.SECURITY_ADMIN])
    return client


def shown_key(response) -> str:
    return re.search(r'<code id="api-key"[^>]*>([^<]+)</code>', response.content.decode()).group(1)


def test_adding_a_token_shows_its_key_once_and_it_works(security, world):
    r = security.post(ADD, {"user": world.hr.pk, "name": "人社厅数据交换", "access": "read"})
    assert r.status_code == 200 and "密钥只显示这一次" in r.content.decode()
    key = shown_key(r)
    token = ApiToken.objects.get(name="人社厅数据交换")
    assert token.key_hash == hash_key(key) and token.access == "read"
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {key}").json()["id"] == world.hr.pk
    page = security.get(f"/admin/orgs/apitoken/{token.pk}/change/").content.decode()
    assert key not in page  # never again
    ev = AuditEvent.objects.get(action="admin_add", object_type="orgs.apitoken")
    assert key not in str(ev.details)


def test_a_second_token_can_be_added(security, world):
    """Both used to be saved with an empty key digest: the second add failed with a 500."""
    first = shown_key(security.post(ADD, {"user": world.hr.pk, "name": "一", "access": "read"}))
    second = shown_key(security.post(ADD, {"user": world.hr.pk, "name": "二", "access": "read_write"}))
    assert first != second
    assert ApiToken.objects.filter(user=world.hr).count() == 2


def test_the_add_page_states_the_validity(security):
    page = security.get(ADD).content.decode()
    assert "有效期为 90 天" in page
    assert 'name="last_used_at"' not in page and 'name="expires_at"' not in page and 'name="key_hash"' not in page


def test_last_used_and_dates_are_read_only(security, world):
    key = shown_key(security.post(ADD, {"user": world.hr.pk, "name": "集成", "access": "read"}))
    token = ApiToken.objects.get()
    expires = token.expires_at
    page = security.get(f"/admin/orgs/apitoken/{token.pk}/change/").content.decode()
    for field in ("last_used_at", "expires_at", "created_at", "access", "user"):
        assert f'name="{field}"' not in page
    r = security.post(f"/admin/orgs/apitoken/{token.pk}/change/",
                      {"name": "集成", "revoked": "on", "last_used_at": "2020-01-01 00:00", "access": "read_write",
                       "expires_at": "2099-01-01 00:00"})
    assert r.status_code == 302
    token.refresh_from_db()
    assert token.revoked and token.last_used_at is None and token.access == "read" and token.expires_at == expires
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


def test_no_token_for_oneself_or_an_administrator(security, admins):
    for target, error in ((admins[Role.SECURITY_ADMIN], "不能为自己签发令牌"),
                          (admins[Role.SYSTEM_ADMIN], "管理员账号不能使用接口令牌")):
        r = security.post(ADD, {"user": target.pk, "name": "后门", "access": "read_write"})
        assert r.status_code == 200 and error in r.content.decode() and 'id="api-key"' not in r.content.decode()
    assert not ApiToken.objects.exists()


def test_only_the_security_admin_manages_tokens(client, admins, world):
    client.force_login(admins[Role.SYSTEM_ADMIN])
    assert client.post(ADD, {"user": world.hr.pk, "name": "x", "access": "read"}).status_code == 403
    assert not ApiToken.objects.exists()
