"""材料核实 (§二(一)): the marks of an application's latest submitted version — read them, set them.

The same services as the verification page: only the unit's HR (others in scope get 403, out of scope
404); marks are set all or nothing, each refused item named in Chinese."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from ninja import Router, Schema, Status

from zhicheng.dossier import sections as sec
from zhicheng.dossier.services import step_by_step_problems
from zhicheng.http import client_ip
from zhicheng.unit_review import services

from .common import Problem, Scalar, app_or_404

router = Router(tags=["材料核实"])


class MarkOut(Schema):
    section: str
    section_label: str
    item_id: int | None
    label: str
    status: str  # verified | problem | "" (not checked yet)
    status_label: str
    note: str
    checked_by: str
    checked_on: datetime.date | None
    carried_from: int | None  # an unchanged item keeps the 已核 of this earlier version


class VerificationOut(Schema):
    version: int | None
    total: int
    verified: int
    problems: int
    unmarked: int
    complete: bool
    blocking: list[str]
    hints: list[str]  # for HR to weigh (逐级申报), not blocking
    items: list[MarkOut]


class MarkIn(Schema):
    section: str
    item_id: int | None = None
    status: str  # verified | problem | "" (clear)
    note: str = ""


class VerificationIn(Schema):
    marks: list[MarkIn]


def _out(app) -> dict:
    version, items, marks = services.checklist(app)
    rows = []
    for i in items:
        mk = marks.get(i.key)
        rows.append({"section": i.section, "section_label": sec.BY_KEY[i.section].label, "item_id": i.item_id,
                     "label": i.label, "status": mk.status if mk else "",
                     "status_label": mk.get_status_display() if mk else "未核实", "note": mk.note if mk else "",
                     "checked_by": mk.checked_by.real_name if mk else "", "checked_on": mk.checked_on if mk else None,
                     "carried_from": mk.carried_from if mk else None})
    statuses = [r["status"] for r in rows]
    blocking = services.completeness_problems(app) if version else []
    return {"version": version.number if version else None, "total": len(rows),
            "verified": statuses.count(services.Status.VERIFIED), "problems": statuses.count(services.Status.PROBLEM),
            "unmarked": statuses.count(""), "complete": version is not None and not blocking, "blocking": blocking,
            "hints": step_by_step_problems(app),
            "items": rows}


def _app(request, pk: int):
    app = app_or_404(request, pk)
    if not services.may_verify(request.auth, app):
        raise PermissionDenied("只有本单位人事可以核实申报材料。")
    return app


@router.get("/{id:pk}/verification", response={200: VerificationOut, 403: Problem, 404: Problem},
            summary="材料核实：最近提交版本的每一项及其核实结果")
def get_verification(request, pk: int):
    return Status(200, _out(_app(request, pk)))


@router.put("/{id:pk}/verification", response={200: VerificationOut, 403: Problem, 404: Problem, 409: Problem,
                                                422: Problem},
            summary="材料核实：记录核实结果（已核与原件一致 verified / 有问题 problem 须写说明 / 空为撤销）")
def put_verification(request, pk: int, payload: VerificationIn):
    app = _app(request, pk)
    marks: list[dict[str, Scalar]] = [m.dict() for m in payload.marks]
    services.set_marks(request.auth, app, marks, ip=client_ip(request))
    app.refresh_from_db()
    return Status(200, _out(app))
