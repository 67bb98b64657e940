"""§五 评审结果 (/api/v1/results/…): the host's result notices, objections' findings and 报送; the provincial
office's 备案/核准/不予; 发文 — the same services and permission checks as the screens. The public result
notice is readable without login (masked: no ID numbers, no phones)."""

from __future__ import annotations

import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from zhicheng.http import IdsFirst, client_ip
from zhicheng.orgs.models import Organization
from zhicheng.results import filing, issuance
from zhicheng.results import result_notice as rn
from zhicheng.results.models import ResultDocument, ResultNotice, ResultReport

from .common import WRITE_ERRORS, Problem

router = Router(tags=["评审结果公示、备案核准与发文"])


class NoticeEntryOut(Schema):
    id: int
    application_id: int
    name: str
    title: str
    level: str
    state: str
    state_label: str


class NoticeOut(Schema):
    id: int
    committee: str
    title: str
    starts_on: datetime.date
    ends_on: datetime.date
    working_days: int
    phase: str
    entries: list[NoticeEntryOut]


class NoticeIn(Schema):
    committee_id: int
    application_ids: list[int] | None = None
    starts_on: datetime.date | None = None
    title: str = ""


class PublicPersonOut(Schema):
    entry_id: int
    name: str
    unit: str
    series: str
    specialty: str
    title: str
    level: str


class PublicNoticeOut(Schema):
    id: int
    title: str
    host: str
    committee: str
    starts_on: datetime.date
    ends_on: datetime.date
    people: list[PublicPersonOut]


class FindingIn(Schema):
    founded: bool
    reason: str
    investigation: str = ""


class FindingOut(Schema):
    id: int
    status: str
    status_label: str


class ReportEntryOut(Schema):
    application_id: int
    name: str
    level: str
    outcome: str
    outcome_label: str
    reason: str


class ReportOut(Schema):
    id: int
    host: str
    explanation: str
    reported_at: datetime.datetime
    entries: list[ReportEntryOut]


class DecisionIn(Schema):
    action: str
    application_ids: list[int]
    reason: str = ""


class DocumentIn(Schema):
    number: str
    title: str = ""
    authority: str
    issued_on: datetime.date
    application_ids: list[int]


class DocumentEntryOut(Schema):
    application_id: int
    name: str
    certificate_number: str


class DocumentOut(Schema):
    id: int
    number: str
    title: str
    authority: str
    issued_on: datetime.date
    entries: list[DocumentEntryOut]


def _notice_out(n: ResultNotice) -> dict:
    entries = n.entries.select_related("application__applicant", "application__title")
    return {"id": n.pk, "committee": n.committee.name, "title": n.title, "starts_on": n.starts_on,
            "ends_on": n.ends_on, "working_days": n.working_days, "phase": rn.phase(n),
            "entries": [{"id": e.pk, "application_id": e.application_id, "name": e.application.applicant.real_name,
                         "title": e.application.title.name, "level": e.application.get_level_display(),
                         "state": e.application.state, "state_label": e.application.get_state_display()}
                        for e in entries]}


def _report_out(r: ResultReport) -> dict:
    return {"id": r.pk, "host": r.host.name, "explanation": r.explanation, "reported_at": r.reported_at,
            "entries": [{"application_id": e.application_id, "name": e.application.applicant.real_name,
                         "level": e.application.get_level_display(), "outcome": e.outcome,
                         "outcome_label": e.get_outcome_display(), "reason": e.reason}
                        for e in r.entries.select_related("application__applicant")]}


def _document_out(d: ResultDocument) -> dict:
    return {"id": d.pk, "number": d.number, "title": d.title, "authority": d.authority, "issued_on": d.issued_on,
            "entries": [{"application_id": e.application_id, "name": e.certificate.holder_name,
                         "certificate_number": e.certificate.number} for e in issuance.document_rows(d)]}


def _host_or_403(request) -> None:
    if not rn.host_orgs(request.auth):
        raise rn.ResultFlowRefusal("只有评委会组建单位可以办理评审结果公示与报送。", forbidden=True)


@router.get("/notices", response={200: list[NoticeOut], 403: Problem}, summary="评审结果公示（组建单位）")
@paginate(PageNumberPagination, page_size=20)
def list_notices(request):
    _host_or_403(request)
    return IdsFirst(rn.notices_for(request.auth).order_by("-starts_on", "-id"), rn.notices_for(request.auth),
                    _notice_out)


