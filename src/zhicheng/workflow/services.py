"""The one function that changes an application's state."""

from __future__ import annotations

from django.db import transaction

from zhicheng.audit.services import record
from zhicheng.errors import Refusal
from zhicheng.orgs.roles import Role
from zhicheng.orgs.scope import Decision, assignment_covers_org, assignments

from . import guards
from .states import TRANSITIONS, State, Transition


class TransitionError(Refusal):
    """A refused transition."""


def may_act(actor, application, t: Transition) -> Decision:
    """Which of the actor's role assignments allows transition t on this application, if any."""
    unit = application.unit
    own = application.applicant_id == actor.pk
    for a in assignments(actor):
        if a.role not in t.roles:
            continue
        if a.role == Role.APPLICANT:
            if own:
                return Decision(True, assignment=a)
        elif own:
            return Decision(False, "不能以工作人员身份处理本人的申报（须回避）。")
        elif assignment_covers_org(a, unit.pk, unit.path):
            return Decision(True, assignment=a)
    return Decision(False, f"您无权对该申报执行“{t.label}”。")


def actions_for(actor, application) -> list[Transition]:
    """Transitions the actor could take now (guards not evaluated), for showing buttons."""
    return [
        t for t in TRANSITIONS.values() if application.state in t.sources and may_act(actor, application, t)
    ]


def transition(application, action: str, *, actor, ip: str | None = None, reason: str = "",
               expected_state: str | None = None, **details):
    """Check role, scope and guard; lock the row; change the state; write the audit event. One transaction.

    Two concurrent calls on one application: the second waits for the first's row lock, then finds
    the state changed and gets a conflict error.
    """
    t = TRANSITIONS.get(action)
    if t is None:
        raise TransitionError(f"未知操作：{action}")
    model = type(application)
    with transaction.atomic():
        locked = model.objects.select_for_update(of=("self",)).select_related("unit").get(pk=application.pk)
        # The actor decided on the state they saw: if it changed meanwhile, that is a conflict.
        if locked.state != (expected_state or application.state):
            raise TransitionError(_conflict_message(locked), conflict=True)
        decision = may_act(actor, locked, t)
        if not decision:
            raise TransitionError(decision.reason, forbidden=True)
        if locked.state not in t.sources:
            raise TransitionError(f"当前状态为“{locked.get_state_display()}”，不能执行“{t.label}”。")
        reason = (reason or "").strip()
        if t.needs_reason and not reason:
            raise TransitionError(f"执行“{t.label}”须填写原因。")
        problems = guards.check(t.guard, locked, actor, details)
        if problems:
            raise TransitionError(problems)
        from_state = locked.state
        locked.state = t.target
        locked.save(update_fields=["state", "updated_at"])
        record(
            t.action, actor=actor, obj=locked, role=decision.assignment.role,
            organization=decision.assignment.organization, ip=ip, from_state=from_state,
            to_state=t.target, reason=reason, details=_jsonable(details),
        )
        application.state = locked.state
        return locked


def _conflict_message(locked) -> str:
    return f"该申报已被他人处理，当前状态为“{State(locked.state).label}”，请刷新页面后重试。"


def _jsonable(details: dict) -> dict:
    return {k: v for k, v in details.items() if isinstance(v, str | int | float | bool | list | dict | type(None))}
