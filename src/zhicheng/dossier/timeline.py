"""An application's progress (办理进度) and a user's 已办, both read from the audit trail.

Every step of the map writes one audit event with the acting role, its organisation and the from/to
state (workflow.services.transition), so the trail is the one source: nothing is recorded twice.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import F, Max, QuerySet

from zhicheng import querycache
from zhicheng.audit.models import AuditEvent
from zhicheng.orgs.roles import Role
from zhicheng.workflow.states import TRANSITIONS, State

from . import models as m

OBJECT_TYPE = m.Application._meta.label_lower
START = "application_start"
# The seed's parts, for the 环节 column: "§二(一)" is read as 单位审核推荐.
STAGE_NAMES = {"§一": "个人申报", "§二": "单位审核推荐", "§三": "主管部门审核", "§四": "评审", "§五": "审批发文"}
STEP_ACTIONS = (START, *TRANSITIONS)


@dataclass(frozen=True)
class Step:
    """One line of the progress timeline: 环节、办理单位、时间、结果."""

    stage: str
    organization: str
    time: datetime.datetime
    result: str
    reason: str = ""


def _stage_name(stage: str) -> str:
    return STAGE_NAMES.get(stage[:2], stage)


def _role_label(role: str) -> str:
    return Role(role).label if role in Role.values else ""


def _step(event: AuditEvent) -> Step:
    org = event.org_name or ""  # read with the event (progress)
    role = _role_label(event.role)
    where = f"{org}（{role}）" if org and role else org or role
    if event.action == START:
        return Step("个人申报 · 创建申报", where, event.time, "填写中")
    t = TRANSITIONS[event.action]
    result = State(event.to_state).label if event.to_state in State.values else event.to_state
    return Step(f"{_stage_name(t.stage)} · {t.label}", where, event.time, result,
                event.reason if t.needs_reason else "")


# Every step records the state it led to (workflow.services.transition, START); no other event of a dossier
# does. `to_state > ''` makes the steps one range of the index on (object type, object, to state).
STEPS_ONLY = {"to_state__gt": ""}


def _steps_of(application_ids) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(object_type=OBJECT_TYPE, object_id__in=[str(i) for i in application_ids],
                                     **STEPS_ONLY, action__in=STEP_ACTIONS, success=True)


def _progress_rows(object_id: str) -> QuerySet[AuditEvent]:
    return (AuditEvent.objects.filter(object_type=OBJECT_TYPE, object_id=object_id, **STEPS_ONLY,
                                      action__in=STEP_ACTIONS, success=True)
            .annotate(org_name=F("organization__name")).order_by("time", "id"))


def progress(application: m.Application) -> list[Step]:
    """The application's steps so far, oldest first (one query, the same rows as `_steps_of`). The overview
    shows it on every request: the statement is composed once per thread, and the index on (object type,
    object, to state) skips the application's section_save events."""
    events = querycache.fetch(("dossier.progress",), _progress_rows, str(application.pk))
    return [_step(e) for e in events]


def acted_on(user) -> QuerySet:
    """已办: the applications on which `user` took a step, newest first, as rows of
    {"object_id", "last"} (page it, then `done_rows` for the page)."""
    return (_steps_of_user(user).values("object_id").annotate(last=Max("time")).order_by("-last", "-object_id"))


def _steps_of_user(user) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(actor=user, object_type=OBJECT_TYPE, action__in=STEP_ACTIONS, success=True)


@dataclass(frozen=True)
class Done:
    application: m.Application
    step: str  # the user's last step on it
    time: datetime.datetime


def done_rows(user, rows, visible: QuerySet[m.Application]) -> list[Done]:
    """The page of 已办 rows as applications (only those the user may still read) with the user's last step;
    two queries whatever the page size."""
    ids = [int(r["object_id"]) for r in rows if r["object_id"].isdigit()]
    apps = {a.pk: a for a in visible.filter(pk__in=ids).select_related("applicant", "title", "campaign")}
    last: dict[int, AuditEvent] = {}
    for e in _steps_of_user(user).filter(object_id__in=[str(i) for i in ids]).order_by("time", "id"):
        last[int(e.object_id)] = e
    out = []
    for pk in ids:
        if pk in apps and pk in last:
            e = last[pk]
            label = "创建申报" if e.action == START else TRANSITIONS[e.action].label
            out.append(Done(apps[pk], label, e.time))
    return out
