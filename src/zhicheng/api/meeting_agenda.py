"""评审会议准备 (§四(三)): the host's agenda, recusals and discipline panels; the expert's meetings,
declarations, self-recusal and 评议意见 — the same services as the screens. Another host's meeting and a
candidate an expert may not see are 404; a person who is neither host nor expert is 403."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from zhicheng.committee import agenda, agenda_panels, services
from zhicheng.committee import permissions as perm
from zhicheng.committee.models import DisciplinePanel, MeetingCandidate
from zhicheng.http import client_ip
from zhicheng.orgs.roles import Role
from zhicheng.orgs.scope import has_role

from .common import WRITE_ERRORS, Problem

router = Router(tags=["评审会议准备"])
READ_ERRORS = {403: Problem, 404: Problem}
WRITES = {**WRITE_ERRORS, 409: Problem}


class RecusalOut(Schema):
    expert_id: int
    expert: str
    kind: str
    reason: str
    by: str | None
    at: datetime.datetime


class CandidateOut(Schema):
    id: int
    order: int
    application_id: int
    applicant: str
    unit: str
    declared: int
    panel_id: int | None
    panel_short: int | None
    recusals: list[RecusalOut]


class PanelOut(Schema):
    id: int
    name: str
    member_ids: list[int]


class AgendaOut(Schema):
    meeting_id: int
    member_ids: list[int]
    candidates: list[CandidateOut]
    panels: list[PanelOut]


class AddIn(Schema):
    application_ids: list[int]


class OrderIn(Schema):
    candidate_id: int
    expert_id: int
    reason: str


class PanelIn(Schema):
    name: str
    expert_ids: list[int]


class AssignIn(Schema):
    candidate_id: int


class MyCandidateOut(Schema):
    id: int
    order: int
    recused: bool
    declared: bool
    application_id: int | None = None
    applicant: str | None = None
    unit: str | None = None


class MyMeetingOut(Schema):
    meeting_id: int
    committee: str
    date: datetime.date
    place: str
    candidates: list[MyCandidateOut]


class DeclareIn(Schema):
    related: bool
    detail: str = ""


class ReasonIn(Schema):
    reason: str


class OpinionIn(Schema):
    text: str


class OpinionOut(Schema):
    expert_id: int
    expert: str
    text: str
    at: datetime.datetime


def _meeting(request, pk: int):
    if not perm.is_host(request.auth):
        raise PermissionDenied("只有评委会组建单位可以安排评审会议。")
    return get_object_or_404(services.meetings_for(request.auth), pk=pk)


def _recusal(r) -> dict:
    return {"expert_id": r.expert_id, "expert": r.expert.real_name, "kind": r.kind, "reason": r.reason,
            "by": r.by.real_name if r.by else None, "at": r.at}


def _agenda(meeting) -> dict:
    data = agenda_panels.agenda_rows(meeting)
    return {"meeting_id": meeting.pk, "member_ids": [e.pk for e in data["members"]],
            "panels": [{"id": p.pk, "name": p.name, "member_ids": [e.pk for e in p.members.all()]}
                       for p in data["panels"]],
            "candidates": [{"id": c.pk, "order": c.order, "application_id": c.application_id,
                            "applicant": c.application.applicant.real_name, "unit": c.application.unit.name,
                            "declared": c.declared, "panel_id": c.panel.pk if c.panel else None,
                            "panel_short": c.short, "recusals": [_recusal(r) for r in c.recusals]}
                           for c in data["rows"]]}


def _candidate(meeting, candidate_id: int) -> MeetingCandidate:
    if not agenda.id_ok(candidate_id):
        raise Http404
    return get_object_or_404(meeting.candidates.select_related("application"), pk=candidate_id)


@router.get("/{pk}/agenda", response={200: AgendaOut, **READ_ERRORS}, summary="评审对象、回避与评议组")
def get_agenda(request, pk: int):
    return _agenda(_meeting(request, pk))


@router.post("/{pk}/candidates", response={201: AgendaOut, **WRITES}, summary="列入评审对象（评审中、委托本评委会、同级别）")
def add_candidates(request, pk: int, data: AddIn):
    m = _meeting(request, pk)
    agenda.add_candidates(request.auth, m, data.application_ids, ip=client_ip(request))
    return Status(201, _agenda(m))


@router.post("/{pk}/recusals", response={201: RecusalOut, **WRITES}, summary="组建单位决定专家回避")
def order_recusal(request, pk: int, data: OrderIn):
    m = _meeting(request, pk)
    r = agenda.order_recusal(request.auth, _candidate(m, data.candidate_id), data.expert_id, reason=data.reason,
                             ip=client_ip(request))
    return Status(201, _recusal(r))


@router.post("/{pk}/panels", response={201: PanelOut, **WRITES}, summary="组建评议组")
def form_panel(request, pk: int, data: PanelIn):
    m = _meeting(request, pk)
    p = agenda_panels.form_panel(request.auth, m, name=data.name, expert_ids=data.expert_ids, ip=client_ip(request))
    return Status(201, {"id": p.pk, "name": p.name, "member_ids": [e.pk for e in p.members.all()]})


@router.post("/panels/{pk}/candidates", response={201: AgendaOut, **WRITES}, summary="分配评议组")
def assign(request, pk: int, data: AssignIn):
    if not perm.is_host(request.auth):
        raise PermissionDenied("只有评委会组建单位可以安排评审会议。")
    panel = get_object_or_404(DisciplinePanel.objects.filter(meeting__in=services.meetings_for(request.auth)), pk=pk)
    m = panel.meeting
    agenda_panels.assign(request.auth, panel, _candidate(m, data.candidate_id), ip=client_ip(request))
    return Status(201, _agenda(m))


# --------------------------------------------------------------------------- the expert


def _expert_only(request) -> None:
    if not has_role(request.auth, Role.EXPERT):
        raise PermissionDenied("只有评审专家可以查看我的评审。")


def _seated_candidate(request, pk: int) -> MeetingCandidate:
    _expert_only(request)
    c = MeetingCandidate.objects.select_related("meeting", "application").filter(pk=pk).first()
    if c is None or agenda.seat_of(request.auth, c.meeting) is None:
        raise Http404
    return c


@router.get("/mine", response={200: list[MyMeetingOut], 403: Problem}, summary="我的评审（回避的评审对象只标明已回避）")
def mine(request):
    _expert_only(request)
    out = []
    for m in agenda.my_meetings(request.auth):
        rows = []
        for c in m["candidates"]:
            row = {"id": c.pk, "order": c.order, "recused": c.recused, "declared": c.declaration is not None}
            if not c.recused:
                row.update(application_id=c.application_id, applicant=c.application.applicant.real_name,
                           unit=c.application.unit.name)
            rows.append(row)
        meeting = m["meeting"]
        out.append({"meeting_id": meeting.pk, "committee": meeting.committee.org.name, "date": meeting.date,
                    "place": meeting.place, "candidates": rows})
    return out


@router.post("/candidates/{pk}/declaration", response={201: MyCandidateOut, **WRITES},
             summary="声明利害关系（无利害关系后方可查阅申报材料；有利害关系即回避）")
def declare(request, pk: int, data: DeclareIn):
    c = _seated_candidate(request, pk)
    agenda.declare(request.auth, c, related=data.related, detail=data.detail, ip=client_ip(request))
    return Status(201, {"id": c.pk, "order": c.order, "recused": data.related, "declared": True})


@router.post("/candidates/{pk}/recusal", response={201: MyCandidateOut, **WRITES}, summary="本人申请回避")
def recuse_self(request, pk: int, data: ReasonIn):
    c = _seated_candidate(request, pk)
    agenda.recuse_self(request.auth, c, reason=data.reason, ip=client_ip(request))
    return Status(201, {"id": c.pk, "order": c.order, "recused": True, "declared": True})


def _readable(request, pk: int) -> MeetingCandidate:
    if not perm.is_host(request.auth) and not has_role(request.auth, Role.EXPERT):
        raise PermissionDenied("只有评委会组建单位和本次会议的评审专家可以查看评议意见。")
    c = MeetingCandidate.objects.select_related("meeting__committee", "application").filter(pk=pk).first()
    if c is None or not agenda_panels.can_read_opinions(request.auth, c):
        raise Http404
    return c


def _opinion(o) -> dict:
    return {"expert_id": o.expert_id, "expert": o.expert.real_name, "text": o.text, "at": o.at}


@router.get("/candidates/{pk}/opinions", response={200: list[OpinionOut], **READ_ERRORS}, summary="评议意见")
def list_opinions(request, pk: int):
    return [_opinion(o) for o in agenda_panels.opinions(_readable(request, pk))]


@router.put("/candidates/{pk}/opinion", response={200: OpinionOut, **WRITES}, summary="填写评议意见（评议组成员）")
def write_opinion(request, pk: int, data: OpinionIn):
    c = _readable(request, pk)
    return _opinion(agenda_panels.write_opinion(request.auth, c, text=data.text, ip=client_ip(request)))
