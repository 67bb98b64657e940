"""The one function that changes a state (`transition`), and its batch form (`transition_many`).

Lifecycle of a step: find the transition in the model's map (states.MACHINES) → lock the row(s) → a
state changed since the actor read it is a conflict → role and data scope (`may_act`, the same record
rules as reading) → source state → reason → the guard registered by the owning stage app → save →
one audit event per record, in the same transaction.
"""

from __future__ import annotations

from django.db import transaction

from zhicheng.audit.services import record
from zhicheng.errors import Refusal
from zhicheng.orgs.roles import Role
from zhicheng.orgs.scope import Decision, assignments, covering

from . import guards
from .states import MACHINES, Transition

# A reason is read and printed on one page (一次性告知); longer text belongs in an attached document.
REASON_MAX_CHARS = 2000


class TransitionError(Refusal):
    """A refused transition."""


def machine(obj_or_model):
    """(state choices, transitions, state field) for a model governed by the map."""
    return MACHINES[obj_or_model._meta.label_lower]


def may_act(actor, obj, t: Transition) -> Decision:
    """Which of the actor's assignments allows transition t on this record: the role must be one of t's
    roles and the record must be in that assignment's data scope (the same rule as for reading it)."""
    own = getattr(obj, "applicant_id", None) == actor.pk
    roles = set(t.roles)
    if own:
        # An applicant acts on their own dossier only as the applicant: staff roles recuse themselves.
        if Role.APPLICANT in roles:
            for a in assignments(actor):
                if a.role == Role.APPLICANT:
                    return Decision(True, assignment=a)
        if any(a.role in roles for a in assignments(actor)):
            return Decision(False, "不能以工作人员身份处理本人的申报（须回避）。")
        return Decision(False, f"您无权对该申报执行“{t.label}”。")
    roles.discard(Role.APPLICANT)
    decision = covering(actor, obj, roles)  # the model's record rules, the same as for reading it
    return decision if decision else Decision(False, f"您无权执行“{t.label}”。")


def transition(obj, action: str, *, actor, ip: str | None = None, reason: str = "",
               expected_state: str | None = None, updates: dict | None = None, lock_related: tuple = (),
               **details):
    """Take one step on one record. Two concurrent calls: the second waits for the first's row lock,
    then finds the state changed and gets a conflict error."""
    return transition_many([obj], action, actor=actor, ip=ip, reason=reason,
                           expected_states={obj.pk: expected_state} if expected_state else None,
                           updates=updates, lock_related=lock_related, **details)[0]


def transition_many(objs, action: str, *, actor, ip: str | None = None, reason: str = "",
                    expected_states: dict | None = None, updates: dict | None = None, lock_related: tuple = (),
                    **details) -> list:
    """Move many records in one step (a notice, a batch submitted upward, a meeting): all or nothing.

    Every record is checked; if any is refused the whole batch is refused, naming each record and why;
    records someone else changed meanwhile are named as conflicts. One audit event per record.
    `updates` ({field: value}) are written in the same UPDATE as the state, once every check passed.
    `lock_related` names more relations the caller reads after the step, joined to the lock read (the
    locked row's relations cannot change while it is held by edits that lock it first).
    """
    objs = list(objs)
    if not objs:
        raise TransitionError("请至少选择一条记录。")
    model = type(objs[0])
    states, transitions, field = machine(model)
    t = transitions.get(action)
    if t is None:
        raise TransitionError(f"未知操作：{action}")
    reason = (reason or "").strip()
    seen = {o.pk: (expected_states or {}).get(o.pk) or getattr(o, field) for o in objs}
    with transaction.atomic():
        qs = model.objects.select_for_update(of=("self",)).filter(pk__in=seen).order_by("pk")
        related = (*getattr(model, "LOCK_RELATED", ("unit",) if hasattr(model, "unit") else ()), *lock_related)
        if related:  # what the guards, the names in messages and the handlers read, in the same query
            qs = qs.select_related(*related)
        locked = list(qs)
        if len(locked) != len(seen):
            raise TransitionError("部分记录不存在或已被删除，请刷新页面后重试。", conflict=True)
        single = len(locked) == 1
        conflicts, forbidden, wrong_state, problems = [], [], [], []
        for obj in locked:
            name = _name(obj)
            if getattr(obj, field) != seen[obj.pk]:
                conflicts.append(name)
                continue
            decision = may_act(actor, obj, t)
            if not decision:
                forbidden.append(decision.reason if single else f"{name}：{decision.reason}")
                continue
            obj._zc_decision = decision
            if getattr(obj, field) not in t.sources:
                label = states(getattr(obj, field)).label
                wrong_state.append(_prefix(single, name, f"当前状态为“{label}”，不能执行“{t.label}”。"))
        if conflicts:
            state_label = states(getattr(locked[0], field)).label
            msg = (f"该记录已被他人处理，当前状态为“{state_label}”，请刷新页面后重试。" if single
                   else f"以下记录已被他人处理：{'、'.join(conflicts)}。请刷新页面后重试，本批次未作任何更改。")
            raise TransitionError(msg, conflict=True)
        if forbidden:
            raise TransitionError(forbidden, forbidden=True)
        if wrong_state:
            raise TransitionError(wrong_state)
        if t.needs_reason and not reason:
            raise TransitionError(f"执行“{t.label}”须填写原因。")
        if len(reason) > REASON_MAX_CHARS:
            raise TransitionError(f"原因不超过{REASON_MAX_CHARS}字。", {"reason": [f"原因不超过{REASON_MAX_CHARS}字。"]})
        for obj in locked:
            problems += [_prefix(single, name, p) for name in [_name(obj) if not single else ""]
                         for p in guards.check(t.guard, obj, actor, details)]
        if problems:
            raise TransitionError(problems)
        for obj in locked:
            from_state = getattr(obj, field)
            setattr(obj, field, t.target)
            for name, value in (updates or {}).items():
                setattr(obj, name, value)
            obj.save(update_fields=[field, "updated_at", *(updates or {})])
            a = obj._zc_decision.assignment
            record(t.action, actor=actor, obj=obj, role=a.role, organization=a.organization, ip=ip,
                   from_state=from_state, to_state=t.target, reason=reason,
                   details={**_jsonable(details), **({} if single else {"batch": len(locked)})})
        for given in objs:  # the callers' objects show the new state too
            setattr(given, field, t.target)
        by_pk = {o.pk: o for o in locked}
        return [by_pk[o.pk] for o in objs]


def _name(obj) -> str:
    applicant = getattr(obj, "applicant", None)
    return getattr(applicant, "real_name", None) or str(obj)


def _prefix(single: bool, name: str, problem: str) -> str:
    return problem if single else f"{name}：{problem}"


def _jsonable(details: dict) -> dict:
    return {k: v for k, v in details.items() if isinstance(v, str | int | float | bool | list | dict | type(None))}
