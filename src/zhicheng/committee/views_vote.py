"""Thin pages of §四(三) under /committee/: the host's attendance, opening and closing of the vote, the result
(counts only) and the minutes; the expert's own ballot page. Another host's meeting is 404, a non-member
expert's ballot page 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from zhicheng.errors import Refusal
from zhicheng.http import client_ip, int_param, paged

from . import permissions as perm
from . import services
from . import vote as v
from .minutes import minutes_response
from .models import Choice, Expert, Minutes, ReviewMeeting, VoteSession


def _hosted(request, pk: int) -> ReviewMeeting:
    if not perm.is_host(request.user):
        raise PermissionDenied("只有评委会组建单位可以组织投票。")
    return get_object_or_404(services.meetings_for(request.user), pk=pk)


def _ints(values, message: str) -> list[int]:
    """Ticked ids: whole numbers only, anything else refused in Chinese (never dropped, never a 500)."""
    ids = [int_param(x) for x in values]
    if None in ids:
        raise Refusal(message)
    return ids


def _host_context(meeting: ReviewMeeting, errors=()) -> dict:
    session = v.session_of(meeting)
    members, chair = (session.member_ids, session.chair_id) if session else services.panel(meeting)
    experts = {e.pk: e for e in Expert.objects.filter(pk__in=members).select_related("title")}
    attendance = v.attendance_of(meeting, members)
    rows = [{"expert": experts[e], "present": attendance[e], "chair": e == chair} for e in members if e in experts]
    present = sum(1 for r in rows if r["present"])
    agenda = v.candidates(meeting, session)
    progress = {}
    if session is not None and session.status == VoteSession.Status.OPEN:
        progress = v.tally(session, agenda)
        for r in progress.values():  # while the vote is open the host sees how many voted, not how
            r.update(agree=None, disagree=None, abstain=None, passed=None)
    results = {int(k): r for k, r in session.results.items()} if session else {}
    return {"meeting": meeting, "session": session, "rows": rows, "present": present, "total": len(rows),
            "recorded": any(r["present"] is not None for r in rows),
            "quorum": v.quorum_met(len(rows), present), "candidates": [
                {"candidate": c, "application": c.application, "progress": progress.get(c.application_id),
                 "result": results.get(c.application_id)} for c in agenda],
            "has_minutes": session is not None and Minutes.objects.filter(session=session).exists(),
            "errors": list(errors), "level": services.level_label(meeting.level)}


@login_required
def host_page(request, pk: int):
    meeting = _hosted(request, pk)
    return render(request, "committee/vote/host.html", _host_context(meeting))


def _host_step(request, pk: int, step, done: str):
    meeting = _hosted(request, pk)
    try:
        step(meeting)
    except Refusal as exc:
        return render(request, "committee/vote/host.html", _host_context(meeting, exc.problems), status=exc.status)
    messages.success(request, done)
    return redirect("committee_vote", meeting.pk)


@login_required
@require_POST
def attendance(request, pk: int):
    values = request.POST.getlist("present")
    return _host_step(request, pk, lambda m: v.record_attendance(
        request.user, m, present_ids=_ints(values, "所选出席专家无效，请刷新页面后重新勾选。"), ip=client_ip(request)),
        "已登记出席情况。")


@login_required
@require_POST
def open_vote(request, pk: int):
    return _host_step(request, pk, lambda m: v.open_vote(request.user, m, ip=client_ip(request)), "已开始投票。")


@login_required
@require_POST
def close_vote(request, pk: int):
    return _host_step(request, pk, lambda m: v.close_vote(request.user, m, ip=client_ip(request)),
                      "投票已结束，评审结果与会议纪要已生成。")


def _result_meeting(request, pk: int) -> tuple[ReviewMeeting, VoteSession | None]:
    meeting = get_object_or_404(ReviewMeeting.objects.select_related("committee", "committee__org"), pk=pk)
    session = v.session_of(meeting)
    if not v.can_see_result(request.user, meeting, session):
        raise Http404
    return meeting, session


@login_required
def result(request, pk: int):
    meeting, session = _result_meeting(request, pk)
    if session is None or session.status != VoteSession.Status.CLOSED:
        raise Http404
    rows = [{"candidate": c, "application": c.application, "result": session.results.get(str(c.application_id))}
            for c in v.candidates(meeting, session)]
    return render(request, "committee/vote/result.html", {
        "meeting": meeting, "session": session, "rows": rows, "is_host": bool(v.can_run_vote(request.user, meeting)),
        "level": services.level_label(meeting.level)})


@login_required
def minutes(request, pk: int):
    meeting, session = _result_meeting(request, pk)
    try:
        return minutes_response(meeting)
    except Refusal as exc:
        return render(request, "committee/vote/result.html", {"meeting": meeting, "session": session, "rows": [],
                                                              "errors": exc.problems}, status=exc.status)


# --------------------------------------------------------------------------- the expert's own pages


@login_required
def my_meetings(request):
    ordered = v.meetings_of_expert(request.user)
    rows = ordered.select_related("committee", "committee__org", "vote_session")
    return render(request, "committee/vote/mine.html", {"meetings": paged(request, "page", ordered, rows)})


@login_required
def ballot(request, pk: int):
    meeting = get_object_or_404(ReviewMeeting.objects.select_related("committee", "committee__org"), pk=pk)
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        picked = [(key[7:], value) for key, value in request.POST.items() if key.startswith("choice_") and value]
        try:
            ids = _ints([key for key, _ in picked], "选票所列评审对象无效，请刷新页面后重新投票。")
            choices = dict(zip(ids, [value for _, value in picked], strict=True))
            count = v.cast_votes(request.user, meeting, choices, ip=client_ip(request))
        except Refusal as exc:
            errors, status = exc.problems, exc.status
        else:
            messages.success(request, f"已提交{count}张选票。")
            return redirect("committee_ballot", meeting.pk)
    session, expert, rows = v.ballot_rows(request.user, meeting)
    return render(request, "committee/vote/ballot.html", {
        "meeting": meeting, "session": session, "expert": expert, "rows": rows, "errors": errors,
        "choices": Choice.choices, "open": session is not None and session.status == VoteSession.Status.OPEN,
        "pending": any(not r["voted"] for r in rows)}, status=status)
