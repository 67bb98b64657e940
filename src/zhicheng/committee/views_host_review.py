"""Thin pages of §四(二) 资格审查: the host's queue and review page (accept, batch accept, return with every
reason), and the office's returned applications with their resubmission. Out of scope: 404; wrong role: 403."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhicheng.codes.models import Level, Series
from zhicheng.dossier import models as dm
from zhicheng.dossier.permissions import can_view, record_refusal
from zhicheng.eligibility.services import evaluate
from zhicheng.errors import Refusal
from zhicheng.http import IdsFirst, client_ip, int_param, paginate
from zhicheng.office_review.models import Endorsement, ForwardingEntry
from zhicheng.orgs.roles import Role
from zhicheng.orgs.scope import has_role
from zhicheng.workdays.formats import cn_date
from zhicheng.workflow.states import State

from . import host_review as hr
from .host_review_forms import ResubmitForm, ReturnForm
from .models import HostReturn

QUEUE_ROWS = dm.Application.objects.select_related("applicant", "unit", "title", "series").only(
    "id", "state", "level", "updated_at", "specialty", "applicant__real_name", "applicant__id_number", "unit__name",
    "title__name", "series__name")


def _host_only(request) -> None:
    if not hr.host_ids(request.user):
        raise PermissionDenied("只有评委会组建单位可以办理资格审查。")


def _office_only(request) -> None:
    if not has_role(request.user, Role.OFFICE_REVIEWER):
        raise PermissionDenied("只有主管部门可以办理组建单位退回的补正。")


def _application(request, pk: int, states) -> dm.Application:
    app = (dm.Application.objects.select_related("applicant", "unit", "campaign", "title", "series")
           .filter(pk=pk).first())
    if app is None:
        raise Http404
    if not can_view(request.user, app):
        record_refusal(request.user, app, client_ip(request), request.path)
        raise Http404  # out of scope: do not reveal that the record exists
    if app.state not in states:
        raise Http404
    return app


def _hosts_application(request, pk: int, states=hr.QUEUE_STATES) -> dm.Application:
    _host_only(request)
    app = _application(request, pk, states)
    if not hr.queue_scope(request.user).filter(pk=app.pk).exists():  # seen through another role: not its queue
        raise Http404
    return app


def _errors(request, exc: Refusal) -> None:
    for problem in exc.problems:
        messages.error(request, problem)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
def queue(request):
    """资格审查: what was sent to this host, by state, filterable by series, level and 报送 batch."""
    _host_only(request)
    state = request.GET.get("state", State.HOST_REVIEW)
    if state not in hr.QUEUE_STATES:
        state = State.HOST_REVIEW
    series, level = request.GET.get("series", ""), request.GET.get("level", "")
    level = level if level in Level.values else ""
    batch = _int(request.GET.get("batch"))
    qs = hr.queue(request.user, state=state, series=series, level=level, batch=batch)
    page = paginate(request, IdsFirst(qs, QUEUE_ROWS))
    entries = {}
    for e in (ForwardingEntry.objects.filter(application_id__in=[a.pk for a in page], forwarding__kind="host")
              .select_related("forwarding", "forwarding__office").order_by("forwarding__created_at", "pk")):
        entries[e.application_id] = e  # the latest batch wins
    returns = {}
    if state == State.HOST_RETURNED:
        for r in HostReturn.objects.filter(application_id__in=[a.pk for a in page], resolved_at__isnull=True):
            returns[r.application_id] = r
    for a in page:
        a.entry, a.open_return = entries.get(a.pk), returns.get(a.pk)
    query = "&".join(f"{k}={v}" for k, v in (("state", state), ("series", series), ("level", level),
                                             ("batch", batch or "")) if v)
    return render(request, "committee/host_review/queue.html", {
        "page": page, "state": state, "states": [(s, State(s).label) for s in hr.QUEUE_STATES],
        "series_list": Series.objects.order_by("code").only("code", "name"), "levels": Level.choices,
        "series": series, "level": level, "batch": batch or "", "query": query})


@login_required
def review(request, pk: int):
    """One application: the dossier, the eligibility report, the office's 呈报意见, the 报送 batch; accept to a
    committee or return with every reason at once."""
    app = _hosts_application(request, pk)
    entry = hr.host_entry(app)
    host = entry.forwarding.to_org if entry else None
    committees = (hr.candidate_committees(host.pk, app, timezone.localdate()) if host is not None
                  and host.pk in hr.host_ids(request.user) else [])
    default, default_problem = None, ""
    if app.state == State.HOST_REVIEW and host is not None:
        try:
            default = hr.resolve_committee(app, host, entry=entry)
        except Refusal as exc:
            default_problem = "；".join(exc.problems)
    return render(request, "committee/host_review/review.html", {
        "app": app, "entry": entry, "eligibility": evaluate(app),
        "endorsement": Endorsement.objects.filter(application=app).first(),
        "committees": committees, "default": default, "default_problem": default_problem,
        "returns": list(app.host_returns.select_related("by", "host", "resolved_by")),
        "return_form": ReturnForm(), "can_act": app.state == State.HOST_REVIEW})


@login_required
@require_POST
def accept(request, pk: int):
    app = _hosts_application(request, pk, (State.HOST_REVIEW,))
    raw = (request.POST.get("committee_id") or "").strip()
    if raw and int_param(raw) is None:
        messages.error(request, "所选评审委员会无效，请重新选择。")
        return redirect("host_review_page", app.pk)
    try:
        a = hr.host_pass(request.user, app, committee_id=int_param(raw), ip=client_ip(request))
    except Refusal as exc:
        if exc.forbidden:
            raise PermissionDenied("；".join(exc.problems)) from None
        _errors(request, exc)
        return redirect("host_review_page", app.pk)
    messages.success(request, f"已资格审查通过，提交“{a.committee.name}”评审。")
    return redirect("host_review_queue")


@login_required
@require_POST
def accept_many(request):
    _host_only(request)
    ids = [int_param(v) for v in request.POST.getlist("ids")]
    if None in ids:
        messages.error(request, "所选申报无效，请刷新页面后重新勾选。")
        return redirect("host_review_queue")
    apps = list(hr.queue(request.user).filter(pk__in=ids).select_related("applicant", "series", "title"))
    if len(apps) != len(set(ids)):
        raise Http404
    try:
        done = hr.host_pass_many(request.user, apps, ip=client_ip(request))
    except Refusal as exc:
        if exc.forbidden:
            raise PermissionDenied("；".join(exc.problems)) from None
        _errors(request, exc)
    else:
        messages.success(request, f"已资格审查通过{len(done)}份申报，提交评审委员会。")
    return redirect("host_review_queue")


@login_required
@require_POST
def return_(request, pk: int):
    app = _hosts_application(request, pk, (State.HOST_REVIEW,))
    form = ReturnForm(request.POST)
    if not form.is_valid():
        for errs in form.errors.values():
            for e in errs:
                messages.error(request, e)
        return redirect("host_review_page", app.pk)
    try:
        rec = hr.host_return(request.user, app, reasons=hr.split_reasons(form.cleaned_data["reasons"]),
                             ip=client_ip(request))
    except Refusal as exc:
        if exc.forbidden:
            raise PermissionDenied("；".join(exc.problems)) from None
        _errors(request, exc)
        return redirect("host_review_page", app.pk)
    messages.success(request, f"已退回主管部门补正（{len(rec.reasons)}条原因），补正期限{cn_date(rec.deadline)}。")
    return redirect("host_review_queue")


# --------------------------------------------------------------------------- the office


@login_required
def office_list(request):
    """The office's applications returned by a host: every reason and the deadline."""
    _office_only(request)
    page = paginate(request, IdsFirst(hr.office_returns(request.user).order_by("deadline", "id"),
                                      hr.office_returns(request.user)))
    return render(request, "committee/host_review/office_list.html", {"page": page, "today": timezone.localdate()})


@login_required
def office_page(request, pk: int):
    """One returned application: the reasons, the deadline, and the resubmission with a note."""
    _office_only(request)
    app = _application(request, pk, (State.HOST_RETURNED,))
    rec = hr.office_returns(request.user).filter(application=app).first()
    if rec is None:  # another office's return (or seen through another role)
        raise Http404
    form = ResubmitForm(request.POST or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            hr.resubmit_host(request.user, app, note=form.cleaned_data["note"], ip=client_ip(request))
        except Refusal as exc:
            if exc.forbidden:
                raise PermissionDenied("；".join(exc.problems)) from None
            errors = exc.problems
        else:
            messages.success(request, f"已补正后重新报送{rec.host.name}。")
            return redirect("host_review_office")
    return render(request, "committee/host_review/office_page.html", {
        "app": app, "rec": rec, "form": form, "errors": errors, "overdue": rec.deadline < timezone.localdate()},
        status=422 if request.method == "POST" else 200)
