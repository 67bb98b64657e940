"""Thin pages of §三(一) 资格预审: the office's batches, a batch, one applicant's pre-review; the unit's correction
page (补充公示, 重新报送). Fetch within scope (another office's records are 404), call a service, render."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from zhicheng.dossier import models as dm
from zhicheng.dossier import sections as sec
from zhicheng.dossier.permissions import record_refusal
from zhicheng.errors import Refusal
from zhicheng.http import IdsFirst, client_ip, paginate
from zhicheng.orgs.roles import Role
from zhicheng.orgs.scope import is_unit_hr_of, orgs_for_role
from zhicheng.orgs.validators import mask_id_number
from zhicheng.unit_submission.models import SubmissionEntry, UnitSubmission
from zhicheng.workflow.states import UPWARD_STATES, State

from . import prereview
from .prereview import SECTION_CHOICES, PassForm

REASON_ROWS = 6
COUNTED = [("submitted", State.UNIT_SUBMITTED), ("returned", State.PREREVIEW_RETURNED),
           ("passed", State.PREREVIEW_PASSED), ("abandoned", State.ABANDONED)]


def office_q(user, prefix: str = "") -> Q | None:
    """The units under the user's offices (as a filter on `prefix`unit), or None: not an office reviewer."""
    offices = orgs_for_role(user, Role.OFFICE_REVIEWER)
    if not offices:
        return None
    q = Q(pk__in=[])
    for o in offices:
        q |= Q(**{f"{prefix}unit__path__startswith": o.path})
    return q


def office_batches(user):
    q = office_q(user)
    if q is None:
        return UnitSubmission.objects.none()
    counts = {f"n_{name}": Count("entries", filter=Q(entries__application__state=state)) for name, state in COUNTED}
    return (UnitSubmission.objects.filter(q).select_related("campaign", "unit", "submitted_by")
            .annotate(n_total=Count("entries"), n_unadmitted=Count("entries", filter=Q(entries__application=None)),
                      **counts).order_by("-submitted_at", "-id"))


def batch_or_404(user, pk: int) -> UnitSubmission:
    q = office_q(user)
    if q is None:
        raise Http404
    return get_object_or_404(UnitSubmission.objects.filter(q).select_related("campaign", "unit", "submitted_by"), pk=pk)


def _masked(e: SubmissionEntry) -> SubmissionEntry:
    e.masked_id = mask_id_number(e.id_number)
    return e


def batch_entries(sub: UnitSubmission) -> list[SubmissionEntry]:
    return [_masked(e) for e in sub.entries.select_related("title", "application").order_by("order", "id")]


# A batch's page: only the columns shown (the application's state, not its dossier).
ENTRY_ROWS = SubmissionEntry.objects.select_related("title", "application").only(
    "id", "order", "name", "id_number", "level", "specialty", "application_id", "title__name",
    "application__id", "application__state")
ENTRIES_PER_PAGE = 50


def app_or_404(request, pk: int) -> dm.Application:
    app = get_object_or_404(dm.Application.objects.select_related("applicant", "unit", "campaign", "title", "series"),
                            pk=pk)
    if prereview.office_reviewer(request.user, app) is None or app.state not in UPWARD_STATES:
        record_refusal(request.user, app, client_ip(request), request.path)
        raise Http404
    return app


