"""统计 pages: the dashboard (tables and inline SVG bar charts) and its XLSX export; other roles get 403."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render

from zhicheng.audit.services import record
from zhicheng.http import client_ip, int_param

from . import services


def _dashboard(request) -> services.Dashboard:
    if not services.can_view_statistics(request.user):
        raise PermissionDenied("只有主管部门、评委会组建单位和省职改办可以查看统计。")
    return services.dashboard(request.user, year=int_param(request.GET.get("year")))


@login_required
def dashboard(request):
    d = _dashboard(request)
    charts = [("按环节", "chart-stage", services.bar_chart(d.by_stage)),
              ("按系列", "chart-series", services.bar_chart(d.by_series)),
              ("按级别", "chart-level", services.bar_chart(d.by_level)),
              ("按单位", "chart-unit", services.bar_chart(d.by_unit))]
    return render(request, "statistics/dashboard.html", {"d": d, "charts": charts,
                                                         "overdue_listed": services.OVERDUE_LISTED})


@login_required
def export(request):
    d = _dashboard(request)
    record("statistics_exported", actor=request.user, ip=client_ip(request), details={"year": d.year})
    response = HttpResponse(services.export_xlsx(d),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    name = f"统计-{d.year}年度.xlsx" if d.year else "统计-全部年度.xlsx"
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
