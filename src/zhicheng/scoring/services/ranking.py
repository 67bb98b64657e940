"""§二(五)(六) aggregation and the ranking sheet (量化评分推荐排名表): each application's value per category,
the total, the rank with tie-break and 并列, and the (series, level) groups of a campaign."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from zhicheng.campaigns.models import Campaign
from zhicheng.codes.models import Level, Series
from zhicheng.dossier.models import Application
from zhicheng.workflow.states import State, reachable_from

from .. import rules
from ..models import Category, CollectiveDecision, Quota, Scheme, Score
from .scheme import scheme_for

TWO = Decimal("0.01")

# Applications that belong on a ranking sheet: scoring finished, whatever came after.
SHEET_STATES = reachable_from(State.SCORED) - {State.DRAFT, State.SUBMITTED, State.RETURNED, State.WITHDRAWN,
                                                State.UNIT_VERIFIED}


# ---------------------------------------------------------------- aggregation
def aggregate(values: list[Decimal], method: str) -> Decimal | None:
    """Mean, or (trimmed, with at least 5 values) the mean without one highest and one lowest; 2 decimals."""
    if not values:
        return None
    vals = sorted(values)
    if method == Scheme.Aggregation.TRIMMED and len(vals) >= 5:
        vals = vals[1:-1]
    return (sum(vals, Decimal(0)) / len(vals)).quantize(TWO, rounding=ROUND_HALF_UP)


@dataclass
class Row:
    app: Application
    cells: dict = field(default_factory=dict)  # code → Decimal | None
    working: dict = field(default_factory=dict)  # code → text (computed categories)
    total: Decimal = Decimal(0)
    rank: int = 0
    tied: bool = False
    complete: bool = True


def score_rows(scheme: Scheme, apps: list[Application]) -> list[Row]:
    """Each application's value per category and total (a fixed number of queries)."""
    cats = list(scheme.categories.all())
    facts = rules.load_facts(a.pk for a in apps)
    by_app: dict[int, dict[int, list[Decimal]]] = {}
    for app_id, cat_id, pts in Score.objects.filter(
            assignment__application__in=[a.pk for a in apps], assignment__submitted_at__isnull=False
    ).values_list("assignment__application_id", "category_id", "points"):
        by_app.setdefault(app_id, {}).setdefault(cat_id, []).append(pts)
    out = []
    for app in apps:
        row = Row(app)
        for c in cats:
            if c.method == Category.Method.RULE:
                pts, working = rules.compute(c, facts[app.pk], app.campaign.year)
                row.cells[c.code] = pts.quantize(TWO, rounding=ROUND_HALF_UP)
                row.working[c.code] = working
            else:
                row.cells[c.code] = aggregate(by_app.get(app.pk, {}).get(c.pk, []), scheme.aggregation)
                row.complete &= row.cells[c.code] is not None
        row.total = sum((v for v in row.cells.values() if v is not None), Decimal(0)).quantize(TWO)
        out.append(row)
    return out


def rank_rows(rows: list[Row], tie_break: list[str]) -> list[Row]:
    """By total, then the declared tie-break categories; rows still equal share a rank (并列)."""
    def key(r):
        return (r.total, *[(r.cells.get(code) or Decimal(0)) for code in tie_break])

    rows = sorted(rows, key=lambda r: (tuple(-v for v in key(r)), r.app.applicant.real_name, r.app.pk))
    for i, r in enumerate(rows):
        if i and key(r) == key(rows[i - 1]):
            r.rank = rows[i - 1].rank
            r.tied = rows[i - 1].tied = True
        else:
            r.rank = i + 1
    return rows


@dataclass
class Sheet:
    campaign: Campaign
    series: Series
    level: str
    scheme: Scheme
    categories: list
    rows: list[Row]
    quota: Quota | None
    decision: CollectiveDecision | None

    @property
    def level_label(self) -> str:
        return Level(self.level).label

    @property
    def title(self) -> str:
        return "申报晋升人员量化评分推荐排名表"


def sheet_applications(campaign, series_id, level, states=SHEET_STATES):
    return list(Application.objects.filter(campaign=campaign, series_id=series_id, level=level, state__in=states)
                .select_related("applicant", "title", "campaign"))


def ranking_sheet(campaign: Campaign, series: Series, level: str) -> Sheet:
    scheme = scheme_for(campaign, series.pk, level)
    apps = sheet_applications(campaign, series.pk, level)
    rows = rank_rows(score_rows(scheme, apps), scheme.tie_break)
    decision = (CollectiveDecision.objects.filter(campaign=campaign, series=series, level=level)
                .prefetch_related("entries", "leaders_present").first())
    quota = Quota.objects.filter(campaign=campaign, series=series, level=level).first()
    if decision:
        entries = {e.application_id: e for e in decision.entries.all()}
        for r in rows:
            r.entry = entries.get(r.app.pk)
    return Sheet(campaign, series, level, scheme, list(scheme.categories.all()), rows, quota, decision)


def groups(campaign: Campaign) -> list[tuple[Series, str, str]]:
    """The (series, level) groups of the campaign's applications in the unit's hands (§二)."""
    # order_by(): the model's default ordering would join DISTINCT and give one "group" per application
    pairs = set(Application.objects.filter(campaign=campaign).exclude(state__in=[State.DRAFT, State.WITHDRAWN])
                .order_by().values_list("series_id", "level").distinct())
    series = Series.objects.in_bulk({s for s, _ in pairs})
    return sorted([(series[s], lv, Level(lv).label) for s, lv in pairs], key=lambda g: (g[0].sort, g[1]))
