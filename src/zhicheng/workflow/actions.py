"""One way to act: every button and every API call on an application goes through `perform`.

A stage app registers, in its AppConfig.ready(), the handler of each action it owns (its service) and,
where the action takes input, the form that validates it — the same form serves the UI and the API.
An action whose stage app is not installed or has no handler is "not built yet" and refused with a
message naming its stage. `available` offers only what the user can actually do now: stage built,
role and scope, source state, and the guard passes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps as django_apps

from . import guards
from .services import TransitionError, may_act, transition_many
from .states import TRANSITIONS, Transition

# handler(application, *, actor, ip, reason, data) -> application; data = the form's cleaned_data
Handler = Callable[..., object]


@dataclass(frozen=True)
class Registered:
    handler: Handler | None  # None: the plain transition, nothing else to write
    form: type | None = None  # a django Form class validating the action's input (reason excluded)


_ACTIONS: dict[str, Registered] = {}


def register(action: str, handler: Handler | None = None, *, form: type | None = None) -> None:
    if action not in TRANSITIONS:
        raise KeyError(f"states.TRANSITIONS has no action {action!r}")
    _ACTIONS[action] = Registered(handler, form)


def is_built(t: Transition) -> bool:
    return t.action in _ACTIONS and django_apps.is_installed(f"zhicheng.{t.app}")


def not_built_message(t: Transition) -> str:
    return f"“{t.label}”属于{t.stage}环节，该环节功能尚未开放。"


def form_for(action: str) -> type | None:
    reg = _ACTIONS.get(action)
    return reg.form if reg else None


def available(actor, application, details: dict | None = None) -> list[Transition]:
    """The actions this user can perform on this application now (what buttons and /actions offer).
    `details` go to the guards (a page passes what it has read already, e.g. the dossier's facts)."""
    out = []
    for t in TRANSITIONS.values():
        if application.state not in t.sources or not is_built(t) or not may_act(actor, application, t):
            continue
        if not guards.check(t.guard, application, actor, details or {}):
            out.append(t)
    return out


def _validated(action: str, data: dict | None) -> dict:
    form_class = form_for(action)
    if form_class is None:
        return {}
    form = form_class(data or {})
    if not form.is_valid():
        fields = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        problems = [m for msgs in fields.values() for m in msgs]
        raise TransitionError(problems or ["请按提示填写。"], fields)
    return form.cleaned_data


def _lookup(action: str) -> tuple[Transition, Registered]:
    t = TRANSITIONS.get(action)
    if t is None:
        raise TransitionError(f"未知操作：{action}")
    if not is_built(t):
        raise TransitionError(not_built_message(t))
    return t, _ACTIONS[action]


def perform(application, action: str, *, actor, ip: str | None = None, reason: str = "",
            data: dict | None = None):
    """Validate the action's input with its form, then call the owning stage's handler."""
    t, reg = _lookup(action)
    decision = may_act(actor, application, t)  # who may act comes before what they sent (403 before 422)
    if not decision:
        raise TransitionError(decision.reason, forbidden=True)
    cleaned = _validated(action, data)
    if reg.handler is None:
        return transition_many([application], action, actor=actor, ip=ip, reason=reason, **cleaned)[0]
    return reg.handler(application, actor=actor, ip=ip, reason=reason, data=cleaned)


def perform_many(applications, action: str, *, actor, ip: str | None = None, reason: str = "",
                 data: dict | None = None) -> list:
    """The same action on a list, all or nothing (see transition_many)."""
    t, reg = _lookup(action)
    if reg.handler is not None:
        raise TransitionError(f"“{t.label}”须逐条办理。")
    return transition_many(applications, action, actor=actor, ip=ip, reason=reason, **_validated(action, data))
