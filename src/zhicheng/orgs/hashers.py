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


_slots: threading.BoundedSemaphore | None = None
_slots_lock = threading.Lock()


def _semaphore() -> threading.BoundedSemaphore:
    global _slots
    with _slots_lock:
        if _slots is None:
            _slots = threading.BoundedSemaphore(getattr(settings, "LOGIN_CONCURRENCY", 2))
        return _slots


@contextmanager
def login_slot():
    """At most LOGIN_CONCURRENCY password checks at once per process: a storm of logins queues here
    instead of taking every thread (and ~19 MiB each), so pages keep being served meanwhile."""
    slots = _semaphore()
    slots.acquire()
    try:
        yield
    finally:
        slots.release()
