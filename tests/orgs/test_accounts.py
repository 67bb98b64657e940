"""Login by ID number or user name, lockout, idle timeout, forced password change, password rule."""

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError

from zhicheng.audit.models import AuditEvent
from zhicheng.orgs.passwords import DengbaoPasswordValidator
from zhicheng.orgs.validators import validate_id_number

from .. import factories as f


def _login(client, username, password=f.PASSWORD):
    return client.post("/login/", {"username": username, "password": password})


def test_login_by_user_name(client, world):
    r = _login(client, world.hr.username)
    assert r.status_code == 302 and r["Location"] == "/"
    assert AuditEvent.objects.filter(action="login", actor=world.hr).exists()


def test_login_by_id_number_with_lower_case_x(client, db):
    u = f.user("applicant", f.org("某单位", "unit"), name="张三")
    u.id_number = "11010519491231002X"
    u.birth_date = None
    u.save()
    r = _login(client, "11010519491231002x")
    assert r.status_code == 302


def test_wrong_password_message_is_chinese_and_audited(client, world):
    r = _login(client, world.hr.username, "wrong-Pass1")
    assert "身份证号/用户名或密码错误" in r.content.decode()
    assert AuditEvent.objects.filter(action="login_failed", success=False).exists()


def test_account_locks_after_five_failures(client, world):
    for _ in range(5):
        _login(client, world.hr.username, "wrong-Pass1")
    r = _login(client, world.hr.username)  # right password, but locked
    assert r.status_code == 429
    assert "锁定30分钟" in r.content.decode()


def test_idle_timeout_logs_out(client, world, settings):
    client.force_login(world.hr)
    assert client.get("/").status_code == 200
    session = client.session
    session["last_seen"] = session.get("last_seen", 0) - 31 * 60
    session.save()
    r = client.get("/")
    assert r.status_code == 302 and "timeout=1" in r["Location"]


def test_forced_password_change_at_first_login(client, world):
    world.hr.must_change_password = True
    world.hr.save()
    client.force_login(world.hr)
    r = client.get("/applications/")
    assert r.status_code == 302 and r["Location"] == "/password/"
    r = client.post("/password/", {"old_password": f.PASSWORD, "new_password1": "Xin-Mima-2026",
                                   "new_password2": "Xin-Mima-2026"})
    assert r.status_code == 302
    world.hr.refresh_from_db()
    assert not world.hr.must_change_password
    assert client.get("/applications/").status_code == 200


@pytest.mark.parametrize("pw,msg", [("Ab1!", "至少8位"), ("abcdefgh1", "至少三类"), ("Hr1-abcdefg", "用户名")])
def test_password_rule(world, pw, msg):
    world.hr.username = "hr1"
    with pytest.raises(ValidationError, match=msg):
        DengbaoPasswordValidator().validate(pw, world.hr)


def test_password_may_not_contain_id_digits(world):
    pw = "Ab-" + world.hr.id_number[-6:] + "x"
    with pytest.raises(ValidationError, match="身份证号后6位"):
        DengbaoPasswordValidator().validate(pw, world.hr)


def test_healthz_503_when_database_unreachable(client, db, monkeypatch):
    class Unreachable:
        vendor = "postgresql"
        settings_dict: dict = {}

        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr("zhicheng.web.views.connection", Unreachable())
    r = client.get("/healthz")
    assert r.status_code == 503 and r.json()["database"] == "unreachable"


def test_security_headers(client, world):
    client.force_login(world.hr)
    r = client.get("/")
    assert r["X-Content-Type-Options"] == "nosniff"
    assert r["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in r["Content-Security-Policy"]
    assert "script-src 'self'" in r["Content-Security-Policy"]


def test_production_hasher_is_argon2():
    from zhicheng import settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_lockout_counts_per_account_whatever_identifier_is_typed(client, world):
    for ident in [world.hr.username, world.hr.id_number, world.hr.username, world.hr.id_number.lower(),
                  world.hr.username]:
        _login(client, ident, "wrong-Pass1")
    assert _login(client, world.hr.id_number).status_code == 429  # locked, even by the other identifier


def test_full_width_id_number_is_refused_not_a_second_account():
    full_width = "１１０１０５１９４９１２３１００２Ｘ"
    with pytest.raises(ValidationError):
        validate_id_number(full_width)


def test_failed_login_records_the_account(client, world):
    _login(client, world.hr.username, "wrong-Pass1")
    ev = AuditEvent.objects.get(action="login_failed")
    assert ev.actor == world.hr and ev.details == {"known_account": True}


def test_api_refused_until_the_initial_password_is_changed(client, world):
    world.hr.must_change_password = True
    world.hr.save()
    client.force_login(world.hr)
    assert client.get("/api/v1/me").status_code == 401


def test_absolute_session_timeout_does_not_slide(client, world, settings):
    client.force_login(world.hr)
    client.get("/")
    session = client.session
    session["login_at"] -= settings.SESSION_COOKIE_AGE + 1  # logged in 8 hours ago, active all along
    session.save()
    r = client.get("/")
    assert r.status_code == 302 and "timeout=1" in r["Location"]


def test_moving_an_office_moves_its_units_scope(client, world):
    world.office.parent = world.host  # any re-parenting
    world.office.save()
    world.unit.refresh_from_db()
    assert world.unit.path.startswith(world.office.path)
    client.force_login(world.office_reviewer)
    assert client.get(f"/campaigns/{world.campaign.pk}/").status_code == 200
    client.force_login(world.other_office_reviewer)
    assert client.get(f"/campaigns/{world.campaign.pk}/").status_code == 404
