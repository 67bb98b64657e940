"""考核赋分与推荐人选 (§二(二)–(六)): scheme, assessors, scores, finishing, ranking sheet, quota, collective decision
and meetings — the same services, forms and scope as the screens (out of scope = 404)."""

from __future__ import annotations

import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from zhicheng.campaigns.services import visible_campaigns
from zhicheng.codes.models import Level, Series
from zhicheng.dossier.models import Application
from zhicheng.errors import Refusal
from zhicheng.http import client_ip
from zhicheng.orgs.models import User
from zhicheng.orgs.scope import is_unit_hr_of
from zhicheng.scoring import meetings, services
from zhicheng.scoring.forms import DecisionForm
from zhicheng.scoring.models import Assignment, Hearing, Meeting, Scheme

from .common import WRITE_ERRORS, Scalar

router = Router(tags=["考核赋分与推荐人选"])


# ---------------------------------------------------------------- schemas
class CategoryOut(Schema):
    id: int
    code: str
    name: str
    order: int
    max_points: str
    method: str
    rule: str
    rule_table: list[dict[str, Scalar]]


class SchemeOut(Schema):
    id: int
    series_id: int | None
    level: str
    aggregation: str
    tie_break: list[str]
    frozen: bool
    categories: list[CategoryOut]


class CategoryIn(Schema):
    name: str | None = None
    max_points: str | None = None
    method: str | None = None
    rule_table: list[dict[str, Scalar]] | None = None


class SchemeIn(Schema):
    aggregation: str
    tie_break: list[str] = []
    categories: dict[int, CategoryIn] = {}


class SeriesSchemeIn(Schema):
    series_id: int
    level: str


class AssignIn(Schema):
    user_id: int


class AssignmentOut(Schema):
    id: int
    application_id: int
    applicant: str
    title: str
    declared_at: datetime.datetime | None
    submitted_at: datetime.datetime | None
    scores: dict[str, str] | None  # own scores, only after the declaration


class DeclareIn(Schema):
    relation: str = ""  # empty = no conflict of interest; otherwise relative / research_group / superior


class ScoresIn(Schema):
    scores: dict[str, str]
    submit: bool = False


class ReasonIn(Schema):
    reason: str


class RowOut(Schema):
    application_id: int
    applicant: str
    rank: int
    tied: bool
    cells: dict[str, str | None]
    working: dict[str, str]
    total: str
    recommended: bool | None = None
    departure_reason: str = ""


class SheetOut(Schema):
    title: str
    unit: str
    series: str
    level: str
    level_label: str
    categories: list[CategoryOut]
    quota: int | None
    decision_id: int | None
    rows: list[RowOut]


class GroupIn(Schema):
    """One ranking sheet: a series and a level of the campaign."""

    series_id: int
    level: str


class QuotaIn(GroupIn):
    count: int


class QuotaOut(Schema):
    count: int


class ReopenOut(Schema):
    id: int
    submitted: bool


class DecisionIn(GroupIn):
    meeting_date: datetime.date
    leader_ids: list[int]
    decision: str
    minutes: str = ""
    recommended: list[int] = []
    reasons: dict[int, str] = {}


class DecisionOut(Schema):
    id: int
    meeting_date: datetime.date
    leaders: list[str]
    decision: str
    minutes: str
    quota: int
    recommended: list[int]
    not_recommended: list[int]


class MeetingIn(Schema):
    kind: str
    held_on: datetime.date
    place: str
    member_ids: list[int]  # users on the campaign's panel who attended
    application_ids: list[int]  # heard in this order


class HearingOut(Schema):
    id: int
    order: int
    application_id: int
    applicant: str
    report_summary: str
    questions: str
    answer_quality: str
    evaluation: str


class MeetingOut(Schema):
    id: int
    kind: str
    kind_label: str
    held_on: datetime.date
    place: str
    members: list[str]
    hearings: list[HearingOut]


class HearingIn(Schema):
    report_summary: str = ""
    questions: str = ""
    answer_quality: str = ""
    evaluation: str = ""


