"""The idle-timeout warning's server side: how long the session has left, and the extend endpoint."""

import time

from zhicheng.web.middleware import seconds_left

JSON = {"HTTP_ACCEPT": "application/json"}


def test_extend_restarts_the_idle_clock(client, world):
    client.force_login(world.applicant)
    client.get("/")
    session = client.session
    session["last_seen"] -= 25 * 60
    session.save()
    r = client.post("/session/extend/", **JSON)
    assert r.status_code == 200
    assert r.json()["ok"] is True and r.json()["seconds_left"] == 30 * 60
    assert abs(client.session["last_seen"] - time.time()) <= 2


def test_extend_cannot_pass_the_absolute_timeout(client, world):
    client.force_login(world.applicant)
    client.get("/")
    session = client.session
    session["login_at"] -= 8 * 3600 - 100  # 100 seconds of the 8 hours left
    session.save()
    left = client.post("/session/extend/", **JSON).json()["seconds_left"]
    assert 95 <= left <= 100


def test_extend_without_a_session_is_a_json_401(client, world):
    r = client.post("/session/extend/", **JSON)
    assert r.status_code == 401 and r.json()["ok"] is False


def test_extend_after_the_idle_timeout_is_a_json_401(client, world):
    client.force_login(world.applicant)
    client.get("/")
    session = client.session
    session["last_seen"] -= 30 * 60 + 1
    session.save()
    r = client.post("/session/extend/", **JSON)
    assert r.status_code == 401 and r.json()["error"] == "登录已超时，请重新登录后继续。"


def test_extend_is_post_only(client, world):
    client.force_login(world.applicant)
    assert client.get("/session/extend/").status_code == 405


def test_extend_works_while_a_password_change_is_due(client, world):
    world.applicant.must_change_password = True
    world.applicant.save()
    client.force_login(world.applicant)
    assert client.post("/session/extend/", **JSON).status_code == 200


def test_signed_in_pages_carry_the_warning_script_with_the_time_left(client, world, settings):
    settings.SESSION_WARN_SECONDS = 240
    client.force_login(world.applicant)
    page = client.get("/").content.decode()
    assert 'id="zc-session"' in page and 'data-warn="240"' in page
    assert f'data-user="{world.applicant.pk}"' in page and 'data-extend-url="/session/extend/"' in page
    assert "<script>" not in page  # CSP: no inline script


def test_the_login_page_has_no_warning_script(client, db):
    assert 'id="zc-session"' not in client.get("/login/").content.decode()


def test_seconds_left_is_the_nearer_of_the_idle_and_absolute_timeouts(settings):
    settings.SESSION_IDLE_SECONDS, settings.SESSION_COOKIE_AGE = 1800, 8 * 3600
    now = 1_000_000
    assert seconds_left({"last_seen": now - 1800, "login_at": now - 1800}, now) == 0
    assert seconds_left({"last_seen": now - 1799, "login_at": now - 1800}, now) == 1
    assert seconds_left({"last_seen": now, "login_at": now - 8 * 3600 + 10}, now) == 10
    assert seconds_left({"last_seen": now - 4000, "login_at": now - 4000}, now) == 0
