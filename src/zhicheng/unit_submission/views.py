"""Thin views of §二(八): fetch within scope, call a service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from zhicheng.campaigns.models import Campaign
from zhicheng.documents.pdf import pdf_response
from zhicheng.dossier import models as dm
from zhicheng.dossier.permissions import can_view, record_refusal
from zhicheng.dossier.stored_documents import content_disposition
from zhicheng.files.services import oversized_message
from zhicheng.files.views import serve
from zhicheng.http import client_ip, paged
from zhicheng.orgs.scope import visible
from zhicheng.orgs.validators import mask_id_number
from zhicheng.workflow.states import State

from . import documents, permissions, services
from .forms import OpinionForm, PaperForm, SubmitForm
from .models import UnitSubmission


def _campaign_for_hr(request, pk: int) -> Campaign:
    """The campaign, for its unit's HR only; anyone else is told nothing exists (404)."""
    campaign = get_object_or_404(Campaign.objects.select_related("unit"), pk=pk)
    if not permissions.is_unit_hr(request.user, campaign.unit_id):
        raise Http404
    return campaign


def _application(request, pk: int) -> dm.Application:
    app = get_object_or_404(dm.Application.objects.select_related("applicant", "unit", "campaign", "title", "series"),
                            pk=pk)
    if not can_view(request.user, app):
        record_refusal(request.user, app, client_ip(request), request.path)
        raise Http404
    return app


def _errors(request, exc) -> None:
    for problem in exc.problems:
        messages.error(request, problem)


# --------------------------------------------------------------------------- submission page

def _choices(rows) -> list[tuple[int, str]]:
    return [(r.application.pk, r.application.applicant.real_name) for r in rows if r.ready]


@login_required
def campaign_page(request, pk: int):
    """HR's page per campaign: who is ready, what each still lacks, submit the ready ones as one batch."""
    campaign = _campaign_for_hr(request, pk)
    apps = services.campaign_applications(campaign).filter(state__in=services.PAGE_STATES).order_by("applicant__real_name", "id")
    rows = services.readiness(apps)
    form = SubmitForm(request.POST if request.method == "POST" else None, choices=_choices(rows))
    errors: list[str] = []
    if request.method == "POST":
        if form.is_valid():
            chosen = [r.application for r in rows if r.application.pk in set(form.cleaned_data["applications"])]
            try:
                sub = services.submit_batch(request.user, campaign, chosen, ip=client_ip(request))
            except services.SubmissionError as exc:
                if exc.forbidden:
                    raise PermissionDenied("；".join(exc.problems)) from None
                errors = exc.problems
            else:
                messages.success(request, f"已将{sub.entries.count()}人推荐上报至主管部门。")
                return redirect("unit_submission_batch", sub.pk)
        else:
            errors = [e for errs in form.errors.values() for e in errs]
    batches = campaign.unit_submissions.filter(unit_id=campaign.unit_id).select_related("submitted_by")
    submitted = services.campaign_applications(campaign).filter(state=State.UNIT_SUBMITTED).count()
    return render(request, "unit_submission/campaign.html", {
        "campaign": campaign, "rows": rows, "ready_count": sum(r.ready for r in rows), "batches": batches,
        "submitted_count": submitted, "errors": errors})


@login_required
def paper_page(request, pk: int):
    """登记线下审核推荐结果: scans, notice dates, opinion, the recommended list."""
    campaign = _campaign_for_hr(request, pk)
    candidates = list(services.campaign_applications(campaign).filter(state__in=services.PAPER_SOURCES)
                      .order_by("applicant__real_name", "id"))
    choices = [(a.pk, f"{a.applicant.real_name}（{a.title.name}，{a.get_state_display()}）") for a in candidates]
    form = PaperForm(request.POST if request.method == "POST" else None, request.FILES or None, choices=choices)
    problems: list[str] = []
    if request.method == "POST":
        if getattr(request, "oversized_uploads", None):
            problems.append("上传失败：" + oversized_message())
        elif form.is_valid():
            d = form.cleaned_data
            try:
                sub = services.record_paper_outcome(
                    request.user, campaign, ranking_scan=d["ranking_scan"], notice_scan=d["notice_scan"],
                    opinion_scan=d["opinion_scan"], notice_starts_on=d["notice_starts_on"],
                    notice_ends_on=d["notice_ends_on"], opinion_text=d["opinion_text"],
                    application_ids=d["applications"], people=d["people"], ip=client_ip(request))
            except services.SubmissionError as exc:
                if exc.forbidden:
                    raise PermissionDenied("；".join(exc.problems)) from None
                problems = exc.problems
            else:
                messages.success(request, f"已登记线下审核推荐结果，{sub.entries.count()}人推荐上报至主管部门。")
                return redirect("unit_submission_batch", sub.pk)
    titles = services.paper_title_choices(campaign)
    return render(request, "unit_submission/paper.html", {"campaign": campaign, "form": form, "problems": problems,
                                                          "titles": titles,
                                                          "need_days": services.required_notice_days(campaign)})


# --------------------------------------------------------------------------- batches

def _batch(request, pk: int) -> UnitSubmission:
    qs = visible(request.user, UnitSubmission.objects.select_related("campaign", "unit", "submitted_by"))
    return get_object_or_404(qs, pk=pk)