# ---------------------------------------------------------------- helpers
def _campaign(request, pk: int):
    campaign = get_object_or_404(visible_campaigns(request.auth), pk=pk)
    if not services.in_scope(request.auth, campaign):
        raise Http404
    return campaign


def _hr_campaign(request, pk: int):
    campaign = _campaign(request, pk)
    if not is_unit_hr_of(request.auth, campaign.unit):
        raise Http404
    return campaign


def _group(request, pk: int, series_id: int, level: str):
    campaign = _campaign(request, pk)
    if level not in Level.values:
        raise Http404
    return campaign, get_object_or_404(Series, pk=series_id)


def _sheet_reader(request, campaign):
    if not (is_unit_hr_of(request.auth, campaign.unit) or services.leader_assignment(request.auth, campaign)
            or services.is_chair(request.auth, campaign)):
        raise Http404


def _cat(c) -> dict:
    return {"id": c.pk, "code": c.code, "name": c.name, "order": c.order, "max_points": str(c.max_points),
            "method": c.method, "rule": c.rule, "rule_table": c.rule_table}


def _scheme(s: Scheme) -> dict:
    return {"id": s.pk, "series_id": s.series_id, "level": s.level, "aggregation": s.aggregation,
            "tie_break": s.tie_break, "frozen": services.frozen(s), "categories": [_cat(c) for c in s.categories.all()]}


def _assignment(a: Assignment) -> dict:
    return {"id": a.pk, "application_id": a.application_id, "applicant": a.application.applicant.real_name,
            "title": a.application.title.name, "declared_at": a.declared_at, "submitted_at": a.submitted_at,
            "scores": {s.category.code: str(s.points) for s in a.scores.select_related("category")}
            if a.declared_at else None}


def _own_assignment(request, pk: int) -> Assignment:
    a = get_object_or_404(Assignment.objects.select_related("application__applicant", "application__title"), pk=pk)
    if a.assessor_id != request.auth.pk:
        raise Http404
    return a


def _num(v):
    return None if v is None else str(v)


def _sheet(sheet) -> dict:
    rows = []
    for r in sheet.rows:
        entry = getattr(r, "entry", None)
        rows.append({"application_id": r.app.pk, "applicant": r.app.applicant.real_name, "rank": r.rank,
                     "tied": r.tied, "cells": {k: _num(v) for k, v in r.cells.items()}, "working": r.working,
                     "total": str(r.total), "recommended": entry.recommended if entry else None,
                     "departure_reason": entry.departure_reason if entry else ""})
    return {"title": sheet.title, "unit": sheet.campaign.unit.name, "series": sheet.series.name, "level": sheet.level,
            "level_label": sheet.level_label, "categories": [_cat(c) for c in sheet.categories],
            "quota": sheet.quota.count if sheet.quota else None,
            "decision_id": sheet.decision.pk if sheet.decision else None, "rows": rows}


def _decision(cd) -> dict:
    entries = list(cd.entries.all())
    return {"id": cd.pk, "meeting_date": cd.meeting_date, "leaders": [u.real_name for u in cd.leaders_present.all()],
            "decision": cd.decision, "minutes": cd.minutes, "quota": cd.quota,
            "recommended": [e.application_id for e in entries if e.recommended],
            "not_recommended": [e.application_id for e in entries if not e.recommended]}


def _meeting(m: Meeting) -> dict:
    return {"id": m.pk, "kind": m.kind, "kind_label": m.get_kind_display(), "held_on": m.held_on, "place": m.place,
            "members": [pm.user.real_name for pm in m.members_present.select_related("user")],
            "hearings": [{"id": h.pk, "order": h.order, "application_id": h.application_id,
                          "applicant": h.application.applicant.real_name, "report_summary": h.report_summary,
                          "questions": h.questions, "answer_quality": h.answer_quality, "evaluation": h.evaluation}
                         for h in m.hearings.select_related("application__applicant")]}


