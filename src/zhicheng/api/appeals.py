"""复查申请与投诉 (/api/v1/appeals): the same services and rules as the pages — the applicant files about
their own application (evidence files through the page only) and follows it; the host or provincial office
it went to accepts, records the handling and closes it. Someone else's request → 404."""

from __future__ import annotations

import datetime

from django.http import Http404
from ninja import Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from zhicheng.http import IdsFirst, client_ip
from zhicheng.results import appeals as services
from zhicheng.results.models_appeals import Appeal

from .common import WRITE_ERRORS, Problem, app_or_404

router = Router(tags=["复查申请与投诉"])


class StepOut(Schema):
    note: str
    at: datetime.datetime


class AppealOut(Schema):
    id: int
    application: int
    applicant: str
    kind: str
    kind_label: str
    text: str
    handler: str
    status: str
    status_label: str
    outcome: str
    outcome_label: str
    outcome_reason: str
    fraud_found: bool
    filed_at: datetime.datetime
    closed_at: datetime.datetime | None = None
    steps: list[StepOut] = []


class FileIn(Schema):
    application: int
    kind: str
    text: str


class NoteIn(Schema):
    note: str = ""


class DecideIn(Schema):
    outcome: str
    reason: str
    fraud_found: bool = False


def _out(a: Appeal, steps: bool = False) -> dict:
    return {"id": a.pk, "application": a.application_id, "applicant": a.application.applicant.real_name,
            "kind": a.kind, "kind_label": a.get_kind_display(), "text": a.text, "handler": a.handler_org.name,
            "status": a.status, "status_label": a.get_status_display(), "outcome": a.outcome,
            "outcome_label": a.get_outcome_display() if a.outcome else "", "outcome_reason": a.outcome_reason,
            "fraud_found": a.fraud_found, "filed_at": a.filed_at, "closed_at": a.closed_at,
            "steps": [{"note": s.note, "at": s.at} for s in a.steps.all()] if steps else []}


def _appeal(request, pk: int) -> Appeal:
    appeal = services.visible_appeal(request.auth, pk)
    if appeal is None:
        raise Http404
    return appeal


@router.get("", response=list[AppealOut], summary="本人提出的、本单位办理的复查申请与投诉（分页，最新在前）",
            description="which=own：仅本人提出的；which=handled：仅本单位办理的；不填：两者合一（每件一次）。")
@paginate(PageNumberPagination, page_size=20)
def list_appeals(request, which: str = Query("", pattern="^(own|handled)?$")):
    # One list, as before: the union (each request once), newest first; `which` narrows it to one side.
    own, handled = services.own_appeals(request.auth), services.handled_appeals(request.auth)
    chosen = {"own": own, "handled": handled}.get(which, own | handled)
    return IdsFirst(chosen.order_by("-filed_at", "-id"),
                    Appeal.objects.select_related("application__applicant", "handler_org"), _out)


@router.post("", response={201: AppealOut, **WRITE_ERRORS}, summary="提出复查申请或投诉（本人申报）")
def file_appeal(request, payload: FileIn):
    app = app_or_404(request, payload.application)
    appeal = services.file_appeal(request.auth, app, kind=payload.kind, text=payload.text, ip=client_ip(request))
    return Status(201, _out(appeal))


@router.get("/{int:pk}", response={200: AppealOut, 404: Problem}, summary="复查申请或投诉及处理过程")
def get_appeal(request, pk: int):
    return _out(_appeal(request, pk), steps=True)


@router.post("/{int:pk}/accept", response={200: AppealOut, 409: Problem, **WRITE_ERRORS}, summary="受理")
def accept(request, pk: int, payload: NoteIn):
    appeal = services.accept(request.auth, _appeal(request, pk), note=payload.note, ip=client_ip(request))
    return _out(appeal, steps=True)


@router.post("/{int:pk}/steps", response={200: AppealOut, 409: Problem, **WRITE_ERRORS}, summary="登记处理过程")
def add_step(request, pk: int, payload: NoteIn):
    appeal = _appeal(request, pk)
    services.add_step(request.auth, appeal, note=payload.note, ip=client_ip(request))
    return _out(_appeal(request, pk), steps=True)


@router.post("/{int:pk}/decide", response={200: AppealOut, 409: Problem, **WRITE_ERRORS},
             summary="办结（维持原结论 / 予以纠正 / 不予受理）")
def decide(request, pk: int, payload: DecideIn):
    appeal = services.decide(request.auth, _appeal(request, pk), outcome=payload.outcome, reason=payload.reason,
                             fraud_found=payload.fraud_found, ip=client_ip(request))
    return _out(appeal, steps=True)
