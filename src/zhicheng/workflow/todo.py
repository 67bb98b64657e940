"""待办, derived from the one map: a role has work on an application in every state from which one of
its (built) transitions starts. Work that is not a transition comes from the Task table."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from .actions import is_built
from .models import Task
from .states import TRANSITIONS, State

# Side exits taken when something comes to light (查实弄虚作假, possible from every later state), not work
# waiting in those states; and the paper path (登记线下结果), an alternative to every §二 step. Both offer a
# button on the record, never a 待办 line. 逾期视为放弃 is the scheduled job's (office_review.prereview, and
# committee.host_review for the host's return).
# Exceptions and the daily job's steps, not work that waits in a state.
NOT_TODO = frozenset({"disqualify", "record_paper_outcome", "abandon", "host_abandon", "spot_abandon", "cancel_pass",
                      "revoke_title"})


@dataclass(frozen=True)
class Todo:
    role: str
    state: str
    actions: tuple[str, ...]  # labels of the steps waiting in that state

    @property
    def state_label(self) -> str:
        return State(self.state).label


def todo_states(roles) -> list[Todo]:
    """For each role, the states in which a step of that role waits, in the order of the map."""
    out: dict[tuple[str, str], list[str]] = {}
    for t in TRANSITIONS.values():
        if not is_built(t) or t.action in NOT_TODO:
            continue
        for role in t.roles:
            if role not in roles:
                continue
            for state in sorted(t.sources, key=list(State).index):
                out.setdefault((role, state), []).append(t.label)
    return [Todo(role, state, tuple(labels)) for (role, state), labels in out.items()]


def open_tasks(user):
    return Task.objects.filter(assignee=user, done_at__isnull=True)


def add_task(assignee, *, kind: str, label: str, url: str, obj=None, due_on=None) -> Task:
    return Task.objects.create(assignee=assignee, kind=kind, label=label[:200], url=url[:300],
                               object_type=obj._meta.label_lower if obj is not None else "",
                               object_id=obj.pk if obj is not None else None, due_on=due_on)


@transaction.atomic
def complete_tasks(assignee, *, kind: str, obj=None) -> int:
    qs = open_tasks(assignee).filter(kind=kind)
    if obj is not None:
        qs = qs.filter(object_type=obj._meta.label_lower, object_id=obj.pk)
    return qs.update(done_at=timezone.now())
