"""Password hashing sized for deadline morning (issue 7): Argon2id at OWASP's minimum parameters.

Argon2 at the library's defaults costs 300–400 ms of CPU and ~100 MiB per login, so a login storm starves
every page. OWASP's minimum (m = 19 MiB, t = 2, p = 1) stays a memory-hard hash at a fraction of that.
Hashes made with other parameters are re-hashed at the user's next successful login (Django compares
the parameters in `must_update` and calls the setter from `check_password`).
"""

from __future__ import annotations

import threading
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher


class OwaspArgon2PasswordHasher(Argon2PasswordHasher):
    algorithm = "argon2"  # same prefix as Django's: old hashes stay readable and are upgraded
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1


class LoginBusy(Exception):
    """No password-check slot came free in time: the login is answered “try again in a few seconds” (503)
    instead of holding one of the worker's few threads while it waits. It is not a wrong password: the
    password was never checked, so the lockout does not count it (django.contrib.auth.authenticate only
    signals a failure for a backend's `None` or PermissionDenied; this propagates past it)."""

    def __init__(self, account=None):
        super().__init__("no password-check slot")
        self.account = account


class _Slots:
    """A semaphore with a bounded queue: at most `size` holders, at most `queue` threads waiting for one,
    each for at most `wait` seconds. Whoever finds the queue full, or waits in vain, is turned away."""

    def __init__(self, size: int, queue: int):
        self.size, self.queue = max(1, size), max(0, queue)
        self.free, self.waiting = self.size, 0
        self.cond = threading.Condition()

    def acquire(self, wait: float) -> bool:
        with self.cond:
            if self.free > 0:
                self.free -= 1
                return True
            if self.waiting >= self.queue or wait <= 0:
                return False
            self.waiting += 1
            try:
                got = self.cond.wait_for(lambda: self.free > 0, timeout=wait)
                if got:
                    self.free -= 1
                return got
            finally:
                self.waiting -= 1

    def release(self) -> None:
        with self.cond:
            if self.free >= self.size:
                raise ValueError("login slot released too many times")
            self.free += 1
            self.cond.notify()


_slots: _Slots | None = None
_slots_lock = threading.Lock()


def _semaphore() -> _Slots:
    global _slots
    with _slots_lock:
        if _slots is None:
            concurrency = getattr(settings, "LOGIN_CONCURRENCY", 1)
            _slots = _Slots(concurrency, getattr(settings, "LOGIN_QUEUE", concurrency))
        return _slots


@contextmanager
def login_slot(account=None):
    """At most LOGIN_CONCURRENCY password checks at once per process, and at most LOGIN_QUEUE logins waiting
    for one, each at most LOGIN_SLOT_WAIT seconds; any other login raises LoginBusy at once. So a storm of
    logins takes at most CONCURRENCY + QUEUE of the worker's threads (and ~19 MiB per check); the others keep
    serving pages, and the turned-away users are asked to retry in a few seconds."""
    slots = _semaphore()
    if not slots.acquire(float(getattr(settings, "LOGIN_SLOT_WAIT", 1.0))):
        raise LoginBusy(account)
    try:
        yield
    finally:
        slots.release()
