"""Thin views of §三(三): one 交卷审查 page per application (paper dossier, binding, fee, 呈报意见) and the
报送 page (endorsed applications grouped by destination, one 报送 button per group, the batches and their
transfer lists)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhicheng.documents.pdf import pdf_response
from zhicheng.dossier import models as dm
from zhicheng.dossier.permissions import record_refusal
from zhicheng.errors import Refusal
from zhicheng.http import client_ip, paged
from zhicheng.orgs.roles import Role
from zhicheng.orgs.scope import covering

from . import handin, transfer
from .models import Endorsement, FeePayment, Forwarding, PaperDossier


class PaperForm(forms.Form):
    received_on = forms.DateField(label="接收日期")
    items = forms.MultipleChoiceField(label="已收材料", required=False, widget=forms.CheckboxSelectMultiple)
    note = forms.CharField(label="备注", max_length=500, required=False)

    def __init__(self, *args, checklist=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = [(i.name, f"{i.name}{'' if i.required else '（如有）'}") for i in checklist]


class FeeForm(forms.Form):
    receipt_no = forms.CharField(label="票据号", max_length=50)
    paid_on = forms.DateField(label="缴费日期")


def _application(request, pk: int) -> dm.Application:
    """The application, for the reviewers of its office only (anyone else: 404, audited)."""
    app = get_object_or_404(dm.Application.objects.select_related("applicant", "unit", "campaign", "title", "series"),
                            pk=pk)
    if not covering(request.user, app, {Role.OFFICE_REVIEWER}):
        record_refusal(request.user, app, client_ip(request), request.path)
        raise Http404
    return app


def _errors(request, exc: Refusal) -> None:
    for problem in exc.problems:
        messages.error(request, problem)


@login_required
def handin_page(request, pk: int):
    app = _application(request, pk)
    checklist = handin.checklist(app.series)
    paper = PaperDossier.objects.filter(application=app).select_related("receiver", "bound_by").first()
    fee = FeePayment.objects.filter(application=app).select_related("recorded_by").first()
    endorsement = Endorsement.objects.filter(application=app).first()
    today = timezone.localdate()
    paper_form = PaperForm(checklist=checklist, initial={
        "received_on": paper.received_on if paper else today, "items": paper.items if paper else [],
        "note": paper.note if paper else ""})
    return render(request, "office_review/handin_page.html", {
        "app": app, "checklist": checklist, "paper": paper, "fee": fee, "endorsement": endorsement,
        "fee_amount": handin.fee_amount(app), "paper_form": paper_form,
        "fee_form": FeeForm(initial={"paid_on": today}),
        "endorse_form": handin.EndorseForm(initial={"signer_name": request.user.real_name, "signed_on": today}),
        "receiving": app.state in handin.RECEIVING_STATES, "bindable": app.state in handin.BINDING_STATES,
        "endorsable": app.state == "online_passed",
        "problems": handin.endorsement_problems(app) if app.state == "online_passed" else []})


def _post(request, pk, run):
    app = _application(request, pk)
    try:
        run(app)
    except Refusal as exc:
        _errors(request, exc)
    return redirect("office_handin", pk=app.pk)


@require_POST
@login_required
def paper_record(request, pk: int):
    def run(app):
        form = PaperForm(request.POST, checklist=handin.checklist(app.series))
        if not form.is_valid():
            raise handin.HandinError([m for errs in form.errors.values() for m in errs])
        handin.record_paper(request.user, app, ip=client_ip(request), **form.cleaned_data)
        messages.success(request, "纸质材料已登记。")
    return _post(request, pk, run)


@require_POST
@login_required
def paper_bind(request, pk: int):
    def run(app):
        handin.bind(request.user, app, ip=client_ip(request))
        messages.success(request, "已登记胶装。")
    return _post(request, pk, run)


@require_POST
@login_required
def fee_record(request, pk: int):
    def run(app):
        form = FeeForm(request.POST)
        if not form.is_valid():
            raise handin.HandinError([m for errs in form.errors.values() for m in errs])
        handin.record_fee(request.user, app, ip=client_ip(request), **form.cleaned_data)
        messages.success(request, "评审费已登记。")
    return _post(request, pk, run)


@require_POST
@login_required
def endorse(request, pk: int):
    def run(app):
        form = handin.EndorseForm(request.POST)
        if not form.is_valid():
            raise handin.HandinError([m for errs in form.errors.values() for m in errs])
        handin.endorse(request.user, app, ip=client_ip(request), **form.cleaned_data)
        messages.success(request, "呈报意见已签署。")
    return _post(request, pk, run)


# --------------------------------------------------------------------------- 报送

def _office(request):
    offices = transfer.offices_of(request.user)
    if not offices:
        raise Http404
    wanted = request.GET.get("office") or request.POST.get("office")
    chosen = next((o for o in offices if str(o.pk) == wanted), offices[0])
    return chosen, offices


# The 报送 page: only what the groups need and the table shows, and at most FORWARD_SHOWN rows of a group on
# screen; the rest of the group rides along as hidden ids, so that 报送 still sends the whole group as seen.
FORWARD_ROWS = ("id", "series_id", "level", "specialty", "applicant__real_name", "unit__name", "title__name",
                "series__name", "campaign__year")
FORWARD_SHOWN = 50


@login_required
def forwarding_page(request):
    office, offices = _office(request)
    routed, stopped = transfer.groups(office, transfer.endorsed(office).only(*FORWARD_ROWS))
    for g in routed + stopped:
        g.shown, g.rest = g.apps[:FORWARD_SHOWN], g.apps[FORWARD_SHOWN:]
    years = {g.year for g in routed + stopped}
    deadlines = {y: transfer.forward_deadline(office, y) for y in years}
    today = timezone.localdate()
    for g in routed + stopped:
        g.deadline = deadlines.get(g.year)
        g.overdue = g.deadline is not None and today > g.deadline
    ordered = Forwarding.objects.filter(office=office).order_by("-created_at", "-id")
    batches = paged(request, "batches", ordered, ordered.select_related("to_org", "created_by"))
    return render(request, "office_review/handin_forwarding.html", {
        "office": office, "offices": offices, "routed": routed, "stopped": stopped, "batches": batches})


@require_POST
@login_required
def forwarding_send(request):
    office, _ = _office(request)
    ids = [int(i) for i in request.POST.getlist("ids") if i.isascii() and i.isdigit() and len(i) < 10]
    apps = list(transfer.endorsed(office).filter(pk__in=ids))
    if len(apps) != len(set(ids)):
        messages.error(request, "部分申报已不在待报送列表中，请刷新页面后重试。")
        return redirect("office_forwarding")
    try:
        batch = transfer.forward(request.user, office, apps, ip=client_ip(request))
    except Refusal as exc:
        _errors(request, exc)
        return redirect("office_forwarding")
    messages.success(request, f"已报送{batch.to_org.name}，共{len(apps)}份。")
    return redirect("office_forwarding_batch", pk=batch.pk)


def _batch(request, pk: int) -> Forwarding:
    return get_object_or_404(transfer.visible_batches(request.user), pk=pk)


@login_required
def forwarding_batch(request, pk: int):
    batch = _batch(request, pk)
    return render(request, "office_review/handin_batch.html", {"batch": batch, "rows": transfer.rows(batch),
                                                               "columns": [h for h, _ in transfer.COLUMNS]})


@login_required
def transfer_list(request, pk: int, fmt: str):
    if fmt not in ("pdf", "xlsx"):
        raise Http404
    batch = _batch(request, pk)
    name = transfer.file_name(batch)
    if fmt == "pdf":
        return pdf_response(transfer.transfer_pdf(batch), name)
    from urllib.parse import quote

    response = HttpResponse(transfer.transfer_xlsx(batch), content_type=transfer.XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name + '.xlsx')}"
    return response