@router.post("/notices", response={201: NoticeOut, **WRITE_ERRORS}, summary="发布评审结果公示（组建单位）")
def create_notice(request, payload: NoticeIn):
    _host_or_403(request)
    committee = get_object_or_404(Organization, pk=payload.committee_id)
    if rn.host_of(request.auth, committee) is None:
        raise Http404
    notice = rn.start_result_notice(request.auth, committee=committee, application_ids=payload.application_ids,
                                    starts_on=payload.starts_on, title=payload.title, ip=client_ip(request))
    return Status(201, _notice_out(notice))


@router.post("/notices/{id:pk}/report", response={201: ReportOut, **WRITE_ERRORS},
             summary="公示期满，报送省职改办备案/核准")
def report(request, pk: int):
    _host_or_403(request)
    notice = get_object_or_404(rn.notices_for(request.auth), pk=pk)
    return Status(201, _report_out(filing.report_results(request.auth, notice, ip=client_ip(request))))


@router.post("/objections/{id:pk}/finding", response={200: FindingOut, **WRITE_ERRORS}, summary="登记异议核查结论")
def finding(request, pk: int, payload: FindingIn):
    _host_or_403(request)
    objection = get_object_or_404(rn.objections_for(request.auth), pk=pk)
    o = rn.record_finding(request.auth, objection, founded=payload.founded, reason=payload.reason,
                          investigation=payload.investigation, ip=client_ip(request))
    return Status(200, {"id": o.pk, "status": o.status, "status_label": o.get_status_display()})


@router.get("/reports", response={200: list[ReportOut], 403: Problem}, summary="待备案/核准的报送（省职改办）")
@paginate(PageNumberPagination, page_size=20)
def list_reports(request):
    if not filing.is_province(request.auth):
        raise rn.ResultFlowRefusal("只有省职改办可以办理评审结果备案、核准。", forbidden=True)
    reports = filing.reports_for_province(request.auth)
    return IdsFirst(reports.order_by("-reported_at", "-id"), reports, _report_out)


@router.post("/reports/{id:pk}/decisions", response={200: ReportOut, **WRITE_ERRORS},
             summary="备案（file_result）、核准（approve_result）或不予（refuse_result，须填理由）")
def decide(request, pk: int, payload: DecisionIn):
    if not filing.is_province(request.auth):
        raise Http404
    report = get_object_or_404(ResultReport.objects.select_related("host"), pk=pk)
    filing.decide(request.auth, report, payload.action, application_ids=payload.application_ids,
                  reason=payload.reason, ip=client_ip(request))
    return Status(200, _report_out(report))


@router.post("/documents", response={201: DocumentOut, **WRITE_ERRORS}, summary="发文并发放职称证书")
def create_document(request, payload: DocumentIn):
    doc = issuance.issue_document(request.auth, number=payload.number, title=payload.title,
                                  authority=payload.authority, issued_on=payload.issued_on,
                                  application_ids=payload.application_ids, ip=client_ip(request))
    return Status(201, _document_out(doc))


@router.get("/documents/{id:pk}", response=DocumentOut, summary="发文详情")
def get_document(request, pk: int):
    return _document_out(get_object_or_404(issuance.documents_for(request.auth), pk=pk))


@router.get("/public/notices/{id:pk}", auth=None, response={200: PublicNoticeOut, 404: Problem, 410: Problem},
            summary="评审结果公示（公开，无需登录；不含身份证号、电话）")
def public_notice(request, pk: int):
    notice = get_object_or_404(ResultNotice.objects.select_related("host", "committee"), pk=pk)
    phase = rn.phase(notice)
    if phase != "running":
        message = "公示已结束，公示内容已撤下。" if phase == "ended" else "公示尚未开始。"
        return Status(410 if phase == "ended" else 404, {"detail": [message], "fields": {}})
    return {"id": notice.pk, "title": notice.title, "host": notice.host.name, "committee": notice.committee.name,
            "starts_on": notice.starts_on, "ends_on": notice.ends_on,
            "people": rn.public_people(rn.shown_entries(notice))}
