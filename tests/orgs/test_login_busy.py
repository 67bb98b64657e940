"""A login storm cannot take every thread (issue 7): a login that finds no password-check slot within
LOGIN_SLOT_WAIT is answered 503 with Retry-After and the form again (what was typed, except the password);
it is not a wrong password, so the lockout does not count it, and the audit trail keeps it as its own event."""

import threading

import pytest
from axes.models import AccessAttempt

from zhicheng.audit.models import AuditEvent
from zhicheng.orgs import hashers

from .. import factories as f


@pytest.fixture
def one_slot(settings, monkeypatch):
    """One password check at once in this process, nobody waiting for it (built afresh from the settings)."""
    settings.LOGIN_CONCURRENCY = 1
    settings.LOGIN_QUEUE = 0
    settings.LOGIN_SLOT_WAIT = 0.05
    settings.LOGIN_RETRY_AFTER = 7
    monkeypatch.setattr(hashers, "_slots", None)
    yield
    monkeypatch.setattr(hashers, "_slots", None)


@pytest.fixture
def slot_held(one_slot):
    """Another thread is checking a password: it holds the only slot until the test ends."""
    holding, done = threading.Event(), threading.Event()

    def hold():
        with hashers.login_slot():
            holding.set()
            done.wait(30)

    t = threading.Thread(target=hold)
    t.start()
    assert holding.wait(10)
    yield
    done.set()
    t.join(10)


def _login(client, username, password=f.PASSWORD, **extra):
    return client.post("/login/", {"username": username, "password": password, **extra})


def test_a_login_without_a_free_slot_is_answered_503_with_retry_after(client, world, slot_held):
    r = _login(client, world.hr.username, next="/applications/")
    assert r.status_code == 503 and r["Retry-After"] == "7"
    page = r.content.decode()
    assert "当前登录人数较多，请稍候几秒再试" in page and "约7秒后" in page
    assert f'value="{world.hr.username}"' in page  # what the user typed is kept …
    assert f.PASSWORD not in page  # … except the password
    assert 'name="next" value="/applications/"' in page
    assert "_auth_user_id" not in client.session


def test_a_busy_answer_is_no_failed_login_for_the_lockout(client, world, slot_held):
    for _ in range(6):  # more than the 5 failures that lock an account
        assert _login(client, world.hr.username).status_code == 503
    assert not AccessAttempt.objects.exists()
    assert not AuditEvent.objects.filter(action="login_failed").exists()
    busy = AuditEvent.objects.filter(action="login_busy")
    assert busy.count() == 6 and {(e.actor, e.success) for e in busy} == {(world.hr, False)}


def test_an_unknown_name_is_turned_away_alike(client, world, slot_held):
    r = _login(client, "nobody-here")
    assert r.status_code == 503
    ev = AuditEvent.objects.get(action="login_busy")
    assert ev.actor is None and ev.details == {"known_account": False}


def test_once_the_slot_is_free_the_same_user_logs_in(client, world, one_slot):
    holding, done = threading.Event(), threading.Event()

    def hold():
        with hashers.login_slot():
            holding.set()
            done.wait(30)

    t = threading.Thread(target=hold)
    t.start()
    assert holding.wait(10)
    for _ in range(5):
        assert _login(client, world.hr.username).status_code == 503
    done.set()
    t.join(10)
    r = _login(client, world.hr.username)
    assert r.status_code == 302 and r["Location"] == "/"
    assert AuditEvent.objects.filter(action="login", actor=world.hr).exists()


def test_a_wrong_password_with_a_free_slot_still_counts(client, world, one_slot):
    r = _login(client, world.hr.username, "wrong-Pass1")
    assert r.status_code == 200 and "身份证号/用户名或密码错误" in r.content.decode()
    assert AccessAttempt.objects.get().failures_since_start == 1


def test_a_login_waits_for_a_slot_that_comes_free_within_the_wait(settings, monkeypatch):
    """Queued logins (LOGIN_QUEUE) wait up to LOGIN_SLOT_WAIT and then check: none is turned away here."""
    settings.LOGIN_CONCURRENCY, settings.LOGIN_QUEUE, settings.LOGIN_SLOT_WAIT = 1, 1, 30
    monkeypatch.setattr(hashers, "_slots", None)
    holding, release, got = threading.Event(), threading.Event(), []

    def hold():
        with hashers.login_slot():
            holding.set()
            release.wait(30)

    def queued():
        with hashers.login_slot():
            got.append("checked")

    t1 = threading.Thread(target=hold)
    t1.start()
    assert holding.wait(10)
    t2 = threading.Thread(target=queued)
    t2.start()
    while hashers._semaphore().waiting == 0 and t2.is_alive():
        threading.Event().wait(0.01)
    with pytest.raises(hashers.LoginBusy):  # the queue (1) is full: a third login is turned away at once
        with hashers.login_slot():
            pass
    release.set()
    t1.join(10)
    t2.join(10)
    assert got == ["checked"]
    monkeypatch.setattr(hashers, "_slots", None)
