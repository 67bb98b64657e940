"""Thin pages of the committee host (评委会组建单位) under /committee/: committees, the expert pool,
meetings and the panel draws. Another host's records are 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhicheng.errors import Refusal
from zhicheng.http import IdsFirst, client_ip, paged, paginate

from . import permissions as perm
from . import services
from .forms import CommitteeForm, DrawForm, ExpertForm, MeetingForm, ReplacementForm


def _host_only(request) -> None:
    if not perm.is_host(request.user):
        raise PermissionDenied("只有评委会组建单位可以管理评审委员会和专家库。")


@login_required
def index(request):
    _host_only(request)
    form = CommitteeForm(request.POST or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            committee = services.create_committee(request.user, **form.cleaned_data, ip=client_ip(request))
        except Refusal as exc:
            errors = exc.problems
        else:
            messages.success(request, f"已登记评审委员会“{committee}”。")
            return redirect("committee_detail", committee.pk)
    today = timezone.localdate()
    committees = list(services.committees_for(request.user))
    for c in committees:
        c.expired = not services.is_valid_on(c, today)
        c.level_labels = "、".join(services.level_label(v) for v in c.levels)
    return render(request, "committee/index.html", {"committees": committees, "form": form, "errors": errors},
                  status=422 if request.method == "POST" else 200)


@login_required
def detail(request, pk: int):
    _host_only(request)
    committee = get_object_or_404(services.committees_for(request.user), pk=pk)
    form = MeetingForm(request.POST or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.create_meeting(request.user, committee, **form.cleaned_data, ip=client_ip(request))
        except Refusal as exc:
            errors = exc.problems
        else:
            messages.success(request, "已创建评审会议。")
            return redirect("committee_meeting", meeting.pk)
    committee.level_labels = "、".join(services.level_label(v) for v in committee.levels)
    return render(request, "committee/detail.html", {
        "committee": committee, "expired": not services.is_valid_on(committee, timezone.localdate()),
        "meetings": paged(request, "page", committee.meetings.order_by("-date", "-pk")), "form": form,
        "errors": errors},
        status=422 if request.method == "POST" else 200)


@login_required
def experts(request):
    _host_only(request)
    form = ExpertForm(request.POST or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            expert = services.add_expert(request.user, **form.cleaned_data, ip=client_ip(request))
        except Refusal as exc:
            errors = exc.problems
        else:
            messages.success(request, f"已将{expert.real_name}加入专家库。")
            return redirect("committee_experts")
    pool = services.experts_for(request.user)  # the whole pool, page by page (was cut at 500 without a word)
    page = paginate(request, IdsFirst(pool.order_by("pk"), pool), per_page=50)
    return render(request, "committee/experts.html", {
        "page": page, "form": form, "errors": errors},
        status=422 if request.method == "POST" else 200)


@login_required
def expert_edit(request, pk: int):
    _host_only(request)
    expert = get_object_or_404(services.experts_for(request.user), pk=pk)
    initial = {"real_name": expert.real_name, "unit_name": expert.unit_name, "title_code": expert.title.code,
               "specialty": expert.specialty, "term_start": expert.term_start, "term_end": expert.term_end,
               "user_id": expert.user_id}
    form = ExpertForm(request.POST or None, initial=initial)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_expert(request.user, expert, **form.cleaned_data, ip=client_ip(request))
        except Refusal as exc:
            errors = exc.problems
        else:
            messages.success(request, f"已修改{expert.real_name}的专家信息。")
            return redirect("committee_experts")
    return render(request, "committee/expert_edit.html", {"expert": expert, "form": form, "errors": errors},
                  status=422 if request.method == "POST" else 200)


def _meeting_context(meeting, draw_form=None, replace_form=None, errors=()) -> dict:
    rows = services.draw_rows(meeting)
    key, kind = services.committee_kind(meeting.committee, meeting.level)
    from zhicheng.codes.models import get_param

    return {"meeting": meeting, "level": services.level_label(meeting.level), **rows, "kind": kind,
            "minimum": get_param(key), "errors": list(errors),
            "draw_form": draw_form or DrawForm(),
            "replace_form": replace_form or ReplacementForm(members=rows["members"])}


@login_required
def meeting(request, pk: int):
    _host_only(request)
    m = get_object_or_404(services.meetings_for(request.user), pk=pk)
    return render(request, "committee/meeting.html", _meeting_context(m))


@login_required
@require_POST
def draw(request, pk: int):
    _host_only(request)
    m = get_object_or_404(services.meetings_for(request.user), pk=pk)
    form = DrawForm(request.POST)
    errors: list[str] = []
    if form.is_valid():
        try:
            services.draw_panel(request.user, m, size=form.cleaned_data["size"], seed=form.cleaned_data["seed"],
                                ip=client_ip(request))
        except Refusal as exc:
            errors = exc.problems
        else:
            messages.success(request, "已随机抽取评审专家。")
            return redirect("committee_meeting", m.pk)
    return render(request, "committee/meeting.html", _meeting_context(m, draw_form=form, errors=errors), status=422)


@login_required
@require_POST
def replace(request, pk: int):
    _host_only(request)
    m = get_object_or_404(services.meetings_for(request.user), pk=pk)
    members = services.draw_rows(m)["members"]
    form = ReplacementForm(request.POST, members=members)
    errors: list[str] = []
    if form.is_valid():
        try:
            services.draw_replacements(request.user, m, replaced_ids=form.cleaned_data["replaced_ids"],
                                       seed=form.cleaned_data["seed"], ip=client_ip(request))
        except Refusal as exc:
            errors = exc.problems
        else:
            messages.success(request, "已补充抽取评审专家。")
            return redirect("committee_meeting", m.pk)
    return render(request, "committee/meeting.html", _meeting_context(m, replace_form=form, errors=errors),
                  status=422)
