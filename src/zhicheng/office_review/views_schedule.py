"""审查时间安排: the office's reviewers set the §三 deadlines of a year (schedule.set_step), in working days."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from zhicheng.http import client_ip
from zhicheng.orgs.roles import Role
from zhicheng.orgs.scope import orgs_for_role

from . import schedule
from .models import OfficeSchedule

Step = OfficeSchedule.Step


class StepForm(forms.Form):
    step = forms.ChoiceField(label="环节", choices=Step.choices, error_messages={
        "required": "请选择环节。", "invalid_choice": "未知的环节。"})
    starts_on = forms.DateField(label="开始日期", widget=forms.DateInput(attrs={"type": "date"}), error_messages={
        "required": "请填写开始日期。", "invalid": "开始日期格式不正确，应为 2026-11-26。"})
    working_days = forms.IntegerField(label="工作日数", error_messages={
        "required": "请填写工作日数。", "invalid": "工作日数应为整数。"})


def _office_and_year(request):
    """The reviewer's office (?office= when they review for several; another office is a 404) and the year."""
    offices = orgs_for_role(request.user, Role.OFFICE_REVIEWER)
    if not offices:
        raise PermissionDenied("只有主管部门的审核人员可以设置审查时间安排。")
    wanted = request.GET.get("office")
    office = offices[0] if not wanted else next((o for o in offices if str(o.pk) == wanted), None)
    if office is None:
        raise Http404
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        raise Http404 from None
    if not 2000 <= year <= 2100:
        raise Http404
    return offices, office, year


@login_required
def schedule_page(request):
    offices, office, year = _office_and_year(request)
    errors: list[str] = []
    form = StepForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                row = schedule.set_step(request.user, office, year, d["step"], starts_on=d["starts_on"],
                                        working_days=d["working_days"], ip=client_ip(request))
            except schedule.ScheduleError as exc:
                if exc.forbidden:
                    raise PermissionDenied("；".join(exc.problems)) from None
                errors = exc.problems
            else:
                messages.success(request, f"已设置{row.get_step_display()}：{_span(row)}。")
                return redirect(f"{request.path}?office={office.pk}&year={year}")
        else:
            errors = [e for errs in form.errors.values() for e in errs]
    rows = {r.step: r for r in OfficeSchedule.objects.filter(office=office, year=year)}
    steps = [(value, label, rows.get(value)) for value, label in Step.choices]
    return render(request, "office_review/schedule_page.html", {
        "offices": offices, "office": office, "year": year, "steps": steps, "form": form, "errors": errors,
        "today": timezone.localdate()})


def _span(row) -> str:
    from zhicheng.workdays.formats import cn_date

    return f"{cn_date(row.starts_on)}起{row.working_days}个工作日，至{cn_date(row.ends_on)}截止"
