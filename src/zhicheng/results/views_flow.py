"""Thin views of §五's flow: the host's result notices, objections, 报送 and refusals; the provincial office's
reported batches (备案/核准/不予); 发文 with its PDF; the public result notice (no login, noindex)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from zhicheng.documents.pdf import pdf_response
from zhicheng.errors import Refusal
from zhicheng.http import client_ip, paged
from zhicheng.orgs.models import Organization
from zhicheng.workflow.states import State

from . import filing, issuance
from . import result_notice as rn
from .forms_flow import DocumentForm, FindingForm, ObjectionForm, ResultNoticeForm
from .models_flow import ResultNotice, ResultObjection, ResultReport

PER_PAGE = 20  # each list of an index page pages on its own (?notices=2&documents=3)
PEOPLE_PER_PAGE = 50


def _noindex(response):
    response["X-Robots-Tag"] = "noindex, nofollow, noarchive"
    response["Cache-Control"] = "no-store"
    return response


def _host_or_403(request) -> None:
    if not rn.host_orgs(request.user):
        raise PermissionDenied("只有评委会组建单位可以办理评审结果公示与报送。")


# --------------------------------------------------------------------------- the host


@login_required
def host_index(request):
    _host_or_403(request)
    user = request.user
    return render(request, "results/flow/host_index.html", {
        "committees": rn.committees_with_passed(user),
        "notices": paged(request, "notices", rn.notices_for(user).order_by("-starts_on", "-id"), per_page=PER_PAGE),
        "objections": paged(request, "objections", rn.objections_for(user).filter(
            status=ResultObjection.Status.RECEIVED, entry__application__state=State.RESULT_NOTICE)
            .order_by("created_at", "id"), per_page=PER_PAGE),
        "refused": paged(request, "refused", filing.refused_for_host(user), per_page=PER_PAGE),
        "issuable_count": issuance.issuable(user).count(),
        "documents": paged(request, "documents", issuance.documents_for(user).order_by("-issued_on", "-id"), per_page=PER_PAGE),
    })


@login_required
def notice_new(request, committee_id: int):
    _host_or_403(request)
    committee = get_object_or_404(Organization, pk=committee_id)
    if rn.host_of(request.user, committee) is None:
        raise Http404
    people = list(rn.passed_of(committee))
    form, errors = ResultNoticeForm(request.POST or None), []
    if request.method == "POST" and form.is_valid():
        try:
            notice = rn.start_result_notice(request.user, committee=committee,
                                            application_ids=request.POST.getlist("applications"),
                                            starts_on=form.cleaned_data["starts_on"], title=form.cleaned_data["title"],
                                            ip=client_ip(request))
        except Refusal as exc:
            errors = exc.problems
        else:
            messages.success(request, f"已发布评审结果公示，公示期{rn.period_text(notice)}。")
            return redirect("results_flow_notice", notice.pk)
    return render(request, "results/flow/notice_new.html", {
        "committee": committee, "people": people, "form": form, "errors": errors, "days": rn.working_days()},
        status=422 if errors else 200)


def _host_notice(request, pk: int) -> ResultNotice:
    _host_or_403(request)
    return get_object_or_404(rn.notices_for(request.user), pk=pk)


@login_required
def notice_detail(request, pk: int):
    notice = _host_notice(request, pk)
    entries = list(notice.entries.select_related("application__applicant", "application__title"))
    objections = list(notice.objections.select_related("entry__application__applicant"))
    return render(request, "results/flow/notice.html", {
        "notice": notice, "entries": entries, "objections": objections, "period": rn.period_text(notice),
        "phase": rn.phase(notice), "reportable": any(e.application.state == State.RESULT_NOTICE for e in entries)})


@login_required
@require_POST
def notice_report(request, pk: int):
    notice = _host_notice(request, pk)
    try:
        report = filing.report_results(request.user, notice, ip=client_ip(request))
    except Refusal as exc:
        for p in exc.problems:
            messages.error(request, p)
    else:
        messages.success(request, f"已报送省职改办备案/核准（{report.entries.count()}人）。")
    return redirect("results_flow_notice", notice.pk)


@login_required
def objection_detail(request, pk: int):
    _host_or_403(request)
    objection = get_object_or_404(rn.objections_for(request.user), pk=pk)
    form, errors = FindingForm(request.POST or None), []
    if request.method == "POST" and request.POST.get("fraud"):
        try:
            rn.find_fraud(request.user, objection, reason=request.POST.get("reason", ""),
                          authority=request.POST.get("authority", ""),
                          investigation=request.POST.get("investigation", ""), ip=client_ip(request))
        except Refusal as exc:
            errors = exc.problems
        else:
            messages.success(request, "已登记查实弄虚作假，申报取消，禁申记录已登记。")
            return redirect("results_flow_objection", objection.pk)
    elif request.method == "POST":
        if form.is_valid():
            try:
                rn.record_finding(request.user, objection, founded=form.cleaned_data["founded"],
                                  reason=form.cleaned_data["reason"],
                                  investigation=form.cleaned_data["investigation"], ip=client_ip(request))
            except Refusal as exc:
                errors = exc.problems
            else:
                messages.success(request, "核查结论已登记。")
                return redirect("results_flow_objection", objection.pk)
        else:
            errors = ["请按提示填写。"]
    objection.refresh_from_db()
    return render(request, "results/flow/objection.html", {
        "objection": objection, "app": objection.entry.application, "form": form, "errors": errors},
        status=422 if errors else 200)


# --------------------------------------------------------------------------- the provincial office


@login_required
def province_index(request):
    if not filing.is_province(request.user):
        raise PermissionDenied("只有省职改办可以办理评审结果备案、核准。")
    user = request.user
    return render(request, "results/flow/province_index.html", {
        "reports": paged(request, "reports", filing.reports_for_province(user).order_by("-reported_at", "-id"), per_page=PER_PAGE),
        "issuable_count": issuance.issuable(user).count(),
        "documents": paged(request, "documents", issuance.documents_for(user).order_by("-issued_on", "-id"), per_page=PER_PAGE),
    })


@login_required
def report_detail(request, pk: int):
    if not filing.is_province(request.user):
        raise Http404
    report = get_object_or_404(ResultReport.objects.select_related("host", "notice__committee"), pk=pk)
    errors: list[str] = []
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            ids = filing.chosen_for(report, action, scope=request.POST.get("scope", ""),
                                    ticked=request.POST.getlist("applications"), seen=request.POST.get("seen"))
            moved = filing.decide(request.user, report, action, application_ids=ids,
                                  reason=request.POST.get("reason", ""), ip=client_ip(request))
        except Refusal as exc:
            errors = exc.problems
        else:
            messages.success(request, f"已办理{len(moved)}人。")
            return redirect("results_flow_report", report.pk)
    entries = report.entries.select_related("application__applicant", "application__unit", "application__title")
    return render(request, "results/flow/report.html", {
        "report": report, "errors": errors, "pending_count": filing.pending_count(report),
        "entries": paged(request, "page", entries.order_by("id"), entries, per_page=PEOPLE_PER_PAGE),
        "scope": request.POST.get("scope", "page")}, status=422 if errors else 200)


# --------------------------------------------------------------------------- 发文


@login_required
def document_new(request):
    """The people are paged; the list of the document is either the ticked rows of the page shown or every
    person waiting (of one committee, if chosen), checked against the count the user saw."""
    if issuance.issuer_role(request.user) is None:
        raise PermissionDenied("只有评委会组建单位或省职改办可以发文。")
    committees = issuance.issuable_committees(request.user)
    committee_id = next((c.pk for c in committees if str(c.pk) == request.GET.get("committee", "")), None)
    waiting = issuance.issuable(request.user, committee_id=committee_id)
    form, errors = DocumentForm(request.POST or None), []
    if request.method == "POST" and form.is_valid():
        try:
            ids = issuance.chosen_ids(waiting, scope=request.POST.get("scope", ""),
                                      ticked=request.POST.getlist("applications"), seen=request.POST.get("seen"))
            doc = issuance.issue_document(request.user, application_ids=ids, ip=client_ip(request),
                                          **form.cleaned_data)
        except Refusal as exc:
            errors = exc.problems
        else:
            messages.success(request, f"已发文（{doc.number}），职称证书已发放。")
            return redirect("results_flow_document", doc.pk)
    return render(request, "results/flow/document_new.html", {
        "form": form, "errors": errors, "committees": committees, "committee_id": committee_id,
        "waiting_count": waiting.count(), "people": paged(request, "page", waiting, per_page=PEOPLE_PER_PAGE),
        "scope": request.POST.get("scope", "page")}, status=422 if errors else 200)


@login_required
def document_detail(request, pk: int):
    doc = get_object_or_404(issuance.documents_for(request.user), pk=pk)
    return render(request, "results/flow/document.html", {"doc": doc, "entries": issuance.document_rows(doc)})


@login_required
def document_pdf(request, pk: int):
    doc = get_object_or_404(issuance.documents_for(request.user), pk=pk)
    return pdf_response(issuance.document_pdf(doc), f"发文-{doc.number}")


# --------------------------------------------------------------------------- public (no login)


def public_list(request):
    return _noindex(render(request, "results/flow/public_list.html",
                           {"notices": paged(request, "page", rn.running_notices(), per_page=PER_PAGE)}))


def public_notice(request, pk: int):
    """The notice while it runs (objections by POST); before it starts, its dates; after it ends, gone (410)."""
    notice = get_object_or_404(ResultNotice.objects.select_related("host", "committee"), pk=pk)
    phase, errors, form = rn.phase(notice), [], ObjectionForm(request.POST or None)
    if request.method == "POST":
        try:
            rn.raise_objection(notice, entry_id=request.POST.get("entry"), real_name=request.POST.get("real_name", ""),
                               contact=request.POST.get("contact", ""), facts=request.POST.get("facts", ""),
                               ip=client_ip(request))
        except Refusal as exc:
            errors = exc.problems
        else:
            messages.success(request, "您反映的问题已收到，组建单位将依规核查。感谢您的监督。")
            return redirect("result_public_notice", notice.pk)
    people = rn.public_people(rn.shown_entries(notice)) if phase == "running" else []
    status = 410 if phase == "ended" else (422 if errors else 200)
    return _noindex(render(request, "results/flow/public_notice.html", {
        "notice": notice, "phase": phase, "period": rn.period_text(notice), "people": people, "form": form,
        "errors": errors}, status=status))
