"""Thin pages of §四(三) under /committee/agenda/: the host's agenda of a meeting (candidates, recusals,
discipline panels), the expert's 我的评审 (declarations, self-recusal) and a candidate's 评议意见 page.
Another host's meeting is 404; a person who is neither a host nor an expert is 403."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from zhicheng.errors import Refusal
from zhicheng.http import IdsFirst, client_ip, paginate
from zhicheng.orgs.roles import Role
from zhicheng.orgs.scope import has_role

from . import agenda, agenda_panels, services
from . import permissions as perm
from .models import DisciplinePanel, MeetingCandidate

PAGE_SIZE = 50


def _host_meeting(request, pk: int):
    if not perm.is_host(request.user):
        raise PermissionDenied("只有评委会组建单位可以安排评审会议。")
    return get_object_or_404(services.meetings_for(request.user), pk=pk)


def _int(value) -> int | None:
    """An id typed in a form: ASCII digits that fit a record id, else None (refused by the service)."""
    text = str(value or "").strip()
    return int(text) if re.fullmatch(r"[0-9]{1,10}", text) and agenda.id_ok(int(text)) else None


def _int_list(values) -> list[int]:
    ids = [_int(v) for v in values]
    if any(i is None for i in ids):
        raise Refusal("所选项目不存在。")
    return ids


def _agenda_page(request, meeting, errors=(), status=200):
    pool = agenda.addable(meeting).select_related("applicant", "unit", "title")
    page = paginate(request, IdsFirst(agenda.addable(meeting).order_by("pk"), pool), per_page=PAGE_SIZE)
    return render(request, "committee/agenda/meeting.html", {
        "meeting": meeting, "level": services.level_label(meeting.level), **agenda_panels.agenda_rows(meeting),
        "page": page, "minimum": agenda_panels.panel_min(), "errors": list(errors),
        "open": meeting.status in agenda.OPEN_STATUSES}, status=status)


@login_required
def meeting_agenda(request, pk: int):
    return _agenda_page(request, _host_meeting(request, pk))


def _host_post(request, pk: int, fn, done: str):
    meeting = _host_meeting(request, pk)
    try:
        fn(meeting)
    except Refusal as exc:
        return _agenda_page(request, meeting, exc.problems, status=exc.status)
    messages.success(request, done)
    return redirect("committee_agenda", meeting.pk)


def _candidate_of(meeting, value) -> MeetingCandidate:
    cid = _int(value)
    c = meeting.candidates.select_related("application").filter(pk=cid).first() if cid else None
    if c is None:
        raise Refusal("请选择评审对象。", {"candidate_id": ["请选择评审对象。"]})
    return c


@login_required
@require_POST
def add(request, pk: int):
    return _host_post(request, pk, lambda m: agenda.add_candidates(
        request.user, m, _int_list(request.POST.getlist("application_ids")), ip=client_ip(request)), "已列入评审对象。")


@login_required
@require_POST
def order_recusal(request, pk: int):
    def act(m):
        expert_id = _int(request.POST.get("expert_id"))
        if expert_id is None:
            raise Refusal("请选择回避的专家。", {"expert_id": ["请选择回避的专家。"]})
        agenda.order_recusal(request.user, _candidate_of(m, request.POST.get("candidate_id")), expert_id,
                             reason=request.POST.get("reason", ""), ip=client_ip(request))
    return _host_post(request, pk, act, "已决定该专家回避。")


@login_required
@require_POST
def form_panel(request, pk: int):
    return _host_post(request, pk, lambda m: agenda_panels.form_panel(
        request.user, m, name=request.POST.get("name", ""), expert_ids=_int_list(request.POST.getlist("expert_ids")),
        ip=client_ip(request)), "已组建评议组。")


@login_required
@require_POST
def assign(request, pk: int):
    def act(m):
        panel = DisciplinePanel.objects.filter(meeting=m, pk=_int(request.POST.get("panel_id")) or 0).first()
        if panel is None:
            raise Refusal("请选择评议组。", {"panel_id": ["请选择评议组。"]})
        agenda_panels.assign(request.user, panel, _candidate_of(m, request.POST.get("candidate_id")),
                             ip=client_ip(request))
    return _host_post(request, pk, act, "已分配评议组。")


# --------------------------------------------------------------------------- the expert's pages


def _expert_only(request) -> None:
    if not has_role(request.user, Role.EXPERT):
        raise PermissionDenied("只有评审专家可以查看我的评审。")


@login_required
def mine(request, errors=(), status=200):
    _expert_only(request)
    return render(request, "committee/agenda/mine.html", {"meetings": agenda.my_meetings(request.user),
                                                          "errors": list(errors)}, status=status)


def _expert_candidate(request, pk: int) -> MeetingCandidate:
    _expert_only(request)
    c = MeetingCandidate.objects.select_related("meeting", "meeting__committee", "application").filter(pk=pk).first()
    if c is None or agenda.seat_of(request.user, c.meeting) is None:
        raise Http404
    return c


def _expert_post(request, pk: int, fn, done: str):
    c = _expert_candidate(request, pk)
    try:
        fn(c)
    except Refusal as exc:
        return mine(request, exc.problems, status=exc.status)
    messages.success(request, done)
    return redirect("committee_agenda_mine")


@login_required
@require_POST
def declare(request, pk: int):
    related = request.POST.get("related") == "1"
    return _expert_post(request, pk, lambda c: agenda.declare(
        request.user, c, related=related, detail=request.POST.get("detail", ""), ip=client_ip(request)),
        "已申报利害关系，您已回避该评审对象。" if related else "已声明无利害关系，可以查阅申报材料。")


@login_required
@require_POST
def recuse_self(request, pk: int):
    return _expert_post(request, pk, lambda c: agenda.recuse_self(
        request.user, c, reason=request.POST.get("reason", ""), ip=client_ip(request)), "已回避该评审对象。")


@login_required
def candidate(request, pk: int):
    """评议意见 of one candidate: the meeting's host, or a member who may see it; a panel member writes here."""
    c = MeetingCandidate.objects.select_related("meeting__committee__org", "application__applicant",
                                                "application__unit", "application__title").filter(pk=pk).first()
    is_host = perm.is_host(request.user)
    if not is_host and not has_role(request.user, Role.EXPERT):
        raise PermissionDenied("只有评委会组建单位和本次会议的评审专家可以查看评议意见。")
    if c is None or not agenda_panels.can_read_opinions(request.user, c):
        raise Http404
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        try:
            agenda_panels.write_opinion(request.user, c, text=request.POST.get("text", ""), ip=client_ip(request))
        except Refusal as exc:
            errors, status = exc.problems, exc.status
        else:
            messages.success(request, "已保存评议意见。")
            return redirect("committee_agenda_candidate", c.pk)
    return render(request, "committee/agenda/candidate.html", {
        "c": c, "opinions": agenda_panels.opinions(c), "errors": errors, "text": request.POST.get("text", ""),
        "is_host": perm.can_manage_meeting(request.user, c.meeting),
        "writer": agenda_panels.panel_writer(request.user, c)}, status=status)
