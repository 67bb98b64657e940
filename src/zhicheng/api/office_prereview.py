"""§三(一) 资格预审 for the office: its units' batches and entries, admitting a paper-path person, 预审通过 and
预审不通过（一次性告知） — the same services, scope and refusals as the pages (office_review/views_prereview.py).
ID numbers are masked."""

from __future__ import annotations

import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import PageNumberPagination, paginate

from zhicheng.dossier import models as dm
from zhicheng.dossier.permissions import record_refusal
from zhicheng.errors import Refusal
from zhicheng.http import IdsFirst, client_ip
from zhicheng.office_review import prereview
from zhicheng.office_review.prereview import PassForm
from zhicheng.office_review.views_prereview import batch_entries, batch_or_404, office_batches, office_q
from zhicheng.orgs.scope import is_unit_hr_of
from zhicheng.unit_submission.models import SubmissionEntry, UnitSubmission
from zhicheng.workflow.states import UPWARD_STATES, State

from .common import WRITE_ERRORS, Problem

router = Router(tags=["资格预审"])


class BatchOut(Schema):
    id: int
    unit: str
    campaign: str
    kind: str
    submitted_at: datetime.datetime
    total: int
    unadmitted: int
    submitted: int
    returned: int
    passed: int
    abandoned: int


class EntryOut(Schema):
    id: int
    order: int
    name: str
    id_number_masked: str
    title: str
    specialty: str
    application_id: int | None
    state: str
    state_label: str


class ReasonIn(Schema):
    reason: str
    sections: list[str]


class ReturnIn(Schema):
    items: list[ReasonIn] = []
    override: bool = False


class ReasonOut(Schema):
    reason: str
    sections: list[str]
    source: str  # engine: a failed condition of the eligibility engine; reviewer: the reviewer's own


class ReturnOut(Schema):
    application_id: int
    state: str
    deadline: datetime.date
    sections: list[str]
    items: list[ReasonOut]


class PassIn(Schema):
    justification: str = ""
    phone: str = ""
    email: str = ""


class PassOut(Schema):
    application_id: int
    state: str
    initial_password: str = ""


def _app(request, pk: int) -> dm.Application:
    app = get_object_or_404(dm.Application.objects.select_related("applicant", "unit", "campaign", "title"), pk=pk)
    if prereview.office_reviewer(request.auth, app) is None or app.state not in UPWARD_STATES:
        record_refusal(request.auth, app, client_ip(request), request.path)
        raise Http404
    return app


def _batch_out(b) -> BatchOut:
    return BatchOut(id=b.pk, unit=b.unit.name, campaign=b.campaign.name, kind=b.kind, submitted_at=b.submitted_at,
                    total=b.n_total, unadmitted=b.n_unadmitted, submitted=b.n_submitted, returned=b.n_returned,
                    passed=b.n_passed, abandoned=b.n_abandoned)


@router.get("/office/prereview/batches", response={200: list[BatchOut], 403: Problem},
            summary="本主管部门各单位的推荐上报批次（分页，最近在前）")
@paginate(PageNumberPagination, page_size=20)
def batches(request):
    q = office_q(request.auth)
    if q is None:
        raise Refusal("只有主管部门审核人员可以查看资格预审。", forbidden=True)
    # as the page: ids through the (-submitted_at, -id) index, the per-state counts only for the page's rows
    ordered = UnitSubmission.objects.filter(q).order_by("-submitted_at", "-id")
    return IdsFirst(ordered, office_batches(request.auth), _batch_out)


@router.get("/office/prereview/batches/{id:pk}/entries", response={200: list[EntryOut], 404: Problem},
            summary="批次中的人员及预审状态")
def entries(request, pk: int):
    sub = batch_or_404(request.auth, pk)
    return Status(200, [EntryOut(id=e.pk, order=e.order, name=e.name, id_number_masked=e.masked_id,
                                 title=e.title.name, specialty=e.specialty, application_id=e.application_id,
                                 state=e.application.state if e.application_id else "unadmitted",
                                 state_label=e.application.get_state_display() if e.application_id else "待受理")
                        for e in batch_entries(sub)])


@router.post("/office/prereview/batches/{id:pk}/entries/{id:item_id}/admit", response={201: PassOut, 409: Problem,
             **WRITE_ERRORS}, summary="受理线下推荐人员（建立申报，预审通过时开通账号）")
def admit(request, pk: int, item_id: int):
    sub = batch_or_404(request.auth, pk)
    row = get_object_or_404(SubmissionEntry, pk=item_id, submission=sub)
    app = prereview.admit_paper_entry(request.auth, row, ip=client_ip(request))
    return Status(201, PassOut(application_id=app.pk, state=app.state))


@router.post("/office/prereview/applications/{id:pk}/return", response={201: ReturnOut, 409: Problem,
             **WRITE_ERRORS}, summary="预审不通过（一次性告知全部原因，限期补正）")
def return_(request, pk: int, payload: ReturnIn):
    app = _app(request, pk)
    rec = prereview.prereview_return(request.auth, app, items=[i.dict() for i in payload.items],
                                     override=payload.override, ip=client_ip(request))
    return Status(201, ReturnOut(application_id=app.pk, state=State.PREREVIEW_RETURNED, deadline=rec.deadline,
                                 sections=rec.sections, items=rec.items))


@router.post("/office/prereview/applications/{id:pk}/pass", response={200: PassOut, 409: Problem, **WRITE_ERRORS},
             summary="预审通过（线下推荐人员同时开通实名账号，初始密码只返回这一次）")
def pass_(request, pk: int, payload: PassIn):
    app = _app(request, pk)
    form = PassForm(payload.dict())
    if not form.is_valid():
        fields = {k: [str(e) for e in v] for k, v in form.errors.items()}
        raise Refusal([m for ms in fields.values() for m in ms], fields)
    result = prereview.prereview_pass(request.auth, app, ip=client_ip(request), **form.cleaned_data)
    return Status(200, PassOut(application_id=app.pk, state=result.application.state,
                               initial_password=result.password))


class SupplementaryOut(Schema):
    id: int
    starts_on: datetime.date
    ends_on: datetime.date
    fingerprint: str


@router.post("/office/prereview/applications/{id:pk}/supplementary-notice",
             response={201: SupplementaryOut, 409: Problem, **WRITE_ERRORS},
             summary="登记补充公示（单位人事；补正后的材料与公示内容不一致时，重新报送前须登记）")
def supplementary_notice(request, pk: int, starts_on: Form[datetime.date], ends_on: Form[datetime.date],
                         scan: File[UploadedFile] = None):
    app = get_object_or_404(dm.Application.objects.select_related("unit"), pk=pk)
    if not is_unit_hr_of(request.auth, app.unit):
        record_refusal(request.auth, app, client_ip(request), request.path)
        raise Http404
    row = prereview.record_supplementary_notice(request.auth, app, starts_on=starts_on, ends_on=ends_on, scan=scan,
                                                ip=client_ip(request))
    return Status(201, SupplementaryOut(id=row.pk, starts_on=row.starts_on, ends_on=row.ends_on,
                                        fingerprint=row.fingerprint))
