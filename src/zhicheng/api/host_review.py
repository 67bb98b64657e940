"""资格审查 (§四(二)), under /api/v1/host-review: the committee host's queue, one application's review data,
accept (one or a batch), return with every reason; the office's returned applications and their resubmission.
The same services and predicates as the screens: out of scope 404, the wrong role 403."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from zhicheng.codes.models import Level
from zhicheng.committee import host_review as hr
from zhicheng.dossier import models as dm
from zhicheng.dossier.permissions import can_view, record_refusal
from zhicheng.eligibility.services import evaluate
from zhicheng.http import IdsFirst, client_ip
from zhicheng.office_review.models import Endorsement
from zhicheng.orgs.roles import Role
from zhicheng.orgs.scope import has_role
from zhicheng.workflow.states import State

from .applications import LIST_ROWS, ApplicationOut, application_out
from .common import WRITE_ERRORS, Problem

router = Router(tags=["资格审查（评委会组建单位）"])
READ_ERRORS = {403: Problem, 404: Problem}


class ReturnOut(Schema):
    id: int
    application_id: int
    host: str
    reasons: list[str]
    deadline: datetime.date
    at: datetime.datetime
    outcome: str
    resolved_at: datetime.datetime | None
    correction_note: str


class ReviewOut(Schema):
    application: ApplicationOut
    batch_id: int | None
    sent_by: str
    sent_at: datetime.datetime | None
    endorsement: str
    eligibility_passed: bool
    eligibility_failed: list[str]
    default_committee_id: int | None
    default_committee: str
    committee_problem: str
    returns: list[ReturnOut]


class PassIn(Schema):
    committee_id: int | None = None


class PassManyIn(Schema):
    ids: list[int]


class AssignmentOut(Schema):
    application_id: int
    committee_org_id: int
    committee: str


class ReturnIn(Schema):
    reasons: list[str]


class ResubmitIn(Schema):
    note: str


def _return_out(r) -> dict:
    return {"id": r.pk, "application_id": r.application_id, "host": r.host.name, "reasons": r.reasons,
            "deadline": r.deadline, "at": r.at, "outcome": r.outcome, "resolved_at": r.resolved_at,
            "correction_note": r.correction_note}


def _assignment_out(a) -> dict:
    return {"application_id": a.application_id, "committee_org_id": a.committee_id, "committee": a.committee.name}


def _host_only(request) -> None:
    if not hr.host_ids(request.auth):
        raise PermissionDenied("只有评委会组建单位可以办理资格审查。")


def _hosts_application(request, pk: int) -> dm.Application:
    _host_only(request)
    app = dm.Application.objects.select_related("applicant", "unit", "series", "title", "campaign").filter(pk=pk).first()
    if app is None:
        raise Http404
    if not can_view(request.auth, app) or not hr.queue_scope(request.auth).filter(pk=pk).exists():
        record_refusal(request.auth, app, client_ip(request), request.path)
        raise Http404
    return app


@router.get("/applications", response={200: list[ApplicationOut], 403: Problem}, summary="资格审查队列（本组建单位）")
@paginate(PageNumberPagination, page_size=20)
def queue(request, state: str = State.HOST_REVIEW, series: str = "", level: str = "", batch: int | None = None):
    _host_only(request)
    state = state if state in hr.QUEUE_STATES else State.HOST_REVIEW
    level = level if level in Level.values else ""
    return IdsFirst(hr.queue(request.auth, state=state, series=series, level=level, batch=batch), LIST_ROWS,
                    application_out)


@router.get("/applications/{id:pk}", response={200: ReviewOut, **READ_ERRORS}, summary="一份申报的资格审查信息")
def review(request, pk: int):
    app = _hosts_application(request, pk)
    entry = hr.host_entry(app)
    default, problem = None, ""
    if app.state == State.HOST_REVIEW and entry is not None:
        try:
            default = hr.resolve_committee(app, entry.forwarding.to_org, entry=entry)
        except hr.HostReviewError as exc:
            problem = "；".join(exc.problems)
    report = evaluate(app)
    endorsement = Endorsement.objects.filter(application=app).first()
    return {"application": application_out(app), "batch_id": entry.forwarding_id if entry else None,
            "sent_by": entry.forwarding.office.name if entry else "",
            "sent_at": entry.forwarding.created_at if entry else None,
            "endorsement": endorsement.text if endorsement else "", "eligibility_passed": report.passed,
            "eligibility_failed": [r.label for r in report.failed],
            "default_committee_id": default.pk if default else None,
            "default_committee": default.org.name if default else "", "committee_problem": problem,
            "returns": [_return_out(r) for r in app.host_returns.select_related("host")]}


@router.post("/applications/{id:pk}/pass", response={200: AssignmentOut, **WRITE_ERRORS},
             summary="资格审查通过，提交评审委员会（默认按评审路由或本单位有效的评审委员会）")
def pass_one(request, pk: int, body: PassIn):
    app = _hosts_application(request, pk)
    return Status(200, _assignment_out(hr.host_pass(request.auth, app, committee_id=body.committee_id,
                                                   ip=client_ip(request))))


@router.post("/applications/pass", response={200: list[AssignmentOut], **WRITE_ERRORS},
             summary="批量资格审查通过（全部通过或全部不变）")
def pass_many(request, body: PassManyIn):
    _host_only(request)
    ids = set(body.ids)
    if not all(0 < i < 2**63 for i in ids):  # beyond the column's range: not found (rather than overflowing)
        raise Http404
    apps = list(hr.queue(request.auth).filter(pk__in=ids).select_related("applicant", "series", "title"))
    if len(apps) != len(ids):
        raise Http404
    return Status(200, [_assignment_out(a) for a in hr.host_pass_many(request.auth, apps, ip=client_ip(request))])


@router.post("/applications/{id:pk}/return", response={200: ReturnOut, **WRITE_ERRORS},
             summary="资格审查不通过，退回主管部门（一次性告知全部原因，限期补正）")
def return_one(request, pk: int, body: ReturnIn):
    app = _hosts_application(request, pk)
    return Status(200, _return_out(hr.host_return(request.auth, app, reasons=body.reasons, ip=client_ip(request))))


@router.get("/office/returns", response={200: list[ReturnOut], 403: Problem}, summary="组建单位退回本部门补正的申报")
@paginate(PageNumberPagination, page_size=20)
def office_returns(request):
    if not has_role(request.auth, Role.OFFICE_REVIEWER):
        raise PermissionDenied("只有主管部门可以查看组建单位退回的申报。")
    return IdsFirst(hr.office_returns(request.auth).order_by("deadline", "id"), hr.office_returns(request.auth),
                    _return_out)


@router.post("/office/returns/{id:pk}/resubmit", response={200: ReturnOut, **WRITE_ERRORS},
             summary="补正后重新报送原组建单位（补正期限内）")
def resubmit(request, pk: int, body: ResubmitIn):
    """`pk` is the application's id."""
    if not has_role(request.auth, Role.OFFICE_REVIEWER):
        raise PermissionDenied("只有主管部门可以重新报送。")
    rec = hr.office_returns(request.auth).filter(application_id=pk).first()
    if rec is None or not can_view(request.auth, rec.application):
        raise Http404
    return Status(200, _return_out(hr.resubmit_host(request.auth, rec.application, note=body.note,
                                                    ip=client_ip(request))))
