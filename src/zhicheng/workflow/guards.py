"""Guard registry. Stage apps register the checks named in states.TRANSITIONS.

A guard takes (record, actor, details) and returns a list of Chinese problems; empty = pass.
A guard that no app has registered yet refuses: a later stage's step cannot be taken before the
stage that owns it exists.
"""

from collections.abc import Callable

Guard = Callable[..., list[str]]
_GUARDS: dict[str, Guard] = {}


def register(name: str) -> Callable[[Guard], Guard]:
    def deco(fn: Guard) -> Guard:
        _GUARDS[name] = fn
        return fn

    return deco


def check(name: str, application, actor, details: dict) -> list[str]:
    from .states import UNGUARDED

    if name == UNGUARDED:
        return []
    fn = _GUARDS.get(name)
    if fn is None:
        return ["该环节功能尚未开放。"]
    return fn(application, actor, details)


def is_registered(name: str) -> bool:
    from .states import UNGUARDED

    return name == UNGUARDED or name in _GUARDS