# ---------------------------------------------------------------- scheme
@router.get("/campaigns/{id:pk}/schemes", response=list[SchemeOut], summary="量化赋分方案（单位人事）")
def list_schemes(request, pk: int):
    campaign = _hr_campaign(request, pk)
    services.campaign_scheme(campaign)
    return [_scheme(s) for s in Scheme.objects.filter(campaign=campaign).prefetch_related("categories")]


@router.post("/campaigns/{id:pk}/schemes", response={201: SchemeOut, **WRITE_ERRORS},
             summary="为某系列、级别设置单独方案（复制通用方案）")
def add_scheme(request, pk: int, payload: SeriesSchemeIn):
    campaign = _hr_campaign(request, pk)
    series = get_object_or_404(Series, pk=payload.series_id)
    return Status(201, _scheme(services.add_series_scheme(request.auth, campaign, series, payload.level,
                                                          ip=client_ip(request))))


@router.put("/schemes/{id:pk}", response={200: SchemeOut, **WRITE_ERRORS}, summary="修改量化赋分方案（评分开始前）")
def update_scheme(request, pk: int, payload: SchemeIn):
    scheme = get_object_or_404(Scheme, pk=pk)
    _hr_campaign(request, scheme.campaign_id)
    cats = {k: {f: v for f, v in c.model_dump().items() if v is not None} for k, c in payload.categories.items()}
    return _scheme(services.update_scheme(request.auth, scheme, aggregation=payload.aggregation,
                                          tie_break=payload.tie_break, categories=cats, ip=client_ip(request)))


# ---------------------------------------------------------------- assessors and scores
@router.post("/applications/{id:pk}/assessors", response={201: AssignmentOut, **WRITE_ERRORS},
             summary="分配评分人（推荐组织成员）")
def assign(request, pk: int, payload: AssignIn):
    app = get_object_or_404(Application.objects.select_related("campaign__unit", "applicant", "title"), pk=pk)
    _hr_campaign(request, app.campaign_id)
    user = get_object_or_404(User, pk=payload.user_id)
    return Status(201, _assignment(services.assign(request.auth, app, user, ip=client_ip(request))))


@router.get("/assignments", response=list[AssignmentOut], summary="我的评分任务")
def my_assignments(request):
    return [_assignment(a) for a in services.visible_assignments(request.auth).select_related(
        "application__applicant", "application__title")]


@router.post("/assignments/{id:pk}/declaration", response={200: AssignmentOut | None, **WRITE_ERRORS},
             summary="利益冲突声明（无关系：声明无利益冲突；有关系：回避）")
def declare(request, pk: int, payload: DeclareIn):
    a = services.declare(request.auth, _own_assignment(request, pk), relation=payload.relation, ip=client_ip(request))
    return _assignment(a) if a else None


@router.put("/assignments/{id:pk}/scores", response={200: AssignmentOut, **WRITE_ERRORS},
            summary="暂存或提交评分（提交后不能修改）")
def save_scores(request, pk: int, payload: ScoresIn):
    a = services.save_scores(request.auth, _own_assignment(request, pk), payload.scores, submit=payload.submit,
                             ip=client_ip(request))
    return _assignment(a)


@router.post("/assignments/{id:pk}/reopen", response={200: ReopenOut, **WRITE_ERRORS},
             summary="退回已提交的评分（推荐组织组长）")
def reopen(request, pk: int, payload: ReasonIn):
    a = get_object_or_404(Assignment.objects.select_related("application__campaign"), pk=pk)
    campaign = _campaign(request, a.application.campaign_id)
    if not services.is_chair(request.auth, campaign) and not is_unit_hr_of(request.auth, campaign.unit):
        raise Http404
    services.reopen(request.auth, a, reason=payload.reason, ip=client_ip(request))
    return {"id": a.pk, "submitted": False}


