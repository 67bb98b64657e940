"""评审会议投票 (§四(三)): the host's attendance, opening, closing, result and minutes; the expert's own ballot.
The same services as the screens. Results are counts only: nothing here says who voted how."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from zhicheng.committee import permissions as perm
from zhicheng.committee import services
from zhicheng.committee import vote as v
from zhicheng.committee.minutes import minutes_response
from zhicheng.committee.models import ReviewMeeting, VoteSession
from zhicheng.http import client_ip

from .common import WRITE_ERRORS, Problem

router = Router(tags=["评审会议投票"])
READ_ERRORS = {403: Problem, 404: Problem}


class AttendanceIn(Schema):
    present_ids: list[int]


class MemberOut(Schema):
    expert_id: int
    present: bool | None


class CountOut(Schema):
    application_id: int
    eligible: int
    voted: int
    agree: int | None = None
    disagree: int | None = None
    abstain: int | None = None
    missing: int | None = None
    passed: bool | None = None


class SessionOut(Schema):
    meeting_id: int
    status: str
    members: list[MemberOut]
    present: int
    quorum: bool
    counts: list[CountOut] = []


class BallotIn(Schema):
    application_id: int
    choice: str


class BallotRowOut(Schema):
    application_id: int
    name: str
    voted: bool


class BallotOut(Schema):
    meeting_id: int
    status: str
    candidates: list[BallotRowOut]


def _hosted(request, pk: int) -> ReviewMeeting:
    if not perm.is_host(request.auth):
        raise PermissionDenied("只有评委会组建单位可以组织投票。")
    return get_object_or_404(services.meetings_for(request.auth), pk=pk)


def _session(meeting: ReviewMeeting) -> dict:
    session = v.session_of(meeting)
    members = session.member_ids if session else services.panel(meeting)[0]
    attendance = v.attendance_of(meeting, members)
    present = sum(1 for p in attendance.values() if p)
    counts = []
    if session is not None:
        if session.status == VoteSession.Status.CLOSED:
            counts = [{"application_id": int(k), **r} for k, r in session.results.items()]
        else:  # while open: how many voted, not how
            counts = [{"application_id": a, "eligible": r["eligible"], "voted": r["voted"]}
                      for a, r in v.tally(session, v.candidates(meeting, session)).items()]
    return {"meeting_id": meeting.pk, "status": session.status if session else "not_started",
            "members": [{"expert_id": e, "present": p} for e, p in attendance.items()], "present": present,
            "quorum": v.quorum_met(len(members), present), "counts": counts}


@router.get("/meetings/{pk}", response={200: SessionOut, **READ_ERRORS}, summary="会议出席与投票进度（组建单位）")
def get_session(request, pk: int):
    return _session(_hosted(request, pk))


@router.post("/meetings/{pk}/attendance", response={200: SessionOut, **WRITE_ERRORS, 409: Problem},
             summary="登记出席情况")
def attendance(request, pk: int, data: AttendanceIn):
    m = _hosted(request, pk)
    v.record_attendance(request.auth, m, present_ids=data.present_ids, ip=client_ip(request))
    return _session(m)


@router.post("/meetings/{pk}/open", response={201: SessionOut, **WRITE_ERRORS, 409: Problem},
             summary="开始投票（出席须达到三分之二）")
def open_vote(request, pk: int):
    m = _hosted(request, pk)
    v.open_vote(request.auth, m, ip=client_ip(request))
    return Status(201, _session(m))


@router.post("/meetings/{pk}/close", response={200: SessionOut, **WRITE_ERRORS, 409: Problem},
             summary="结束投票：按表决结果评为通过或未通过，生成会议纪要")
def close_vote(request, pk: int):
    m = _hosted(request, pk)
    v.close_vote(request.auth, m, ip=client_ip(request))
    return _session(m)


def _visible(request, pk: int) -> ReviewMeeting:
    meeting = get_object_or_404(ReviewMeeting.objects.select_related("committee"), pk=pk)
    session = v.session_of(meeting)
    if not v.can_see_result(request.auth, meeting, session) or session is None \
            or session.status != VoteSession.Status.CLOSED:
        raise Http404
    return meeting


@router.get("/meetings/{pk}/result", response={200: list[CountOut], **READ_ERRORS},
            summary="表决结果（仅票数，不含投票人）")
def result(request, pk: int):
    meeting = _visible(request, pk)
    return [{"application_id": int(k), **r} for k, r in v.session_of(meeting).results.items()]


@router.get("/meetings/{pk}/minutes", response={200: None, **READ_ERRORS, 409: Problem}, summary="会议纪要（PDF）")
def minutes(request, pk: int):
    return minutes_response(_visible(request, pk))


@router.get("/meetings/{pk}/ballot", response={200: BallotOut, **READ_ERRORS}, summary="本人的选票（专家）")
def my_ballot(request, pk: int):
    meeting = get_object_or_404(ReviewMeeting, pk=pk)
    session, _, rows = v.ballot_rows(request.auth, meeting)
    return {"meeting_id": meeting.pk, "status": session.status if session else "not_started",
            "candidates": [{"application_id": r["application"].pk, "name": r["application"].applicant.real_name,
                            "voted": r["voted"]} for r in rows]}


@router.post("/meetings/{pk}/ballots", response={201: BallotOut, **WRITE_ERRORS, 409: Problem},
             summary="投票：同意 agree / 不同意 disagree / 弃权 abstain（本人，每位评审对象一次）")
def cast(request, pk: int, data: BallotIn):
    meeting = get_object_or_404(ReviewMeeting.objects.select_related("committee"), pk=pk)
    v.cast_votes(request.auth, meeting, {data.application_id: data.choice}, ip=client_ip(request))
    return Status(201, my_ballot(request, pk))
