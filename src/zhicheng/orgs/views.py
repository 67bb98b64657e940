"""人员账号: unit HR and the office make and reset their people's accounts (thin: the rules are in accounts.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from zhicheng.errors import Refusal
from zhicheng.http import client_ip, int_param, paginate

from . import accounts, roster
from .forms import PersonForm, RosterForm
from .models import RoleAssignment


def _units(request):
    units = accounts.manageable_units(request.user)
    if not units.exists():
        raise PermissionDenied("只有单位人事和主管部门审核人员可以管理人员账号。")
    return units


@login_required
def people(request):
    units = _units(request)
    qs = accounts.people(request.user).prefetch_related(
        Prefetch("role_assignments", queryset=RoleAssignment.objects.select_related("organization")))
    unit = int_param(request.GET.get("unit"))
    if unit:
        qs = qs.filter(role_assignments__organization_id=unit).distinct()
    q = (request.GET.get("q") or "").strip()[:50]
    if q:
        qs = qs.filter(Q(real_name__contains=q) | Q(username=q))
    return render(request, "orgs/people.html", {
        "page": paginate(request, qs.order_by("real_name", "pk")), "units": units, "unit": unit, "q": q})


def _slips(request, issued, title):
    """The one time a password is shown: this answer (no-store) and its printed slips; never stored."""
    return render(request, "orgs/slips.html", {"issued": issued, "title": title})


@login_required
def person_create(request):
    units = _units(request)
    form = PersonForm(request.POST or None, units=units, initial={"unit": units.first()})
    if request.method == "POST" and form.is_valid():
        try:
            issued = accounts.create_person(request.user, unit=form.cleaned_data["unit"],
                                            real_name=form.cleaned_data["real_name"],
                                            id_number=form.cleaned_data["id_number"],
                                            phone=form.cleaned_data["phone"], ip=client_ip(request))
        except Refusal as exc:
            for name, msgs in exc.fields.items():
                for m in msgs:
                    form.add_error(name if name in form.fields else None, m)
            if not exc.fields:
                for p in exc.problems:
                    form.add_error(None, p)
        else:
            return _slips(request, [issued], "账号已创建")
    return render(request, "orgs/person_form.html", {"form": form})


@login_required
def roster_import(request):
    units = _units(request)
    form = RosterForm(request.POST or None, request.FILES or None, units=units, initial={"unit": units.first()})
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            rows = roster.read_roster(form.cleaned_data["roster"])
            result = accounts.import_people(request.user, unit=form.cleaned_data["unit"], rows=rows,
                                            good_rows=form.cleaned_data["good_rows"], ip=client_ip(request))
        except Refusal as exc:
            problems = exc.problems
        else:
            return render(request, "orgs/slips.html", {
                "issued": result.issued, "problems": result.problems,
                "title": f"已导入{len(result.issued)}人" + (f"，{len(result.problems)}行有误未导入" if result.problems else "")})
    return render(request, "orgs/roster_form.html", {"form": form, "problems": problems})


@login_required
def roster_template(request):
    _units(request)
    response = HttpResponse(roster.template(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = "attachment; filename*=UTF-8''%E4%BA%BA%E5%91%98%E5%90%8D%E5%86%8C%E6%A8%A1%E6%9D%BF.xlsx"
    return response


@login_required
@require_POST
def password_reset(request, pk):
    _units(request)
    person = get_object_or_404(accounts.people(request.user), pk=pk)  # out of scope: not found
    try:
        issued = accounts.reset_password(request.user, person, ip=client_ip(request))
    except Refusal as exc:
        for p in exc.problems:
            messages.error(request, p)
        return redirect("people")
    return _slips(request, [issued], "密码已重置")
