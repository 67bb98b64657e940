"""Thin views of the unit's notice (公示): the public pages (no login, noindex) and the unit HR's pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from zhicheng.campaigns.models import Campaign
from zhicheng.errors import Refusal
from zhicheng.files.views import serve
from zhicheng.http import client_ip, paged
from zhicheng.workflow import actions

from . import services
from .forms import FraudFindingForm, NoticeForm, ObjectionForm
from .models import NoticeEntry, Objection, PublicNotice

NOINDEX = "noindex, nofollow, noarchive"


def _noindex(response):
    response["X-Robots-Tag"] = NOINDEX
    response["Cache-Control"] = "no-store"
    return response


# --------------------------------------------------------------------------- public (no login)


def public_list(request):
    return _noindex(render(request, "publicity/public_list.html",
                           {"notices": paged(request, "page", services.running_notices())}))


def _public_notice(pk: int) -> PublicNotice:
    return get_object_or_404(PublicNotice.objects.select_related("unit", "campaign"), pk=pk)


def _public_context(notice: PublicNotice, form=None, errors=()) -> dict:
    phase = services.phase(notice)
    ctx = {"notice": notice, "phase": phase, "period": services.period_text(notice), "errors": list(errors)}
    if phase == "running":
        entries = services.shown_entries(notice)
        ctx.update(people=services.public_people(notice, entries), sheet=services.ranking_sheet(notice.campaign),
                   form=form or ObjectionForm(entries=entries))
    return ctx


def public_notice(request, pk: int):
    """The notice while it runs; before it starts, its dates only; after it ends, taken down (410)."""
    notice = _public_notice(pk)
    ctx = _public_context(notice)
    status = 410 if ctx["phase"] == "ended" else 200
    return _noindex(render(request, "publicity/public_notice.html", ctx, status=status))


def public_poster(request, pk: int):
    notice = _public_notice(pk)
    ctx = _public_context(notice)
    status = 410 if ctx["phase"] == "ended" else 200
    return _noindex(render(request, "publicity/poster.html", ctx, status=status))


def public_person(request, pk: int, entry_id: int):
    """One person's 一览表 while the notice runs (the ID number omitted)."""
    notice = _public_notice(pk)
    if services.phase(notice) != "running":
        raise Http404
    entry = get_object_or_404(NoticeEntry.objects.select_related("application"), pk=entry_id, notice=notice,
                              application__state__in=services.SHOWN_STATES)
    ctx = services.public_roster(entry)
    ctx.update(notice=notice, period=services.period_text(notice), entry=entry)
    return _noindex(render(request, "publicity/public_person.html", ctx))


@require_POST
def public_objection(request, pk: int):
    notice = _public_notice(pk)
    entries = services.shown_entries(notice) if services.phase(notice) == "running" else []
    form = ObjectionForm(request.POST, entries=entries)
    errors: list[str] = []
    try:
        form.is_valid()
        services.raise_objection(notice, entry_id=form.cleaned_data.get("entry"),
                                 real_name=request.POST.get("real_name", ""), contact=request.POST.get("contact", ""),
                                 facts=request.POST.get("facts", ""), files=request.FILES.getlist("evidence"),
                                 ip=client_ip(request))
    except Refusal as exc:
        errors = exc.problems
    else:
        messages.success(request, "您反映的问题已收到，公示单位将依规核查。感谢您的监督。")
        return redirect("public_notice", notice.pk)
    ctx = _public_context(notice, form=form if entries else None, errors=errors)
    return _noindex(render(request, "publicity/public_notice.html", ctx, status=422))


# --------------------------------------------------------------------------- unit HR


def _hr_notice(request, pk: int) -> PublicNotice:
    notice = get_object_or_404(services.notices_for(request.user), pk=pk)
    return notice


@login_required
def notice_index(request):
    if not services.hr_units(request.user):
        raise PermissionDenied("只有用人单位人事部门可以管理单位公示。")
    return render(request, "publicity/index.html", {
        "notices": paged(request, "notices", services.notices_for(request.user).order_by("-starts_on", "-id")),
        "campaigns": list(services.campaigns_to_publish(request.user)),
        "objections": paged(request, "objections", services.objections_for(request.user)
                            .filter(status__in=Objection.OPEN).order_by("created_at", "id")),
    })


@login_required
def notice_new(request, campaign_id: int):
    campaign = get_object_or_404(Campaign.objects.select_related("unit"), pk=campaign_id,
                                 unit_id__in=services.hr_units(request.user))
    form = NoticeForm(request.POST or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            notice = services.start_notice(request.user, campaign=campaign, starts_on=form.cleaned_data["starts_on"],
                                           title=form.cleaned_data["title"], ip=client_ip(request))
        except Refusal as exc:
            errors = exc.problems
        else:
            messages.success(request, f"已发布公示，公示期{services.period_text(notice)}。")
            return redirect("publicity_notice", notice.pk)
    return render(request, "publicity/new.html", {
        "campaign": campaign, "form": form, "errors": errors, "people": list(services.recommended(campaign)),
        "days": services.notice_working_days(campaign)})


@login_required
def notice_detail(request, pk: int):
    notice = _hr_notice(request, pk)
    entries = list(notice.entries.select_related("application__applicant", "application__title"))
    objections = list(notice.objections.select_related("entry__application__applicant").prefetch_related("evidence"))
    return render(request, "publicity/notice.html", {
        "notice": notice, "entries": entries, "objections": objections, "period": services.period_text(notice),
        "phase": services.phase(notice)})


@login_required
@require_POST
def notice_close(request, pk: int):
    notice = _hr_notice(request, pk)
    try:
        moved = services.close_notice(request.user, notice, ip=client_ip(request))
    except Refusal as exc:
        for p in exc.problems:
            messages.error(request, p)
    else:
        messages.success(request, f"公示期满无异议，{len(moved)}人公示通过。")
    return redirect("publicity_notice", notice.pk)


def _hr_objection(request, pk: int) -> Objection:
    return get_object_or_404(services.objections_for(request.user).prefetch_related("evidence__file"), pk=pk)


@login_required
def objection_detail(request, pk: int):
    objection = _hr_objection(request, pk)
    app = objection.entry.application
    form = FraudFindingForm(request.POST or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            services.find_fraud(request.user, app, reason=request.POST.get("reason", ""),
                                authority=form.cleaned_data["authority"],
                                investigation=form.cleaned_data["investigation"], ip=client_ip(request))
        except Refusal as exc:
            if exc.forbidden:
                raise PermissionDenied("；".join(exc.problems)) from None
            errors = exc.problems
        else:
            messages.success(request, "已登记查实弄虚作假，申报取消，禁申记录已登记。")
            return redirect("publicity_objection", objection.pk)
    elif request.method == "POST":
        errors = ["请按提示填写。"]
    return render(request, "publicity/objection.html", {
        "objection": objection, "app": app, "form": form, "errors": errors,
        "available": [t for t in actions.available(request.user, app) if t.app == "publicity"],
        "can_find_fraud": app.state == "under_investigation"})


@login_required
def objection_file(request, pk: int, file_id: int):
    objection = _hr_objection(request, pk)
    evidence = get_object_or_404(objection.evidence.select_related("file"), file_id=file_id)
    return serve(evidence.file)
