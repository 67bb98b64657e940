"""API tokens (issue 6 §2): they expire, are read-only or read-write, and stop working when the owner's
password changes; a read-only token gets 403 on any call that is not a read."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from zhicheng.codes.models import Parameter
from zhicheng.dossier import models as m
from zhicheng.orgs.models import ApiToken
from zhicheng.orgs.tokens import DEFAULT_TOKEN_DAYS, issue
from zhicheng.workflow.states import State

from .matrix import API, fingerprint, return_to_applicant


def bearer(key: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_a_new_token_is_read_only_and_expires_after_the_parameter(mw):
    Parameter.objects.filter(key="api_token_days").update(value=7)
    Parameter.objects.get(key="api_token_days").save()  # clears the cached value
    token, key = issue(mw.hr, "数据交换")
    assert token.access == ApiToken.Access.READ
    assert abs(token.expires_at - (timezone.now() + datetime.timedelta(days=7))) < datetime.timedelta(minutes=1)
    assert key not in token.key_hash


def test_the_validity_parameter_exists_with_its_default(mw):
    p = Parameter.objects.get(key="api_token_days")
    assert (p.value, p.unit) == (DEFAULT_TOKEN_DAYS, "天")


def test_a_read_only_token_reads(mw):
    _token, key = issue(mw.hr, "只读")
    c = Client(enforce_csrf_checks=True)
    assert c.get(f"{API}/me", **bearer(key)).status_code == 200
    assert c.get(f"{API}/applications/{mw.sub_app.pk}", **bearer(key)).status_code == 200


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_a_read_only_token_is_403_on_anything_but_a_read(mw, method):
    _token, key = issue(mw.applicant, "只读")
    before = fingerprint(mw.app)
    url = f"{API}/applications/{mw.app.pk}/sections/work" + ("" if method == "post" else f"/{mw.items['own']}")
    body = {"start_date": "2009-01-01", "employer": "某设计院", "position": "工程师"}
    r = getattr(Client(enforce_csrf_checks=True), method)(url, body, content_type="application/json", **bearer(key))
    assert r.status_code == 403
    assert r.json()["detail"] == ["只读令牌只能查询，不能修改数据；需要修改时请申请读写令牌。"]
    assert fingerprint(mw.app) == before


def test_a_read_only_token_cannot_take_a_step_that_a_read_write_token_can(mw):
    _ro, ro_key = issue(mw.hr, "只读")
    _rw, rw_key = issue(mw.hr, "读写", access=ApiToken.Access.READ_WRITE)
    c = Client(enforce_csrf_checks=True)
    assert return_to_applicant(c, mw.sub_app, **bearer(ro_key)).status_code == 403
    assert m.Application.objects.get(pk=mw.sub_app.pk).state == State.SUBMITTED
    assert return_to_applicant(c, mw.sub_app, **bearer(rw_key)).status_code == 200
    assert m.Application.objects.get(pk=mw.sub_app.pk).state == State.RETURNED


@pytest.mark.parametrize(("offset", "status"), [(-1, 401), (60, 200)])
def test_a_token_stops_working_when_it_expires(mw, offset, status):
    token, key = issue(mw.hr, "到期")
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() + datetime.timedelta(seconds=offset))
    assert Client().get(f"{API}/me", **bearer(key)).status_code == status


def test_a_token_stops_working_when_the_owners_password_changes(mw):
    _token, key = issue(mw.hr, "改密")
    assert Client().get(f"{API}/me", **bearer(key)).status_code == 200
    mw.hr.set_password("Another#Passw0rd")
    mw.hr.save()
    assert Client().get(f"{API}/me", **bearer(key)).status_code == 401
    _new, new_key = issue(mw.hr, "新令牌")  # a token issued after the change works
    assert Client().get(f"{API}/me", **bearer(new_key)).status_code == 200


def test_a_failed_token_does_not_count_as_used(mw):
    token, key = issue(mw.hr, "到期")
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(days=1))
    Client().get(f"{API}/me", **bearer(key))
    token.refresh_from_db()
    assert token.last_used_at is None


def test_the_command_issues_read_write_tokens_for_a_number_of_days(mw, capsys):
    call_command("create_api_token", mw.hr.username, "交换", "--read-write", "--days", "10")
    out = capsys.readouterr().out
    key = re.search(r"：(\S+)", out).group(1)
    token = ApiToken.objects.get(user=mw.hr, name="交换")
    assert token.access == ApiToken.Access.READ_WRITE and "读写" in out
    assert abs(token.expires_at - (timezone.now() + datetime.timedelta(days=10))) < datetime.timedelta(minutes=1)
    assert Client().get(f"{API}/me", **bearer(key)).status_code == 200


@pytest.mark.parametrize("days", ["0", str(DEFAULT_TOKEN_DAYS + 1)])
def test_the_command_refuses_a_validity_outside_the_parameter(mw, days):
    with pytest.raises(CommandError, match="有效天数"):
        call_command("create_api_token", mw.hr.username, "交换", "--days", days)
    assert not ApiToken.objects.filter(user=mw.hr).exists()
