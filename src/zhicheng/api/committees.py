"""评审委员会与专家库 (§四): the committee host's committees, expert pool, meetings and panel draws — the same
services as the screens; another host's records are 404."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from zhicheng.committee import permissions as perm
from zhicheng.committee import services
from zhicheng.committee.models import ReviewMeeting
from zhicheng.http import IdsFirst, client_ip

from .common import WRITE_ERRORS, Problem

router = Router(tags=["评审委员会与专家库"])
READ_ERRORS = {403: Problem, 404: Problem}


class CommitteeOut(Schema):
    id: int
    name: str
    host_id: int
    series: str
    specialty: str
    levels: list[str]
    approval_number: str
    approval_date: datetime.date
    valid_from: datetime.date
    valid_until: datetime.date


class CommitteeIn(Schema):
    name: str
    series_code: str
    specialty: str = ""
    levels: list[str]
    approval_number: str
    approval_date: datetime.date
    valid_from: datetime.date
    valid_until: datetime.date
    host_id: int | None = None


class ExpertOut(Schema):
    id: int
    real_name: str
    unit_name: str
    title_code: str
    title: str
    level: str
    series: str
    specialty: str
    term_start: datetime.date
    term_end: datetime.date
    user_id: int | None


class ExpertIn(Schema):
    real_name: str
    unit_name: str
    title_code: str
    specialty: str
    term_start: datetime.date
    term_end: datetime.date
    user_id: int | None = None
    host_id: int | None = None


class MeetingIn(Schema):
    level: str
    date: datetime.date
    place: str


class DrawOut(Schema):
    id: int
    kind: str
    seed: str
    method: str
    size: int
    eligible_ids: list[int]
    drawn_ids: list[int]
    replaced_ids: list[int]
    chair_id: int | None
    by: str
    at: datetime.datetime


class MeetingOut(Schema):
    id: int
    committee_id: int
    level: str
    date: datetime.date
    place: str
    status: str
    members: list[int] = []
    chair_id: int | None = None
    draws: list[DrawOut] = []


class DrawIn(Schema):
    size: int
    seed: str = ""


class ReplaceIn(Schema):
    replaced_ids: list[int]
    seed: str = ""


def _host_only(request) -> None:
    if not perm.is_host(request.auth):
        raise PermissionDenied("只有评委会组建单位可以管理评审委员会和专家库。")


def _committee(c) -> dict:
    return {"id": c.pk, "name": c.org.name, "host_id": c.host_id, "series": c.series.code, "specialty": c.specialty,
            "levels": c.levels, "approval_number": c.approval_number, "approval_date": c.approval_date,
            "valid_from": c.valid_from, "valid_until": c.valid_until}


def _expert(e) -> dict:
    return {"id": e.pk, "real_name": e.real_name, "unit_name": e.unit_name, "title_code": e.title.code,
            "title": e.title.name, "level": e.title.level, "series": e.title.series.code, "specialty": e.specialty,
            "term_start": e.term_start, "term_end": e.term_end, "user_id": e.user_id}


def _meeting(m, with_draws: bool = False) -> dict:
    out = {"id": m.pk, "committee_id": m.committee_id, "level": m.level, "date": m.date, "place": m.place,
           "status": m.status}
    if with_draws:
        draws = list(m.draws.select_related("by"))
        members, chair = services.panel(m, draws)
        out.update(members=members, chair_id=chair, draws=[
            {"id": d.pk, "kind": d.kind, "seed": d.seed, "method": d.method, "size": d.size,
             "eligible_ids": d.eligible_ids, "drawn_ids": d.drawn_ids, "replaced_ids": d.replaced_ids,
             "chair_id": d.chair_id, "by": d.by.real_name, "at": d.at} for d in draws])
    return out


@router.get("", response={200: list[CommitteeOut], 403: Problem}, summary="本组建单位的评审委员会（分页）")
@paginate(PageNumberPagination, page_size=20)
def list_committees(request):
    _host_only(request)
    committees = services.committees_for(request.auth)
    return IdsFirst(committees.order_by("-valid_until", "id"), committees, _committee)


@router.post("", response={201: CommitteeOut, **WRITE_ERRORS}, summary="登记评审委员会（有效期不超过3年）")
def create_committee(request, data: CommitteeIn):
    _host_only(request)
    c = services.create_committee(request.auth, **data.dict(), ip=client_ip(request))
    return Status(201, _committee(c))


@router.get("/experts", response={200: list[ExpertOut], 403: Problem}, summary="专家库（分页）")
@paginate(PageNumberPagination, page_size=20)
def list_experts(request):
    _host_only(request)
    experts = services.experts_for(request.auth)
    return IdsFirst(experts.order_by("id"), experts, _expert)


@router.post("/experts", response={201: ExpertOut, **WRITE_ERRORS}, summary="添加专家")
def add_expert(request, data: ExpertIn):
    _host_only(request)
    return Status(201, _expert(services.add_expert(request.auth, **data.dict(), ip=client_ip(request))))


@router.put("/experts/{pk}", response={200: ExpertOut, **WRITE_ERRORS}, summary="修改专家信息")
def edit_expert(request, pk: int, data: ExpertIn):
    _host_only(request)
    expert = get_object_or_404(services.experts_for(request.auth), pk=pk)
    fields = data.dict()
    fields.pop("host_id", None)
    return _expert(services.edit_expert(request.auth, expert, **fields, ip=client_ip(request)))


@router.get("/{pk}/meetings", response={200: list[MeetingOut], **READ_ERRORS}, summary="评审会议（分页，最近在前）")
@paginate(PageNumberPagination, page_size=20)
def list_meetings(request, pk: int):
    _host_only(request)
    committee = get_object_or_404(services.committees_for(request.auth), pk=pk)
    return IdsFirst(committee.meetings.order_by("-date", "-id"), ReviewMeeting.objects.all(), _meeting)


@router.post("/{pk}/meetings", response={201: MeetingOut, **WRITE_ERRORS}, summary="新建评审会议")
def create_meeting(request, pk: int, data: MeetingIn):
    _host_only(request)
    committee = get_object_or_404(services.committees_for(request.auth), pk=pk)
    return Status(201, _meeting(services.create_meeting(request.auth, committee, **data.dict(), ip=client_ip(request))))


@router.get("/meetings/{pk}", response={200: MeetingOut, **READ_ERRORS}, summary="评审会议及专家抽取记录")
def get_meeting(request, pk: int):
    _host_only(request)
    return _meeting(get_object_or_404(services.meetings_for(request.auth), pk=pk), with_draws=True)


@router.post("/meetings/{pk}/draw", response={201: MeetingOut, **WRITE_ERRORS, 409: Problem},
             summary="随机抽取评审专家（单数，不少于规定人数；种子留空则系统生成）")
def draw(request, pk: int, data: DrawIn):
    _host_only(request)
    m = get_object_or_404(services.meetings_for(request.auth), pk=pk)
    services.draw_panel(request.auth, m, size=data.size, seed=data.seed, ip=client_ip(request))
    return Status(201, _meeting(services.meetings_for(request.auth).get(pk=pk), with_draws=True))


@router.post("/meetings/{pk}/replace", response={201: MeetingOut, **WRITE_ERRORS, 409: Problem},
             summary="补充抽取，替换不能参会的专家")
def replace(request, pk: int, data: ReplaceIn):
    _host_only(request)
    m = get_object_or_404(services.meetings_for(request.auth), pk=pk)
    services.draw_replacements(request.auth, m, replaced_ids=data.replaced_ids, seed=data.seed, ip=client_ip(request))
    return Status(201, _meeting(services.meetings_for(request.auth).get(pk=pk), with_draws=True))
