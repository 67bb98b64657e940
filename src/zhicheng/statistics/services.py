"""统计 (dashboard) of the applications in the actor's data scope: counts by seed stage and state, by series,
level and unit, pass rates and overdue corrections. Every figure is one GROUP BY statement: the number of
queries does not depend on the number of applications."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from zhicheng.codes.models import Level
from zhicheng.dossier.models import ReturnRecord
from zhicheng.dossier.permissions import visible_applications
from zhicheng.errors import Refusal
from zhicheng.orgs.roles import Role
from zhicheng.orgs.scope import Decision, assignments
from zhicheng.workflow.states import State

S = State
# The seed's stages (as the comments of workflow/states.State group the states); side exits apart.
STAGES: list[tuple[str, str, tuple[str, ...]]] = [
    ("§一", "提出申请", (S.DRAFT, S.SUBMITTED, S.RETURNED)),
    ("§二", "用人单位审核推荐", (S.UNIT_VERIFIED, S.SCORED, S.RECOMMENDED, S.NOT_RECOMMENDED, S.IN_NOTICE,
                          S.UNDER_INVESTIGATION, S.NOTICE_PASSED, S.DISQUALIFIED, S.UNIT_SUBMITTED)),
    ("§三", "审查上报", (S.PREREVIEW_RETURNED, S.PREREVIEW_PASSED, S.ONLINE_SUBMITTED, S.ONLINE_RETURNED,
                     S.ONLINE_PASSED, S.OFFICE_ENDORSED)),
    ("§四", "资格审查与评审", (S.SPOT_CHECK, S.SPOT_RETURNED, S.HOST_REVIEW, S.HOST_RETURNED, S.IN_COMMITTEE,
                        S.PASSED, S.FAILED)),
    ("§五", "结果公示、备案核准、发文", (S.RESULT_NOTICE, S.RESULT_REPORTED, S.RESULT_REFUSED, S.RESULT_FILED,
                              S.RESULT_APPROVED, S.ISSUED, S.REVOKED)),
    ("—", "已撤回或放弃", (S.WITHDRAWN, S.ABANDONED)),
]
STAGE_OF = {state: code for code, _label, states in STAGES for state in states}

# Decided by the committee: passed (and every later state of a pass) or failed.
PASSED_STATES = frozenset({S.PASSED, S.RESULT_NOTICE, S.RESULT_REPORTED, S.RESULT_REFUSED, S.RESULT_FILED,
                           S.RESULT_APPROVED, S.ISSUED, S.REVOKED})
FAILED_STATES = frozenset({S.FAILED})
# §三/§四 returns with a correction deadline (一次性告知): overdue while the return is open past its deadline.
CORRECTION_STATES = frozenset({S.PREREVIEW_RETURNED, S.ONLINE_RETURNED, S.SPOT_RETURNED, S.HOST_RETURNED})
OVERDUE_LISTED = 50

DASHBOARD_ROLES = (Role.OFFICE_REVIEWER, Role.COMMITTEE_HOST, Role.PROVINCIAL_OFFICE)


class StatisticsRefusal(Refusal):
    """Statistics asked by a role that has none."""


def can_view_statistics(user) -> Decision:
    for a in assignments(user):
        if a.role in DASHBOARD_ROLES:
            return Decision(True, assignment=a)
    return Decision(False, "只有主管部门、评委会组建单位和省职改办可以查看统计。")


@dataclass
class Row:
    """One line of a breakdown: its label, the applications, and the committee's decisions among them."""

    key: str
    label: str
    total: int
    passed: int = 0
    failed: int = 0

    @property
    def decided(self) -> int:
        return self.passed + self.failed

    @property
    def rate(self) -> float | None:
        return round(self.passed * 100 / self.decided, 1) if self.decided else None

    @property
    def rate_text(self) -> str:
        return "—" if self.rate is None else f"{self.rate:.1f}%"


@dataclass
class Dashboard:
    year: int | None
    years: list[int]
    total: int
    by_stage: list[Row]
    by_state: list[Row]
    by_series: list[Row]
    by_level: list[Row]
    by_unit: list[Row]
    overall: Row
    overdue_count: int
    overdue: list = field(default_factory=list)  # the first OVERDUE_LISTED: (application, deadline)


def scoped(actor, year: int | None = None):
    """The applications of the actor's data scope (the same record rules as every list), of one year."""
    allowed = can_view_statistics(actor)
    if not allowed:
        raise StatisticsRefusal(allowed.reason, forbidden=True)
    qs = visible_applications(actor)
    return qs.filter(campaign__year=year) if year else qs


