"""年度申报: list, read, deploy and change (validated by the campaigns app's own form), publish, policy files."""

from __future__ import annotations

import datetime
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import PageNumberPagination, paginate

from zhicheng.campaigns import services
from zhicheng.campaigns.forms import CampaignForm
from zhicheng.campaigns.models import Campaign, CampaignStage
from zhicheng.files.views import serve
from zhicheng.http import client_ip
from zhicheng.orgs.roles import Role
from zhicheng.orgs.scope import orgs_for_role

from .codes import TitleOut, title_out
from .common import WRITE_ERRORS, Problem, Serialised

router = Router(tags=["年度申报"])


class StageIn(Schema):
    stage: CampaignStage.Stage
    starts_on: datetime.date
    working_days: int


class StageOut(StageIn):
    stage_label: str
    ends_on: datetime.date


class PanelMemberIn(Schema):
    user_id: int
    duty: Literal["leader", "member"] = "member"


class CampaignIn(Schema):
    """The fields of the campaign form (campaigns/forms.py), in JSON: the same limits and messages."""

    year: int
    name: str
    conditions: str = ""
    policy_text: str = ""
    title_ids: list[int]
    stages: list[StageIn] = []
    panel: list[PanelMemberIn] = []


class CampaignOut(Schema):
    id: int
    unit_id: int
    unit: str
    year: int
    name: str
    status: str
    status_label: str
    conditions: str
    policy_text: str
    titles: list[TitleOut]
    stages: list[StageOut]


class PolicyFileOut(Schema):
    id: int
    title: str
    file_id: int
    size: int


def campaign_out(c: Campaign) -> dict:
    return {"id": c.pk, "unit_id": c.unit_id, "unit": c.unit.name, "year": c.year, "name": c.name,
            "status": c.status, "status_label": c.get_status_display(), "conditions": c.conditions,
            "policy_text": c.policy_text, "titles": [title_out(t) for t in c.open_titles.all()],
            "stages": [{"stage": s.stage, "stage_label": s.get_stage_display(), "starts_on": s.starts_on,
                        "working_days": s.working_days, "ends_on": s.ends_on} for s in c.stages.all()]}


def _policy_file(a) -> dict:
    return {"id": a.pk, "title": a.title, "file_id": a.file_id, "size": a.file.size}


def _campaign_or_404(request, pk: int) -> Campaign:
    return get_object_or_404(services.visible_campaigns(request.auth), pk=pk)


@router.get("", response=list[CampaignOut], summary="可见的年度申报")
@paginate(PageNumberPagination, page_size=20)
def list_campaigns(request, status: str | None = None):
    qs = services.visible_campaigns(request.auth).prefetch_related("open_titles__series", "stages")
    if status:
        qs = qs.filter(status=status)
    return Serialised(qs.order_by("-year", "-id"), campaign_out)


@router.get("/{id:pk}", response=CampaignOut, summary="年度申报详情")
def get_campaign(request, pk: int):
    return campaign_out(_campaign_or_404(request, pk))


@router.post("", response={201: CampaignOut, **WRITE_ERRORS}, summary="部署年度申报（单位人事）")
def create_campaign(request, payload: CampaignIn):
    units = orgs_for_role(request.auth, Role.UNIT_HR)
    if not units:
        raise PermissionDenied("只有单位人事可以部署年度申报。")
    form = CampaignForm.from_json(payload.model_dump(), unit=units[0])
    c = services.save_campaign_form(request.auth, form, unit=units[0], ip=client_ip(request))
    return Status(201, campaign_out(c))


@router.put("/{id:pk}", response={200: CampaignOut, **WRITE_ERRORS}, summary="修改年度申报")
def update_campaign(request, pk: int, payload: CampaignIn):
    c = _campaign_or_404(request, pk)
    form = CampaignForm.from_json(payload.model_dump(), unit=c.unit)
    c = services.save_campaign_form(request.auth, form, unit=c.unit, campaign=c, ip=client_ip(request))
    return Status(200, campaign_out(c))


@router.post("/{id:pk}/publish", response={200: CampaignOut, 409: Problem, **WRITE_ERRORS}, summary="发布")
def publish(request, pk: int):
    c = _campaign_or_404(request, pk)
    return Status(200, campaign_out(services.publish_campaign(request.auth, c, ip=client_ip(request))))


@router.post("/{id:pk}/attachments", response={201: PolicyFileOut, **WRITE_ERRORS}, summary="上传政策文件")
def add_policy_file(request, pk: int, file: File[UploadedFile], title: Form[str] = ""):
    c = _campaign_or_404(request, pk)
    return Status(201, _policy_file(services.add_attachment(request.auth, c, file, title, ip=client_ip(request))))


@router.get("/{id:pk}/attachments", response=list[PolicyFileOut], summary="政策文件列表")
def list_policy_files(request, pk: int):
    return [_policy_file(a) for a in _campaign_or_404(request, pk).attachments.select_related("file")]


@router.get("/{id:pk}/attachments/{id:att_id}", summary="下载政策文件", response={200: None, 404: Problem})
def get_policy_file(request, pk: int, att_id: int):
    c = _campaign_or_404(request, pk)
    return serve(get_object_or_404(c.attachments.select_related("file"), pk=att_id).file)