@login_required
def batch_list(request):
    """Every batch in the reader's scope, newest first, 20 a page (the shared pager)."""
    ordered = visible(request.user, UnitSubmission.objects.all()).order_by("-submitted_at", "-id")
    rows = ordered.select_related("campaign", "unit", "submitted_by")
    return render(request, "unit_submission/batches.html", {"batches": paged(request, "page", ordered, rows)})


@login_required
def batch_page(request, pk: int):
    sub = _batch(request, pk)
    entries = list(sub.entries.select_related("title__series", "application"))
    for e in entries:
        e.masked_id = mask_id_number(e.id_number)
    return render(request, "unit_submission/batch.html", {"sub": sub, "entries": entries})


@login_required
def batch_roster(request, pk: int):
    sub = _batch(request, pk)
    if sub.roster is None:
        raise Http404
    from zhicheng.audit.services import record

    record("roster_downloaded", actor=request.user, obj=sub, ip=client_ip(request))
    response = FileResponse(sub.roster.file.open("rb"), content_type=services.XLSX_TYPE)
    response["Content-Disposition"] = content_disposition(sub.roster.original_name, "roster.xlsx")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def batch_file(request, pk: int, which: str):
    sub = _batch(request, pk)
    if which not in ("ranking_scan", "notice_scan", "opinion_scan") or getattr(sub, which) is None:
        raise Http404
    return serve(getattr(sub, which))


# --------------------------------------------------------------------------- opinion

@login_required
def opinion_page(request, pk: int):
    app = _application(request, pk)
    decision = permissions.can_write_opinion(request.user, app)
    if not decision:
        raise PermissionDenied(decision.reason)
    opinion = services.current_opinion(app)
    initial = {"review_text": opinion.review_text, "roster_text": opinion.roster_text,
               "responsible_person": opinion.responsible_person,
               "opinion_date": opinion.opinion_date} if opinion else None
    form = OpinionForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_opinion(request.user, app, ip=client_ip(request), **form.cleaned_data)
        except services.SubmissionError as exc:
            _errors(request, exc)
        else:
            messages.success(request, "单位意见已保存（签署前可修改）。")
            return redirect("unit_submission_opinion", app.pk)
    return render(request, "unit_submission/opinion.html", {"app": app, "opinion": opinion, "form": form})


@login_required
@require_POST
def opinion_sign(request, pk: int):
    app = _application(request, pk)
    try:
        services.sign_opinion(request.user, app, ip=client_ip(request))
    except services.SubmissionError as exc:
        if exc.forbidden:
            raise PermissionDenied("；".join(exc.problems)) from None
        _errors(request, exc)
    else:
        messages.success(request, "单位意见已签署，不能再修改。")
    return redirect("unit_submission_opinion", app.pk)


# --------------------------------------------------------------------------- pledge

def _pledge_app(request, pk: int) -> dm.Application:
    app = _application(request, pk)
    decision = permissions.can_see_pledge(request.user, app)
    if not decision:
        raise PermissionDenied(decision.reason)
    return app


@login_required
def pledge_page(request, pk: int):
    app = _pledge_app(request, pk)
    pledge = services.pledge_of(app)
    version = services.current_version(app)
    number = version[0] if version else None
    return render(request, "unit_submission/pledge.html", {
        "app": app, "pledge": pledge, "paragraphs": documents.pledge_paragraphs(app), "version": number,
        "title": documents.PLEDGE_TITLE,
        "applicant_done": pledge.applicant_version is not None and pledge.applicant_version == number,
        "leader_done": pledge.leader_version is not None and pledge.leader_version == number,
        "can_confirm": bool(permissions.pledge_role(request.user, app)) and app.state in services.PLEDGE_STATES,
        "can_upload": bool(permissions.is_unit_hr(request.user, app.unit_id)) and app.state in services.PLEDGE_STATES,
    })


@login_required
@require_POST
def pledge_confirm(request, pk: int):
    app = _pledge_app(request, pk)
    try:
        services.confirm_pledge(request.user, app, ip=client_ip(request))
    except services.SubmissionError as exc:
        if exc.forbidden:
            raise PermissionDenied("；".join(exc.problems)) from None
        _errors(request, exc)
    else:
        messages.success(request, "已确认真实性承诺书。")
    return redirect("unit_submission_pledge", app.pk)


@login_required
@require_POST
def pledge_scan(request, pk: int):
    app = _pledge_app(request, pk)
    uploaded = request.FILES.get("file")
    if getattr(request, "oversized_uploads", None):
        messages.error(request, "上传失败：" + oversized_message())
    elif uploaded is None:
        messages.error(request, "请选择要上传的扫描件。")
    else:
        try:
            services.upload_pledge_scan(request.user, app, uploaded, ip=client_ip(request))
        except services.SubmissionError as exc:
            if exc.forbidden:
                raise PermissionDenied("；".join(exc.problems)) from None
            _errors(request, exc)
        except services.files.UploadError as exc:
            messages.error(request, "上传失败：" + "；".join(exc.problems))
        else:
            messages.success(request, "签字盖章扫描件已上传。")
    return redirect("unit_submission_pledge", app.pk)


@login_required
def pledge_scan_download(request, pk: int):
    app = _pledge_app(request, pk)
    pledge = services.pledge_of(app)
    if pledge.scan is None:
        raise Http404
    return serve(pledge.scan)


@login_required
def pledge_pdf(request, pk: int):
    app = _pledge_app(request, pk)
    pledge = services.pledge_of(app)
    return pdf_response(documents.pledge_pdf(app, pledge if pledge.pk else None),
                        f"{documents.PLEDGE_TITLE}-{app.applicant.real_name}")