def _decisions():
    return {"total": Count("id"), "passed": Count("id", filter=Q(state__in=PASSED_STATES)),
            "failed": Count("id", filter=Q(state__in=FAILED_STATES))}


def _rows(qs, key: str, label: str) -> list[Row]:
    # order_by() drops the model's default ordering, which would otherwise join the GROUP BY
    rows = qs.order_by().values(key, label).annotate(**_decisions()).order_by(label, key)
    return [Row(str(r[key]), r[label] or "—", r["total"], r["passed"], r["failed"]) for r in rows]


def dashboard(actor, *, year: int | None = None, today: datetime.date | None = None) -> Dashboard:
    """The actor's figures: a fixed number of statements whatever the data size."""
    qs = scoped(actor, year)
    today = today or timezone.localdate()
    years = sorted(set(visible_applications(actor).order_by().values_list("campaign__year", flat=True)
                       .distinct()), reverse=True)
    counts = dict(qs.order_by().values_list("state").annotate(n=Count("id")))
    by_state = [Row(s.value, s.label, counts.get(s.value, 0)) for s in State if counts.get(s.value)]
    by_stage = [Row(code, f"{code} {label}" if code != "—" else label, sum(counts.get(s, 0) for s in states))
                for code, label, states in STAGES]
    by_series = _rows(qs, "series_id", "series__name")
    levels = dict(Level.choices)
    by_level = [Row(r.key, levels.get(r.key, r.key), r.total, r.passed, r.failed)
                for r in _rows(qs, "level", "level")]
    order = list(levels)
    by_level.sort(key=lambda r: order.index(r.key) if r.key in order else len(order))
    by_unit = _rows(qs, "unit_id", "unit__name")
    passed = sum(counts.get(s, 0) for s in PASSED_STATES)
    failed = sum(counts.get(s, 0) for s in FAILED_STATES)
    overall = Row("all", "合计", sum(counts.values()), passed, failed)
    late = overdue(qs, today)
    listed = list(late.select_related("applicant", "unit").order_by("pk")[:OVERDUE_LISTED])
    overdue_count = len(listed) if len(listed) < OVERDUE_LISTED else late.count()
    return Dashboard(year, years, overall.total, by_stage, by_state, by_series, by_level, by_unit, overall,
                     overdue_count, [(a, a.zc_deadline) for a in listed])


def overdue(qs, today: datetime.date):
    """Applications in a §三/§四 correction whose open return's deadline has passed (逾期未补正), with that
    deadline as `zc_deadline`."""
    open_late = ReturnRecord.objects.filter(application_id=OuterRef("pk"), resolved_at__isnull=True,
                                            deadline__lt=today)
    return (qs.filter(state__in=CORRECTION_STATES).filter(Exists(open_late))
            .annotate(zc_deadline=open_late.order_by("-deadline").values("deadline")[:1]))


# ----------------------------------------------------------------------------- charts and export


@dataclass
class Bar:
    label: str
    value: int
    y: int
    width: int
    text: str


def bar_chart(rows: list[Row], *, width: int = 640, bar_height: int = 22, label_width: int = 200) -> dict:
    """A horizontal bar chart as numbers for an inline SVG (server-side, no script): one bar per row, the
    longest as wide as the drawing area."""
    area = width - label_width - 60
    top = max((r.total for r in rows), default=0) or 1
    bars = [Bar(r.label, r.total, i * (bar_height + 8), round(area * r.total / top), f"{r.label}：{r.total}")
            for i, r in enumerate(rows)]
    return {"bars": bars, "width": width, "height": max(len(bars) * (bar_height + 8), bar_height),
            "bar_height": bar_height, "label_width": label_width, "text_dy": bar_height // 2 + 5}


EXPORT_HEADERS = ("分类", "项目", "申报数", "已评审", "评审通过", "评审未通过", "通过率")


def export_rows(d: Dashboard) -> list[list]:
    rows: list[list] = []
    for group, items in [("环节", d.by_stage), ("状态", d.by_state), ("系列", d.by_series), ("级别", d.by_level),
                         ("单位", d.by_unit), ("合计", [d.overall])]:
        for r in items:
            decided = [r.decided, r.passed, r.failed, r.rate_text] if group != "环节" and group != "状态" else [
                "", "", "", ""]
            rows.append([group, r.label, r.total, *decided])
    rows.append(["逾期未补正", "§三、§四一次性告知逾期", d.overdue_count, "", "", "", ""])
    return rows


def export_xlsx(d: Dashboard) -> bytes:
    from zhicheng.documents.xlsx import workbook

    return workbook("统计", EXPORT_HEADERS, export_rows(d), (12, 36, 10, 10, 10, 12, 10))