class ReasonsForm(forms.Form):
    """Every reason at once: rows of text and the sections each concerns, and the override confirmation."""

    override = forms.BooleanField(label="确认仍就未修改的材料提出新的问题（将记录在案）", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(REASON_ROWS):
            self.fields[f"reason_{i}"] = forms.CharField(label=f"原因{i + 1}", required=False, max_length=500,
                                                         widget=forms.Textarea(attrs={"rows": 2}))
            self.fields[f"sections_{i}"] = forms.MultipleChoiceField(
                label="涉及部分", required=False, choices=SECTION_CHOICES, widget=forms.CheckboxSelectMultiple)

    def rows(self):
        return [(self[f"reason_{i}"], self[f"sections_{i}"]) for i in range(REASON_ROWS)]

    def items(self) -> list[dict]:
        return [{"reason": self.cleaned_data[f"reason_{i}"], "sections": self.cleaned_data[f"sections_{i}"]}
                for i in range(REASON_ROWS)]


def _errors(request, exc: Refusal) -> None:
    for p in exc.problems:
        messages.error(request, p)


@login_required
def batch_list(request):
    if office_q(request.user) is None:
        raise Http404
    # ids (newest first) through the (-submitted_at, -id) index, then the entry counts of the page's batches only
    ordered = UnitSubmission.objects.filter(office_q(request.user)).order_by("-submitted_at", "-id")
    page = paginate(request, IdsFirst(ordered, office_batches(request.user)))
    return render(request, "office_review/prereview_batches.html", {"page": page})


@login_required
def batch_page(request, pk: int):
    sub = batch_or_404(request.user, pk)
    entries = IdsFirst(sub.entries.order_by("order", "id"), ENTRY_ROWS, _masked)
    page = paginate(request, entries, per_page=ENTRIES_PER_PAGE)
    return render(request, "office_review/prereview_batch.html", {"sub": sub, "page": page})


@login_required
@require_POST
def admit(request, pk: int, entry: int):
    sub = batch_or_404(request.user, pk)
    row = get_object_or_404(SubmissionEntry, pk=entry, submission=sub)
    try:
        app = prereview.admit_paper_entry(request.user, row, ip=client_ip(request))
    except Refusal as exc:
        _errors(request, exc)
        return redirect("prereview_batch", sub.pk)
    return redirect("prereview_application", app.pk)


def _summary(app) -> list[dict]:
    v = prereview.last_version(app)
    if v is None:
        return []
    return [{"label": s.label, "rows": ["；".join(f"{k}：{val}" for k, val in r["fields"].items() if val)
                                        for r in v.snapshot.get(s.key, [])]} for s in sec.SECTIONS]


def _page(request, app, *, reasons=None, pass_form=None, status=200):
    paper = prereview.is_paper(app)
    ctx = {"app": app, "paper": paper, "version": prereview.last_version(app), "summary": _summary(app),
           "report": None if paper else prereview.eligibility_report(app),
           "returns": list(prereview.prereview_returns(app).order_by("created_at", "id")),
           "reasons": reasons or ReasonsForm(), "pass_form": pass_form or PassForm(),
           "masked_id": mask_id_number(app.applicant.id_number or ""),
           "deadline": prereview.deadline_of(app), "actionable": app.state == State.UNIT_SUBMITTED}
    return render(request, "office_review/prereview_application.html", ctx, status=status)


@login_required
def application_page(request, pk: int):
    return _page(request, app_or_404(request, pk))


@login_required
@require_POST
def return_view(request, pk: int):
    app = app_or_404(request, pk)
    form = ReasonsForm(request.POST)
    if not form.is_valid():
        return _page(request, app, reasons=form, status=422)
    try:
        prereview.prereview_return(request.user, app, items=form.items(), override=form.cleaned_data["override"],
                                   ip=client_ip(request))
    except Refusal as exc:
        _errors(request, exc)
        return _page(request, app, reasons=form, status=exc.status)
    messages.success(request, "已一次性告知预审不通过的全部原因，申报已退回补正。")
    return redirect("prereview_application", app.pk)


@login_required
@require_POST
def pass_view(request, pk: int):
    app = app_or_404(request, pk)
    form = PassForm(request.POST)
    if not form.is_valid():
        return _page(request, app, pass_form=form, status=422)
    try:
        result = prereview.prereview_pass(request.user, app, ip=client_ip(request), **form.cleaned_data)
    except Refusal as exc:
        _errors(request, exc)
        return _page(request, app, pass_form=form, status=exc.status)
    if result.password:  # shown once, never stored in clear
        response = render(request, "office_review/prereview_account.html",
                          {"app": result.application, "password": result.password,
                           "masked_id": mask_id_number(result.application.applicant.id_number or "")})
        response["Cache-Control"] = "private, no-store"
        return response
    messages.success(request, "预审通过，已开放网上申报并通知申报人。")
    return redirect("prereview_application", app.pk)


# --------------------------------------------------------------------------- the unit's correction

class SupplementaryForm(forms.Form):
    starts_on = forms.DateField(label="补充公示开始日期", widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label="补充公示结束日期", widget=forms.DateInput(attrs={"type": "date"}))
    scan = forms.FileField(label="补充公示扫描件")


def hr_app_or_404(request, pk: int) -> dm.Application:
    app = get_object_or_404(dm.Application.objects.select_related("applicant", "unit", "campaign", "title"), pk=pk)
    if not is_unit_hr_of(request.user, app.unit):
        record_refusal(request.user, app, client_ip(request), request.path)
        raise Http404
    return app


def _correction(request, app, form=None, status=200):
    return render(request, "office_review/prereview_correction.html",
                  {"app": app, "record": prereview.open_return(app), "form": form or SupplementaryForm(),
                   "notices": list(app.supplementary_notices.all()), "deadline": prereview.deadline_of(app)},
                  status=status)


@login_required
def correction_page(request, pk: int):
    app = hr_app_or_404(request, pk)
    if request.method != "POST":
        return _correction(request, app)
    form = SupplementaryForm(request.POST, request.FILES)
    if not form.is_valid():
        return _correction(request, app, form, 422)
    try:
        prereview.record_supplementary_notice(request.user, app, ip=client_ip(request), **form.cleaned_data)
    except Refusal as exc:
        _errors(request, exc)
        return _correction(request, app, form, exc.status)
    messages.success(request, "已登记补充公示。")
    return redirect("prereview_correction", app.pk)


@login_required
@require_POST
def resubmit_view(request, pk: int):
    app = hr_app_or_404(request, pk)
    try:
        prereview.resubmit_prereview(request.user, app, ip=client_ip(request))
    except Refusal as exc:
        _errors(request, exc)
        return _correction(request, app, status=exc.status)
    messages.success(request, "已补正并重新报送主管部门。")
    return redirect("prereview_correction", app.pk)
