"""Thin pages of §四(一) under /committee/spot-checks/: the provincial office's incoming 高级 batches, the draw,
findings, return and delegation; the office's returned applications and their resubmission. Another province's
batch, or a batch seen by anyone but the province it was sent to, is 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhicheng.dossier.models import Application
from zhicheng.errors import Refusal
from zhicheng.http import IdsFirst, client_ip, paginate
from zhicheng.office_review.models import Forwarding, ForwardingEntry
from zhicheng.orgs.roles import Role
from zhicheng.orgs.scope import has_role
from zhicheng.orgs.validators import mask_id_number
from zhicheng.workflow import actions
from zhicheng.workflow.states import State

from . import spotcheck as sc
from .forms_spotcheck import FindingForm, ReturnForm
from .models import SpotCheck, SpotFinding

COUNTED = [("spot_check", State.SPOT_CHECK), ("returned", State.SPOT_RETURNED), ("delegated", State.HOST_REVIEW),
           ("abandoned", State.ABANDONED)]
ENTRY_ROWS = ForwardingEntry.objects.select_related("application__applicant", "application__unit",
                                                    "application__title", "route__host")


def _errors(request, exc: Refusal) -> None:
    for p in exc.problems:
        messages.error(request, p)


def _provincial_only(request) -> None:
    if not sc.is_provincial(request.user):
        raise PermissionDenied("只有省职改办可以进行抽查。")


@login_required
def index(request):
    _provincial_only(request)
    ordered = sc.batches_for(request.user).order_by("-created_at", "-id")
    rows = Forwarding.objects.select_related("office", "created_by")
    page = paginate(request, IdsFirst(ordered, rows))
    counts = sc.batch_counts([b.pk for b in page])
    checks = {c.forwarding_id: c for c in SpotCheck.objects.filter(forwarding__in=[b.pk for b in page])}
    for b in page:
        c = counts.get(b.pk, {})
        b.n_total = sum(c.values())
        b.counts = [(State(s).label, c.get(s, 0)) for _, s in COUNTED]
        b.check = checks.get(b.pk)
    return render(request, "committee/spotcheck/index.html", {"page": page, "labels": [State(s).label for _, s in COUNTED]})


@login_required
def batch(request, pk: int):
    b = sc.batch_or_404(request.user, pk)
    check = SpotCheck.objects.filter(forwarding=b).select_related("by").first()
    page = paginate(request, IdsFirst(b.entries.order_by("order", "id"), ENTRY_ROWS), per_page=50)
    ids = [e.application_id for e in page]
    findings = {f.application_id: f for f in SpotFinding.objects.filter(spot_check=check, application_id__in=ids)} \
        if check else {}
    returns = {r.application_id: r for r in sc.open_returns(ids)}
    sampled = set(check.sampled_ids) if check else set()
    for e in page:
        e.masked_id = mask_id_number(e.application.applicant.id_number)
        e.sampled, e.finding, e.open_return = e.application_id in sampled, findings.get(e.application_id), \
            returns.get(e.application_id)
    counts = sc.batch_counts([b.pk]).get(b.pk, {})
    return render(request, "committee/spotcheck/batch.html", {
        "batch": b, "check": check, "page": page, "counts": [(State(s).label, counts.get(s, 0)) for _, s in COUNTED],
        "reproduced": sc.reproduce(check) if check else None,
        "problems": sc.batch_problems(check) if check else [],
        "delegated": Forwarding.objects.filter(kind=Forwarding.Kind.HOST, office=b.to_org,
                                               entries__application__in=b.entries.values("application"))
        .select_related("to_org").distinct().order_by("pk")})


@login_required
@require_POST
def draw(request, pk: int):
    b = sc.batch_or_404(request.user, pk)
    try:
        check = sc.draw(request.user, b, ip=client_ip(request))
    except Refusal as exc:
        _errors(request, exc)
    else:
        messages.success(request, f"已随机抽取{check.size}份申报（种子 {check.seed}）。")
    return redirect("spot_check_batch", b.pk)


@login_required
@require_POST
def delegate(request, pk: int):
    b = sc.batch_or_404(request.user, pk)
    try:
        made = sc.delegate(request.user, b, ip=client_ip(request))
    except Refusal as exc:
        _errors(request, exc)
    else:
        messages.success(request, "已委托：" + "、".join(f"{fw.to_org.name}（{fw.entries.count()}份）" for fw in made))
    return redirect("spot_check_batch", b.pk)


def _sampled_or_404(request, pk: int, app_pk: int):
    b = sc.batch_or_404(request.user, pk)
    check = SpotCheck.objects.filter(forwarding=b).first()
    if check is None or app_pk not in check.sampled_ids:
        raise Http404
    app = Application.objects.select_related("applicant", "unit", "title").get(pk=app_pk)
    return b, check, app


@login_required
def finding(request, pk: int, app_pk: int):
    b, check, app = _sampled_or_404(request, pk, app_pk)
    current = sc.finding_of(check, app)
    initial = {"result": "problem" if current and current.result == SpotFinding.Result.PROBLEM else "ok",
               "items": "\n".join(current.items) if current else ""} if current else None
    form = FindingForm(request.POST or None, initial=initial)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            sc.record_finding(request.user, check, app, ok=form.cleaned_data["result"] == "ok",
                              items=form.item_list(), ip=client_ip(request))
        except Refusal as exc:
            errors = exc.problems
        else:
            messages.success(request, "已记录抽查结论。")
            return redirect("spot_check_finding", b.pk, app.pk)
    return render(request, "committee/spotcheck/finding.html", {
        "batch": b, "check": check, "app": app, "finding": current, "form": form, "errors": errors,
        "return_form": ReturnForm(), "masked_id": mask_id_number(app.applicant.id_number),
        "open_return": sc.open_return(app)}, status=422 if request.method == "POST" else 200)


@login_required
@require_POST
def spot_return(request, pk: int, app_pk: int):
    b, _check, app = _sampled_or_404(request, pk, app_pk)
    form = ReturnForm(request.POST)
    note = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        actions.perform(app, "spot_return", actor=request.user, ip=client_ip(request), reason=note)
    except Refusal as exc:
        _errors(request, exc)
    else:
        messages.success(request, "已退回主管部门补正，并一次性告知全部问题。")
    return redirect("spot_check_finding", b.pk, app.pk)


@login_required
def returned(request):
    if not has_role(request.user, Role.OFFICE_REVIEWER):
        raise PermissionDenied("只有主管部门审核人员可以查看抽查退回的申报。")
    page = paginate(request, sc.returned_for(request.user), per_page=50)
    for r in page:
        r.masked_id = mask_id_number(r.application.applicant.id_number)
    return render(request, "committee/spotcheck/returned.html", {"page": page})


@login_required
@require_POST
def resubmit(request, app_pk: int):
    ret = sc.returned_for(request.user).filter(application_id=app_pk).first()
    if ret is None:
        raise Http404
    try:
        actions.perform(ret.application, "resubmit_spot", actor=request.user, ip=client_ip(request))
    except Refusal as exc:
        _errors(request, exc)
    else:
        messages.success(request, f"已将{ret.application.applicant.real_name}的申报补正后重新报送省职改办。")
    return redirect("spot_check_returned")


@login_required
def for_application(request, pk: int):
    """From the dossier page to the spot-check batch the application was sent in (the provincial office only)."""
    from zhicheng.dossier.permissions import can_view

    _provincial_only(request)
    app = Application.objects.filter(pk=pk).first()
    batch = sc.batch_of(app) if app is not None and can_view(request.user, app) else None
    if batch is None:
        raise Http404
    return redirect("spot_check_batch", batch.pk)