# ---------------------------------------------------------------- ranking, quota, decision
@router.post("/campaigns/{id:pk}/finish", response={200: list[int], **WRITE_ERRORS}, summary="完成量化赋分（本系列、级别）")
def finish(request, pk: int, payload: GroupIn):
    campaign, series = _group(request, pk, payload.series_id, payload.level)
    level = payload.level
    if not is_unit_hr_of(request.auth, campaign.unit):
        raise Http404
    return [a.pk for a in services.finish_scoring(request.auth, campaign, series, level, ip=client_ip(request))]


@router.get("/campaigns/{id:pk}/ranking", response=SheetOut, summary="申报晋升人员量化评分推荐排名表（按系列、级别）")
def ranking(request, pk: int, series_id: int, level: str):
    campaign, series = _group(request, pk, series_id, level)
    _sheet_reader(request, campaign)
    return _sheet(services.ranking_sheet(campaign, series, level))


@router.put("/campaigns/{id:pk}/quota", response={200: QuotaOut, **WRITE_ERRORS}, summary="设定推荐名额（单位人事）")
def quota(request, pk: int, payload: QuotaIn):
    campaign, series = _group(request, pk, payload.series_id, payload.level)
    level = payload.level
    if not is_unit_hr_of(request.auth, campaign.unit):
        raise Http404
    q = services.set_quota(request.auth, campaign, series, level, payload.count, ip=client_ip(request))
    return {"count": q.count}


@router.post("/campaigns/{id:pk}/decision", response={201: DecisionOut, **WRITE_ERRORS},
             summary="记录集体研究决定并确定推荐人选（整表办理）")
def decide(request, pk: int, payload: DecisionIn):
    campaign, series = _group(request, pk, payload.series_id, payload.level)
    level = payload.level
    if not (is_unit_hr_of(request.auth, campaign.unit) or services.leader_assignment(request.auth, campaign)):
        raise Http404
    data = {"meeting_date": payload.meeting_date.isoformat(), "leaders": payload.leader_ids,
            "decision": payload.decision, "minutes": payload.minutes, "recommended": payload.recommended,
            **{f"reason_{k}": v for k, v in payload.reasons.items()}}
    form = DecisionForm(data, campaign=campaign)
    if not form.is_valid():
        fields = {k: [str(e) for e in v] for k, v in form.errors.items()}
        raise Refusal([m for v in fields.values() for m in v], fields)
    cd = services.record_decision(request.auth, campaign, series, level, ip=client_ip(request), **form.service_args())
    return Status(201, _decision(cd))


# ---------------------------------------------------------------- meetings
@router.get("/campaigns/{id:pk}/meetings", response=list[MeetingOut], summary="述职会议与考核答辩")
def list_meetings(request, pk: int):
    campaign = _campaign(request, pk)
    meetings.require_reader(request.auth, campaign)
    return [_meeting(m) for m in campaign.scoring_meetings.all()]


@router.post("/campaigns/{id:pk}/meetings", response={201: MeetingOut, **WRITE_ERRORS}, summary="安排述职会议或考核答辩")
def schedule(request, pk: int, payload: MeetingIn):
    campaign = _hr_campaign(request, pk)
    m = meetings.schedule(request.auth, campaign, kind=payload.kind, held_on=payload.held_on, place=payload.place,
                          member_user_ids=payload.member_ids, application_ids=payload.application_ids,
                          ip=client_ip(request))
    return Status(201, _meeting(m))


@router.put("/hearings/{id:pk}", response={200: HearingOut, **WRITE_ERRORS},
            summary="记录述职情况、答辩问题与答辩情况、考核评议意见")
def record_hearing(request, pk: int, payload: HearingIn):
    h = get_object_or_404(Hearing.objects.select_related("meeting__campaign", "application__applicant"), pk=pk)
    campaign = _campaign(request, h.meeting.campaign_id)
    meetings.require_reader(request.auth, campaign)
    h = meetings.record_hearing(request.auth, h, ip=client_ip(request), **payload.model_dump())
    return {"id": h.pk, "order": h.order, "application_id": h.application_id,
            "applicant": h.application.applicant.real_name, "report_summary": h.report_summary,
            "questions": h.questions, "answer_quality": h.answer_quality, "evaluation": h.evaluation}
