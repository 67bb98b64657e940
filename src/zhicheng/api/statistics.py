"""统计 (/api/v1/statistics): the dashboard's figures for the actor's data scope, as on the page; offices,
committee hosts and the provincial office only (others 403)."""

from __future__ import annotations

from ninja import Router, Schema

from zhicheng.statistics import services

from .common import Problem

router = Router(tags=["统计"])


class RowOut(Schema):
    key: str
    label: str
    total: int
    decided: int
    passed: int
    failed: int
    rate: float | None = None


class OverdueOut(Schema):
    id: int
    applicant: str
    unit: str
    state: str
    deadline: str | None = None


class DashboardOut(Schema):
    year: int | None = None
    years: list[int]
    total: int
    overall: RowOut
    by_stage: list[RowOut]
    by_state: list[RowOut]
    by_series: list[RowOut]
    by_level: list[RowOut]
    by_unit: list[RowOut]
    overdue_count: int
    overdue: list[OverdueOut]


def _row(r: services.Row) -> dict:
    return {"key": r.key, "label": r.label, "total": r.total, "decided": r.decided, "passed": r.passed,
            "failed": r.failed, "rate": r.rate}


@router.get("", response={200: DashboardOut, 403: Problem}, summary="统计（本人数据范围内的申报）")
def dashboard(request, year: int | None = None):
    if year is not None and not 0 < year <= 9999:  # refused like "abc", not taken as every year
        message = "年度须为有效的年份，如2026；不填则统计全部年度。"
        raise services.StatisticsRefusal(message, {"year": [message]})
    d = services.dashboard(request.auth, year=year)
    return {"year": d.year, "years": d.years, "total": d.total, "overall": _row(d.overall),
            **{k: [_row(r) for r in getattr(d, k)] for k in ("by_stage", "by_state", "by_series", "by_level",
                                                              "by_unit")},
            "overdue_count": d.overdue_count,
            "overdue": [{"id": a.pk, "applicant": a.applicant.real_name, "unit": a.unit.name, "state": a.state,
                         "deadline": deadline.isoformat() if deadline else None} for a, deadline in d.overdue]}
