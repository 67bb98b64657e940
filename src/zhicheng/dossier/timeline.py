"""An application's progress (办理进度) and a user's 已办, both read from the audit trail.

Every step of the map writes one audit event with the acting role, its organisation and the from/to
state (workflow.services.transition), so the trail is the one source: nothing is recorded twice.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass

from django.db import connections
from django.db.models import F, Max, QuerySet, TextField
from django.db.models.expressions import RawSQL
from django.utils import timezone

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
_STEP_ACTIONS = frozenset(STEP_ACTIONS)


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
    """The application's steps so far, oldest first (the same rows as `_steps_of`). Read with the application
    when it was fetched `with_steps` (the overview), else by one query of its own, composed once per thread;
    either way the index on (object type, object, to state) skips the application's section_save events."""
    if STEPS_COLUMN in application.__dict__:
        return [_step(e) for e in _events_from_json(application.__dict__[STEPS_COLUMN])]
    events = querycache.fetch(("dossier.progress",), _progress_rows, str(application.pk))
    return [_step(e) for e in events]


STEPS_COLUMN = "zc_steps"


@dataclass(frozen=True)
class _Event:
    """An audit event as the steps column gives it (the fields `_step` reads)."""

    id: int
    time: datetime.datetime
    role: str
    org_name: str | None
    action: str
    to_state: str
    reason: str


def with_steps(queryset: QuerySet[m.Application]) -> QuerySet[m.Application]:
    """The applications with their steps as one more column (JSON text): the overview reads its application
    and the timeline in one statement instead of two. Every event with a state (the index's range) comes, as
    [id, time, role, organisation name, action, to state, reason]; `progress` keeps the steps' actions."""
    from zhicheng.orgs.models import Organization

    connection = connections[queryset.db]
    q = connection.ops.quote_name

    def col(model, name: str) -> str:
        return f"e.{q(model._meta.get_field(name).column)}"

    ev, org = AuditEvent, Organization
    row = ", ".join([col(ev, "id"), col(ev, "time"), col(ev, "role"), f"o.{q('name')}", col(ev, "action"),
                     col(ev, "to_state"), col(ev, "reason")])
    if connection.vendor == "postgresql":
        rows = f"CAST(json_agg(json_build_array({row})) AS TEXT)"
    else:  # SQLite's JSON1
        rows = f"json_group_array(json_array({row}))"
    app = f"{q(queryset.model._meta.db_table)}.{q(queryset.model._meta.pk.column)}"
    sql = (f"SELECT {rows} FROM {q(ev._meta.db_table)} e "  # noqa: S608 - names only; values are parameters
           f"LEFT OUTER JOIN {q(org._meta.db_table)} o ON o.{q(org._meta.pk.column)} = {col(ev, 'organization')} "
           f"WHERE {col(ev, 'object_type')} = %s AND {col(ev, 'object_id')} = CAST({app} AS TEXT) "
           f"AND {col(ev, 'to_state')} > %s AND {col(ev, 'success')}")
    steps = RawSQL(f"({sql})", (OBJECT_TYPE, ""), output_field=TextField())  # noqa: S611 - names only, as above
    return queryset.annotate(**{STEPS_COLUMN: steps})


def _events_from_json(text) -> list[_Event]:
    # PostgreSQL gives no row for no events; its times carry their offset, SQLite's are UTC without one.
    out = []
    for id_, time, role, org_name, action, to_state, reason in json.loads(text) if text else []:
        if action not in _STEP_ACTIONS:
            continue
        when = datetime.datetime.fromisoformat(time)
        if timezone.is_naive(when):
            when = timezone.make_aware(when, datetime.UTC)
        out.append(_Event(int(id_), when, role or "", org_name, action, to_state or "", reason or ""))
    out.sort(key=lambda e: (e.time, e.id))
    return out


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
