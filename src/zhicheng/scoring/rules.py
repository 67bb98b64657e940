"""Categories computed from the dossier by a rule table (data on the category): each returns the points and
the working shown next to them ("本科学士 → 10分")."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from zhicheng.codes.models import get_param
from zhicheng.dossier import models as m


@dataclass
class DossierFacts:
    """What the rules read from one dossier (loaded for many dossiers at once)."""

    professional_start: datetime.date | None = None
    education: list[tuple[str, str, str]] = field(default_factory=list)  # (code, name, degree)
    assessments: list[tuple[int, str, str]] = field(default_factory=list)  # (year, result code, result name)
    training: list[tuple[int, int]] = field(default_factory=list)  # (year, hours)


def load_facts(app_ids) -> dict[int, DossierFacts]:
    """Four queries whatever the number of dossiers."""
    app_ids = list(app_ids)
    facts = {pk: DossierFacts() for pk in app_ids}
    for app_id, start in m.BasicInfo.objects.filter(application_id__in=app_ids).values_list(
            "application_id", "professional_start_date"):
        facts[app_id].professional_start = start
    for app_id, code, name, degree in m.Education.objects.filter(application_id__in=app_ids).values_list(
            "application_id", "education_level__code", "education_level__name", "degree"):
        facts[app_id].education.append((code, name, degree))
    for app_id, year, code, name in m.AnnualAssessment.objects.filter(application_id__in=app_ids).values_list(
            "application_id", "year", "result__code", "result__name"):
        facts[app_id].assessments.append((year, code, name))
    for app_id, year, hours in m.ContinuingEducation.objects.filter(application_id__in=app_ids).values_list(
            "application_id", "year", "hours"):
        facts[app_id].training.append((year, hours))
    return facts


def _d(value) -> Decimal:
    try:
        d = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return Decimal(0)
    return d if d.is_finite() and 0 <= d <= 1000 else Decimal(0)


def _int(value) -> int:
    try:
        return max(int(str(value)), 0)
    except ValueError:
        return 0


def _fmt(value: Decimal) -> str:
    return f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}"


def compute(category, facts: DossierFacts, campaign_year: int) -> tuple[Decimal, str]:
    fn = {"education": _education, "years": _years, "assessment": _assessment, "training": _training}.get(
        category.rule)
    if fn is None:
        return Decimal(0), "未设置计算规则"
    points, working = fn(category.rule_table or [], facts, campaign_year)
    if points > category.max_points:
        working += f"（超过满分，按{_fmt(category.max_points)}分计）"
        points = category.max_points
    return points, working


def _education(table, facts, year):
    best = None
    for code, _name, degree in facts.education:
        for row in table:
            if code.startswith(str(row.get("education", ""))) and row.get("degree", "") in ("", degree):
                pts = _d(row.get("points"))
                if best is None or pts > best[0]:
                    best = (pts, row.get("label") or _name)
                break  # the first matching row of the table is this record's value
    if best is None:
        return Decimal(0), "无符合规则的学历 → 0分"
    return best[0], f"{best[1]} → {_fmt(best[0])}分"


def _years(table, facts, year):
    start = facts.professional_start
    if start is None:
        return Decimal(0), "未填写从事专业技术工作时间 → 0分"
    end = datetime.date(year, 12, 31)
    n = end.year - start.year - ((end.month, end.day) < (start.month, start.day))
    for row in sorted(table, key=lambda r: -_int(r.get("min_years", 0))):
        if n >= _int(row.get("min_years", 0)):
            pts = _d(row.get("points"))
            return pts, f"{start.year}年{start.month}月起{n}年（满{row.get('min_years', 0)}年） → {_fmt(pts)}分"
    return Decimal(0), f"{n}年 → 0分"


def _window(year: int) -> range:
    n = get_param("work_report_years")
    return range(year - n, year)


def _assessment(table, facts, year):
    by_code = {str(r.get("result")): r for r in table}
    window = _window(year)
    total, parts = Decimal(0), []
    for y, code, name in sorted(facts.assessments):
        if y not in window:
            continue
        pts = _d(by_code.get(code, {}).get("points", 0))
        total += pts
        parts.append(f"{y}年{name}{_fmt(pts)}")
    if not parts:
        return Decimal(0), "近年无考核记录 → 0分"
    return total, "，".join(parts) + f" → {_fmt(total)}分"


def _training(table, facts, year):
    window = _window(year)
    hours = sum(h for y, h in facts.training if y in window)
    for row in sorted(table, key=lambda r: -_int(r.get("min_hours", 0))):
        if hours >= _int(row.get("min_hours", 0)):
            pts = _d(row.get("points"))
            return pts, f"近{len(window)}年共{hours}学时（满{row.get('min_hours', 0)}学时） → {_fmt(pts)}分"
    return Decimal(0), f"近{len(window)}年共{hours}学时 → 0分"
