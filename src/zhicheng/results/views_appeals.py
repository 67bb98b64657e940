"""Thin views of 复查申请与投诉: the applicant files and follows theirs; the host (or the provincial office)
lists, accepts, records the handling and closes them. Someone else's request → 404."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from zhicheng.dossier.permissions import can_view, page_application
from zhicheng.errors import Refusal
from zhicheng.files.views import serve
from zhicheng.http import IdsFirst, client_ip, paginate

from . import appeals as services
from .models_appeals import Appeal


class FileForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=Appeal.Kind.choices, widget=forms.RadioSelect)
    text = forms.CharField(label="事实与理由", widget=forms.Textarea(attrs={"rows": 8}),
                           max_length=services.MAX_TEXT)


class NoteForm(forms.Form):
    note = forms.CharField(label="办理情况", widget=forms.Textarea(attrs={"rows": 4}), max_length=services.MAX_TEXT)


class DecideForm(forms.Form):
    outcome = forms.ChoiceField(label="处理结论", choices=Appeal.Outcome.choices, widget=forms.RadioSelect)
    reason = forms.CharField(label="结论理由", widget=forms.Textarea(attrs={"rows": 4}), max_length=services.MAX_TEXT)
    fraud_found = forms.BooleanField(label="查实弄虚作假（予以纠正时）", required=False)


def _application(request, pk: int):
    app = page_application(request.user, pk)
    if app is None or not can_view(request.user, app):
        raise Http404
    return app


def _appeal(request, pk: int) -> Appeal:
    appeal = services.visible_appeal(request.user, pk)
    if appeal is None:
        raise Http404
    return appeal


@login_required
def mine(request):
    rows = list(services.own_appeals(request.user).select_related("application__title", "handler_org")[:100])
    return render(request, "results/appeals/mine.html", {"appeals": rows,
                                                         "appealable": services.appealable(request.user)})


@login_required
def new(request, app_pk: int):
    app = _application(request, app_pk)
    if not services.is_applicant(request.user, app):
        raise PermissionDenied("只有申报人本人可以对本人的申报提出复查申请或投诉。")
    problems = services.filing_problems(request.user, app)
    form, status = FileForm(request.POST or None), 200
    if request.method == "POST" and not problems:
        if form.is_valid():
            try:
                appeal = services.file_appeal(request.user, app, kind=form.cleaned_data["kind"],
                                              text=form.cleaned_data["text"],
                                              files=request.FILES.getlist("evidence"), ip=client_ip(request))
            except Refusal as exc:
                problems, status = exc.problems, exc.status
            else:
                messages.success(request, f"{appeal.get_kind_display()}已提交，处理单位：{appeal.handler_org.name}。")
                return redirect("appeal_detail", appeal.pk)
        else:
            status = 422
    elif problems:
        status = 422 if request.method == "POST" else 200
    return render(request, "results/appeals/new.html", {"application": app, "form": form, "problems": problems,
                                                        "open_kinds": services.open_kinds(app),
                                                        "max_files": services.MAX_FILES}, status=status)


@login_required
def detail(request, pk: int):
    appeal = _appeal(request, pk)
    handler = bool(services.can_handle(request.user, appeal))
    return render(request, "results/appeals/detail.html", {
        "appeal": appeal, "handler": handler, "steps": list(appeal.steps.select_related("by")),
        "evidence": list(appeal.evidence.select_related("file")), "revoke_link": services.revocation_link(appeal),
        "note_form": NoteForm(), "decide_form": DecideForm()})


def _handle(request, pk: int, call, success: str):
    appeal = _appeal(request, pk)
    if not services.can_handle(request.user, appeal):
        raise Http404
    try:
        call(appeal)
    except Refusal as exc:
        for p in exc.problems:
            messages.error(request, p)
    else:
        messages.success(request, success)
    return redirect("appeal_detail", appeal.pk)


@login_required
@require_POST
def accept(request, pk: int):
    return _handle(request, pk, lambda a: services.accept(request.user, a, note=request.POST.get("note", ""),
                                                          ip=client_ip(request)), "已受理。")


@login_required
@require_POST
def step(request, pk: int):
    return _handle(request, pk, lambda a: services.add_step(request.user, a, note=request.POST.get("note", ""),
                                                            ip=client_ip(request)), "已登记处理过程。")


@login_required
@require_POST
def decide(request, pk: int):
    return _handle(request, pk, lambda a: services.decide(
        request.user, a, outcome=request.POST.get("outcome", ""), reason=request.POST.get("reason", ""),
        fraud_found=request.POST.get("fraud_found") in ("on", "1", "true"), ip=client_ip(request)), "已办结。")


@login_required
def evidence(request, pk: int, file_id: int):
    appeal = _appeal(request, pk)
    item = get_object_or_404(appeal.evidence.select_related("file"), file_id=file_id)
    return serve(item.file)


@login_required
def handling(request):
    """The host's (or provincial office's) list: newest first, paged ids first."""
    if not services.is_handler(request.user):
        raise PermissionDenied("只有评委会组建单位和省职改办可以办理复查申请和投诉。")
    ordered = services.handled_appeals(request.user).order_by("-filed_at", "-id")
    status = request.GET.get("status", "")
    if status in Appeal.Status.values:
        ordered = ordered.filter(status=status)
    rows = Appeal.objects.select_related("application__applicant", "application__unit", "application__title")
    page = paginate(request, IdsFirst(ordered, rows))
    return render(request, "results/appeals/handling.html", {"page": page, "status": status,
                                                             "statuses": Appeal.Status.choices})
