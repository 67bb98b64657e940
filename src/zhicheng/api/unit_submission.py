"""§二(八) 单位意见、承诺书、推荐上报: the same services, forms and permission predicates as the pages
(unit_submission/views.py). ID numbers are masked here; the full number is only in the roster file."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, prefetch_related_objects
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import PageNumberPagination, paginate

from zhicheng.campaigns.models import Campaign
from zhicheng.documents.pdf import pdf_response
from zhicheng.dossier.stored_documents import content_disposition
from zhicheng.errors import Refusal
from zhicheng.http import IdsFirst, client_ip
from zhicheng.orgs.scope import visible
from zhicheng.orgs.validators import mask_id_number
from zhicheng.unit_submission import documents, permissions, services
from zhicheng.unit_submission.forms import OpinionForm, PaperForm, SubmitForm
from zhicheng.unit_submission.models import SubmissionEntry, UnitSubmission

from .common import WRITE_ERRORS, Problem, app_or_404

router = Router(tags=["单位意见与推荐上报"])


class ReadinessOut(Schema):
    application_id: int
    applicant: str
    title: str
    state: str
    state_label: str
    notice_starts_on: datetime.date | None
    notice_ends_on: datetime.date | None
    opinion_signed: bool
    applicant_confirmed: bool
    leader_confirmed: bool
    ready: bool
    missing: list[str]


class SubmitIn(Schema):
    application_ids: list[int]


class EntryOut(Schema):
    order: int
    application_id: int | None
    name: str
    gender: str
    id_number_masked: str
    series: str
    title: str
    level: str
    specialty: str
    version_number: int | None


class BatchOut(Schema):
    id: int
    campaign_id: int
    unit_id: int
    unit: str
    kind: str
    kind_label: str
    submitted_by: str
    submitted_at: datetime.datetime
    notice_starts_on: datetime.date | None
    notice_ends_on: datetime.date | None
    opinion_text: str
    entries: list[EntryOut]


class OpinionIn(Schema):
    review_text: str
    roster_text: str
    responsible_person: str
    opinion_date: str


class OpinionOut(Schema):
    application_id: int
    notice_starts_on: datetime.date
    notice_ends_on: datetime.date
    review_text: str
    roster_text: str
    responsible_person: str
    opinion_date: datetime.date
    saved: bool
    signed: bool
    signed_by: str | None
    signed_at: datetime.datetime | None


class PledgeOut(Schema):
    application_id: int
    title: str
    paragraphs: list[str]
    version_number: int | None
    applicant_confirmed_at: datetime.datetime | None
    leader: str | None
    leader_confirmed_at: datetime.datetime | None
    applicant_confirmed: bool
    leader_confirmed: bool
    scan_uploaded: bool


def _campaign_for_hr(request, pk: int) -> Campaign:
    campaign = get_object_or_404(Campaign.objects.select_related("unit"), pk=pk)
    if not permissions.is_unit_hr(request.auth, campaign.unit_id):
        raise Http404
    return campaign


def _readiness_out(r: services.Readiness) -> dict:
    a, number = r.application, r.version[0] if r.version else None
    return {"application_id": a.pk, "applicant": a.applicant.real_name, "title": a.title.name, "state": a.state,
            "state_label": a.get_state_display(), "notice_starts_on": r.notice.starts_on if r.notice else None,
            "notice_ends_on": r.notice.ends_on if r.notice else None,
            "opinion_signed": bool(r.opinion and r.opinion.signed),
            "applicant_confirmed": bool(r.pledge and number and r.pledge.applicant_version == number),
            "leader_confirmed": bool(r.pledge and number and r.pledge.leader_version == number),
            "ready": r.ready, "missing": r.problems}


# A page of batches reads all their people in one query (prefetched), not one query per batch.
ENTRIES = Prefetch("entries", queryset=SubmissionEntry.objects.select_related("title__series").order_by("order", "id"))


def batch_out(sub: UnitSubmission) -> dict:
    prefetch_related_objects([sub], ENTRIES)  # a no-op when the page's rows already carry them
    entries = sub.entries.all()
    return {"id": sub.pk, "campaign_id": sub.campaign_id, "unit_id": sub.unit_id, "unit": sub.unit.name,
            "kind": sub.kind, "kind_label": sub.get_kind_display(), "submitted_by": sub.submitted_by.real_name,
            "submitted_at": sub.submitted_at, "notice_starts_on": sub.notice_starts_on,
            "notice_ends_on": sub.notice_ends_on, "opinion_text": sub.opinion_text,
            "entries": [{"order": e.order, "application_id": e.application_id, "name": e.name, "gender": e.gender,
                         "id_number_masked": mask_id_number(e.id_number), "series": e.title.series.name,
                         "title": e.title.name, "level": e.get_level_display(), "specialty": e.specialty,
                         "version_number": e.version_number} for e in entries]}


def _form_refusal(form) -> Refusal:
    fields = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
    return Refusal([m for msgs in fields.values() for m in msgs] or ["请按提示填写。"], fields)


def _ids(values) -> list[int]:
    """Database ids only (a number beyond the column's range matches nothing, rather than overflowing)."""
    return [i for i in values if 0 < i < 2**63]


def _raise_forbidden(decision) -> None:
    if not decision:
        raise PermissionDenied(decision.reason)


# --------------------------------------------------------------------------- campaign: readiness, submit, paper

@router.get("/unit-submission/campaigns/{id:pk}/readiness", response={200: list[ReadinessOut], 404: Problem},
            summary="本年度待上报人员及各人尚缺事项（单位人事）")
def readiness(request, pk: int):
    campaign = _campaign_for_hr(request, pk)
    apps = services.campaign_applications(campaign).filter(state__in=services.PAGE_STATES).order_by("applicant__real_name", "id")
    return Status(200, [_readiness_out(r) for r in services.readiness(apps)])


@router.post("/unit-submission/campaigns/{id:pk}/submit", response={201: BatchOut, 409: Problem, **WRITE_ERRORS},
             summary="推荐上报（一批，全部通过或全部不通过）")
def submit(request, pk: int, payload: SubmitIn):
    campaign = _campaign_for_hr(request, pk)
    apps = {a.pk: a for a in services.campaign_applications(campaign).filter(pk__in=_ids(payload.application_ids))}
    form = SubmitForm({"applications": [str(i) for i in payload.application_ids]},
                      choices=[(i, str(i)) for i in apps])
    if not form.is_valid():
        raise _form_refusal(form)
    sub = services.submit_batch(request.auth, campaign, [apps[i] for i in form.cleaned_data["applications"]],
                                ip=client_ip(request))
    return Status(201, batch_out(sub))


@router.post("/unit-submission/campaigns/{id:pk}/paper", response={201: BatchOut, 409: Problem, **WRITE_ERRORS},
             summary="登记线下审核推荐结果并上报（扫描件、公示日期、推荐名单）")
def paper(request, pk: int, ranking_scan: File[UploadedFile] = None, notice_scan: File[UploadedFile] = None,
          opinion_scan: File[UploadedFile] = None, notice_starts_on: Form[str] = "", notice_ends_on: Form[str] = "",
          opinion_text: Form[str] = "", application_ids: Form[list[int]] = None, people: Form[str] = ""):
    campaign = _campaign_for_hr(request, pk)
    ids = _ids(application_ids or [])
    form = PaperForm({"notice_starts_on": notice_starts_on, "notice_ends_on": notice_ends_on,
                      "opinion_text": opinion_text, "applications": [str(i) for i in ids], "people": people},
                     {k: v for k, v in (("ranking_scan", ranking_scan), ("notice_scan", notice_scan),
                                        ("opinion_scan", opinion_scan)) if v is not None},
                     choices=[(a.pk, "") for a in services.campaign_applications(campaign).filter(pk__in=ids)])
    if not form.is_valid():
        raise _form_refusal(form)
    d = form.cleaned_data
    sub = services.record_paper_outcome(
        request.auth, campaign, ranking_scan=d["ranking_scan"], notice_scan=d["notice_scan"],
        opinion_scan=d["opinion_scan"], notice_starts_on=d["notice_starts_on"], notice_ends_on=d["notice_ends_on"],
        opinion_text=d["opinion_text"], application_ids=d["applications"], people=d["people"], ip=client_ip(request))
    return Status(201, batch_out(sub))


# --------------------------------------------------------------------------- batches

def _batch(request, pk: int) -> UnitSubmission:
    return get_object_or_404(visible(request.auth, UnitSubmission.objects.select_related(
        "unit", "submitted_by", "roster")), pk=pk)


@router.get("/unit-submission/batches", response=list[BatchOut], summary="可见的推荐上报批次（分页，最近在前）")
@paginate(PageNumberPagination, page_size=20)
def list_batches(request):
    qs = visible(request.auth, UnitSubmission.objects.all())
    rows = UnitSubmission.objects.select_related("unit", "submitted_by").prefetch_related(ENTRIES)
    return IdsFirst(qs.order_by("-submitted_at", "-id"), rows, batch_out)


@router.get("/unit-submission/batches/{id:pk}", response={200: BatchOut, 404: Problem}, summary="推荐上报批次")
def get_batch(request, pk: int):
    return Status(200, batch_out(_batch(request, pk)))


@router.get("/unit-submission/batches/{id:pk}/roster", response={200: None, 404: Problem},
            summary="下载花名册（XLSX，身份证号完整：报送主管部门的正式材料）")
def get_roster(request, pk: int):
    sub = _batch(request, pk)
    if sub.roster is None:
        raise Http404
    from zhicheng.audit.services import record

    record("roster_downloaded", actor=request.auth, obj=sub, ip=client_ip(request))
    response = FileResponse(sub.roster.file.open("rb"), content_type=services.XLSX_TYPE)
    response["Content-Disposition"] = content_disposition(sub.roster.original_name, "roster.xlsx")
    return response


# --------------------------------------------------------------------------- opinion

def _opinion_out(app, opinion) -> dict:
    return {"application_id": app.pk, "notice_starts_on": opinion.notice.starts_on,
            "notice_ends_on": opinion.notice.ends_on, "review_text": opinion.review_text,
            "roster_text": opinion.roster_text, "responsible_person": opinion.responsible_person,
            "opinion_date": opinion.opinion_date, "saved": opinion.pk is not None, "signed": opinion.signed,
            "signed_by": opinion.signed_by.real_name if opinion.signed_by_id else None, "signed_at": opinion.signed_at}


def _opinion_app(request, pk: int):
    app = app_or_404(request, pk)
    _raise_forbidden(permissions.can_write_opinion(request.auth, app))
    return app


@router.get("/applications/{id:pk}/unit-opinion", response={200: OpinionOut, 403: Problem, 404: Problem},
            summary="单位意见（公示结束后按实际公示日期自动填写）")
def get_opinion(request, pk: int):
    app = _opinion_app(request, pk)
    opinion = services.current_opinion(app)
    if opinion is None:
        raise Refusal("公示结束且无异议后，系统才填写单位意见。", conflict=True)
    return Status(200, _opinion_out(app, opinion))


@router.put("/applications/{id:pk}/unit-opinion", response={200: OpinionOut, 409: Problem, **WRITE_ERRORS},
            summary="修改单位意见（签署前）")
def put_opinion(request, pk: int, payload: OpinionIn):
    app = _opinion_app(request, pk)
    form = OpinionForm(payload.model_dump())
    if not form.is_valid():
        raise _form_refusal(form)
    opinion = services.save_opinion(request.auth, app, ip=client_ip(request), **form.cleaned_data)
    return Status(200, _opinion_out(app, opinion))


@router.post("/applications/{id:pk}/unit-opinion/sign", response={200: OpinionOut, 409: Problem, **WRITE_ERRORS},
             summary="签署单位意见（签署后不能修改）")
def sign_opinion(request, pk: int):
    app = _opinion_app(request, pk)
    return Status(200, _opinion_out(app, services.sign_opinion(request.auth, app, ip=client_ip(request))))


# --------------------------------------------------------------------------- pledge

def _pledge_app(request, pk: int):
    app = app_or_404(request, pk)
    _raise_forbidden(permissions.can_see_pledge(request.auth, app))
    return app


def _pledge_out(app) -> dict:
    pledge = services.pledge_of(app)
    version = services.current_version(app)
    number = version[0] if version else None
    return {"application_id": app.pk, "title": documents.PLEDGE_TITLE, "paragraphs": documents.pledge_paragraphs(app),
            "version_number": number, "applicant_confirmed_at": pledge.applicant_confirmed_at,
            "leader": pledge.leader.real_name if pledge.leader_id else None,
            "leader_confirmed_at": pledge.leader_confirmed_at,
            "applicant_confirmed": number is not None and pledge.applicant_version == number,
            "leader_confirmed": number is not None and pledge.leader_version == number,
            "scan_uploaded": pledge.scan_id is not None}


@router.get("/applications/{id:pk}/pledge", response={200: PledgeOut, 403: Problem, 404: Problem},
            summary="真实性承诺书及确认情况")
def get_pledge(request, pk: int):
    return Status(200, _pledge_out(_pledge_app(request, pk)))


@router.post("/applications/{id:pk}/pledge/confirm", response={200: PledgeOut, 409: Problem, **WRITE_ERRORS},
             summary="确认承诺书（申报人本人或单位领导；记录时间和IP）")
def confirm_pledge(request, pk: int):
    app = _pledge_app(request, pk)
    services.confirm_pledge(request.auth, app, ip=client_ip(request))
    return Status(200, _pledge_out(app))


@router.post("/applications/{id:pk}/pledge/scan", response={200: PledgeOut, 409: Problem, **WRITE_ERRORS},
             summary="上传签字盖章的承诺书扫描件（单位人事）")
def upload_pledge_scan(request, pk: int, file: File[UploadedFile]):
    app = _pledge_app(request, pk)
    services.upload_pledge_scan(request.auth, app, file, ip=client_ip(request))
    return Status(200, _pledge_out(app))


@router.get("/applications/{id:pk}/pledge.pdf", response={200: None, 403: Problem, 404: Problem},
            summary="承诺书 PDF（A4，打印签字盖章）")
def pledge_pdf(request, pk: int):
    app = _pledge_app(request, pk)
    pledge = services.pledge_of(app)
    return pdf_response(documents.pledge_pdf(app, pledge if pledge.pk else None),
                        f"{documents.PLEDGE_TITLE}-{app.applicant.real_name}")
