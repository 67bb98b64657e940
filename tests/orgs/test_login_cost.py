"""A login is cheap enough for deadline morning (issue 7): Argon2id at OWASP's minimum parameters, older
hashes upgraded at the next login, and at most LOGIN_CONCURRENCY password checks at once per process."""

import threading
import time

import pytest
from argon2 import PasswordHasher
from django.contrib.auth.hashers import make_password

from zhicheng.orgs import hashers
from zhicheng.orgs.backends import IdNumberOrUsernameBackend
from zhicheng.orgs.hashers import OwaspArgon2PasswordHasher

OWASP = ["zhicheng.orgs.hashers.OwaspArgon2PasswordHasher"]


def authenticate(*, username: str, password: str):
    """The login backend itself (the axes wrapper in front of it needs a real request)."""
    return IdNumberOrUsernameBackend().authenticate(None, username=username, password=password)


def _params(encoded: str) -> str:
    return encoded.split("$")[3]  # argon2$argon2id$v=19$m=…,t=…,p=…$salt$hash


def test_production_hashes_at_owasp_minimum(settings):
    settings.PASSWORD_HASHERS = OWASP
    encoded = make_password("Zc-Test-2026!")
    assert encoded.startswith("argon2$argon2id$") and _params(encoded) == "m=19456,t=2,p=1"
    assert OwaspArgon2PasswordHasher().verify("Zc-Test-2026!", encoded)


def test_an_older_argon2_hash_is_upgraded_at_the_next_login(settings, world):
    settings.PASSWORD_HASHERS = OWASP
    heavy = PasswordHasher(time_cost=3, memory_cost=65536, parallelism=4)  # the library's old defaults
    world.hr.password = "argon2" + heavy.hash("Zc-Test-2026!")
    world.hr.save(update_fields=["password"])
    assert _params(world.hr.password) == "m=65536,t=3,p=4"
    assert authenticate(username=world.hr.username, password="Zc-Test-2026!") == world.hr
    world.hr.refresh_from_db()
    assert _params(world.hr.password) == "m=19456,t=2,p=1"
    assert authenticate(username=world.hr.username, password="wrong-Password-1") is None


def test_at_most_the_configured_number_of_password_checks_run_at_once(settings, monkeypatch):
    settings.LOGIN_CONCURRENCY, settings.LOGIN_QUEUE, settings.LOGIN_SLOT_WAIT = 2, 8, 30  # all wait their turn
    monkeypatch.setattr(hashers, "_slots", None)  # built afresh from the settings
    running, peak, lock = [0], [0], threading.Lock()

    def one_login():
        with hashers.login_slot():
            with lock:
                running[0] += 1
                peak[0] = max(peak[0], running[0])
            time.sleep(0.05)
            with lock:
                running[0] -= 1

    threads = [threading.Thread(target=one_login) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert peak[0] == 2 and running[0] == 0
    monkeypatch.setattr(hashers, "_slots", None)


@pytest.mark.parametrize("who", ["known", "unknown"])
def test_unknown_accounts_take_a_slot_too(settings, world, monkeypatch, who):
    """No timing oracle: an unknown name costs a hash as well, inside the same slot."""
    settings.LOGIN_CONCURRENCY = 1
    monkeypatch.setattr(hashers, "_slots", None)
    entered = []
    real = hashers.login_slot

    def counting(*args):
        entered.append(1)
        return real(*args)

    monkeypatch.setattr("zhicheng.orgs.backends.login_slot", counting)
    name = world.hr.username if who == "known" else "nobody-here"
    assert authenticate(username=name, password="Zc-Test-2026!") == (world.hr if who == "known" else None)
    assert entered == [1]
    monkeypatch.setattr(hashers, "_slots", None)
