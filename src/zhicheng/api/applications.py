"""申报: the list in the user's scope, starting one, reading one, what is missing, its returns, versions and
the official forms."""

from __future__ import annotations

import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from zhicheng.campaigns.services import visible_campaigns
from zhicheng.codes.models import Title
from zhicheng.dossier import models as m
from zhicheng.dossier import services as dossier
from zhicheng.dossier import stored_documents
from zhicheng.dossier.permissions import visible_applications
from zhicheng.http import IdsFirst, client_ip, int_param
from zhicheng.workflow.states import TRANSITIONS, State

from .common import WRITE_ERRORS, Problem, app_or_404

router = Router(tags=["申报材料"])


class ApplicationIn(Schema):
    campaign_id: int
    title_id: int
    specialty: str
    is_exceptional: bool = False


class ApplicationOut(Schema):
    id: int
    applicant: str
    applicant_id_masked: str
    unit: str
    campaign_id: int
    series: str
    title: str
    level: str
    specialty: str
    is_exceptional: bool
    state: str
    state_label: str
    reopened_sections: list[str]
    return_reason: str
    submitted_at: datetime.datetime | None
    updated_at: datetime.datetime


class ReturnItemOut(Schema):
    """One problem of a notice to correct (一次性告知): the section it concerns and what is wrong."""

    section: str
    reason: str


class ReturnRecordOut(Schema):
    """A return or notice to correct, kept with the whole history (open until a later submission resolves it)."""

    id: int
    stage: str
    action: str
    action_label: str
    reason: str
    sections: list[str]
    items: list[ReturnItemOut]
    deadline: datetime.date | None
    created_by: str
    created_at: datetime.datetime
    resolved_at: datetime.datetime | None
    resolved_version: int | None


class VersionOut(Schema):
    number: int
    submitted_at: datetime.datetime
    submitted_by: str
    fingerprint: str


class DiffRowOut(Schema):
    section: str
    kind: str
    field: str
    old: str
    new: str


def application_out(a: m.Application) -> dict:
    return {"id": a.pk, "applicant": a.applicant.real_name, "applicant_id_masked": a.applicant.masked_id_number,
            "unit": a.unit.name, "campaign_id": a.campaign_id, "series": a.series.name, "title": a.title.name,
            "level": a.level, "specialty": a.specialty, "is_exceptional": a.is_exceptional, "state": a.state,
            "state_label": a.get_state_display(), "reopened_sections": a.reopened_sections,
            "return_reason": a.return_reason, "submitted_at": a.submitted_at, "updated_at": a.updated_at}


def _return_out(r: m.ReturnRecord) -> dict:
    t = TRANSITIONS.get(r.action)
    return {"id": r.pk, "stage": r.stage, "action": r.action, "action_label": t.label if t else r.action,
            "reason": r.reason, "sections": r.sections,
            "items": [{"section": str(i.get("section", "")), "reason": str(i.get("reason", ""))}
                      for i in r.items if isinstance(i, dict)], "deadline": r.deadline,
            "created_by": r.created_by.real_name, "created_at": r.created_at, "resolved_at": r.resolved_at,
            "resolved_version": r.resolved_version}


# The columns application_out reads, and no others (no password hash, no policy text, no dossier JSON).
LIST_ROWS = m.Application.objects.select_related("applicant", "unit", "title", "series").only(
    "id", "campaign_id", "level", "specialty", "is_exceptional", "state", "reopened_sections", "return_reason",
    "submitted_at", "updated_at", "applicant__real_name", "applicant__id_number", "unit__name", "series__name",
    "title__name")


@router.get("", response=list[ApplicationOut], summary="申报列表（按角色数据范围）")
@paginate(PageNumberPagination, page_size=20)
def list_applications(request, state: str | None = None, campaign_id: int | None = None, q: str | None = None):
    qs = visible_applications(request.auth)
    if state in State.values:
        qs = qs.filter(state=state)
    if campaign_id is not None:
        qs = qs.filter(campaign_id=int_param(campaign_id) or 0)
    if q:
        qs = qs.filter(applicant__real_name__contains=q)
    return IdsFirst(qs.order_by("-updated_at", "-id"), LIST_ROWS, application_out)


@router.post("", response={201: ApplicationOut, **WRITE_ERRORS}, summary="开始申报")
def create_application(request, payload: ApplicationIn):
    campaign = get_object_or_404(visible_campaigns(request.auth), pk=payload.campaign_id)
    title = get_object_or_404(Title, pk=payload.title_id)
    app = dossier.start_application(request.auth, campaign=campaign, title=title, specialty=payload.specialty,
                                    is_exceptional=payload.is_exceptional, ip=client_ip(request))
    return Status(201, application_out(app))


@router.get("/{id:pk}", response={200: ApplicationOut, 404: Problem}, summary="申报详情")
def get_application(request, pk: int):
    return Status(200, application_out(app_or_404(request, pk)))


@router.get("/{id:pk}/missing", response={200: list[str], 404: Problem}, summary="提交前缺少的项目（一次列出全部）")
def get_missing(request, pk: int):
    return Status(200, dossier.missing_items(app_or_404(request, pk)))


@router.get("/{id:pk}/returns", response={200: list[ReturnRecordOut], 404: Problem},
            summary="退回与补正记录（全部历史）")
def get_returns(request, pk: int):
    app = app_or_404(request, pk)
    return Status(200, [_return_out(r) for r in app.returns.select_related("created_by")])


@router.get("/{id:pk}/versions", response={200: list[VersionOut], 404: Problem}, summary="提交版本")
def get_versions(request, pk: int):
    app = app_or_404(request, pk)
    return Status(200, [{"number": v.number, "submitted_at": v.submitted_at, "submitted_by": v.submitted_by.real_name,
                         "fingerprint": dossier.fingerprint(v.snapshot)}
                        for v in app.versions.select_related("submitted_by").order_by("number")])


@router.get("/{id:pk}/versions/diff", response={200: list[DiffRowOut], 404: Problem}, summary="两个版本的差异")
def get_diff(request, pk: int, a: int = Query(...), b: int = Query(...)):
    app = app_or_404(request, pk)
    va = get_object_or_404(m.ApplicationVersion, application=app, number=a)
    vb = get_object_or_404(m.ApplicationVersion, application=app, number=b)
    return Status(200, dossier.diff(va.snapshot, vb.snapshot))


@router.get("/{id:pk}/documents/{doc}", summary="生成一览表/评审表 PDF（roster 或 review_form）",
            response={200: None, 404: Problem})
def get_document(request, pk: int, doc: str):
    app = app_or_404(request, pk)
    if doc not in ("roster", "review_form"):
        raise Http404
    return stored_documents.pdf_response(app, doc)
