"""§二(五)(六) business rules: the scheme, assessors, scores, aggregation, finishing the scoring, the ranking
sheet, the quota and the collective decision. Plain functions taking `actor`, one transaction each."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from zhicheng.audit.services import record
from zhicheng.campaigns.models import Campaign, PanelMember
from zhicheng.codes.models import Level, Series, get_param
from zhicheng.dossier.models import Application
from zhicheng.errors import Refusal
from zhicheng.orgs.roles import Role
from zhicheng.orgs.scope import assignments, is_unit_hr_of
from zhicheng.workflow import todo
from zhicheng.workflow.services import transition_many
from zhicheng.workflow.states import State, reachable_from

from . import defaults, rules
from .models import Assignment, Category, CollectiveDecision, DecisionEntry, Quota, Relation, Scheme, Score

TWO = Decimal("0.01")
ONE = Decimal("0.1")

# Applications that belong on a ranking sheet: scoring finished, whatever came after.
SHEET_STATES = reachable_from(State.SCORED) - {State.DRAFT, State.SUBMITTED, State.RETURNED, State.WITHDRAWN,
                                                State.UNIT_VERIFIED}
DECLARE, SCORE = "scoring_declare", "scoring_score"


class ScoringError(Refusal):
    """A refused scoring step."""


# ---------------------------------------------------------------- who may
def require_hr(actor, campaign: Campaign):
    decision = is_unit_hr_of(actor, campaign.unit)
    if not decision:
        raise ScoringError(decision.reason, forbidden=True)
    return decision.assignment


def leader_assignment(actor, campaign: Campaign):
    for a in assignments(actor):
        if a.role == Role.UNIT_LEADER and a.organization_id == campaign.unit_id:
            return a
    return None


def require_decider(actor, campaign: Campaign):
    """Unit leader or unit HR of the campaign's unit (the roles of recommend / not_recommend)."""
    a = leader_assignment(actor, campaign) or is_unit_hr_of(actor, campaign.unit).assignment
    if a is None:
        raise ScoringError("只有本单位领导或人事工作人员可以记录集体研究决定。", forbidden=True)
    return a


def is_chair(actor, campaign: Campaign) -> bool:
    return PanelMember.objects.filter(campaign=campaign, user=actor, duty=PanelMember.Duty.LEADER).exists()


def in_scope(actor, campaign: Campaign) -> bool:
    """HR, leaders and panel members of the campaign's unit."""
    if is_unit_hr_of(actor, campaign.unit) or leader_assignment(actor, campaign):
        return True
    return PanelMember.objects.filter(campaign=campaign, user=actor).exists()


# ---------------------------------------------------------------- scheme
def campaign_scheme(campaign: Campaign) -> Scheme:
    """The campaign's scheme, created from the default table the first time it is needed."""
    scheme = Scheme.objects.filter(campaign=campaign, series__isnull=True).first()
    if scheme is None:
        try:
            scheme = _create_scheme(campaign, None, "", None)
        except IntegrityError:  # created meanwhile by another request
            scheme = Scheme.objects.get(campaign=campaign, series__isnull=True)
    return scheme


def _create_scheme(campaign, series, level, source: Scheme | None) -> Scheme:
    with transaction.atomic():
        if source is None:
            scheme = Scheme.objects.create(campaign=campaign, series=series, level=level,
                                           tie_break=list(defaults.TIE_BREAK))
            Category.objects.bulk_create([
                Category(scheme=scheme, code=code, name=name, order=i, max_points=Decimal(mx), method=method,
                         rule=rule, rule_table=table)
                for i, (code, name, mx, method, rule, table) in enumerate(defaults.CATEGORIES, 1)])
        else:
            scheme = Scheme.objects.create(campaign=campaign, series=series, level=level,
                                           aggregation=source.aggregation, tie_break=list(source.tie_break))
            Category.objects.bulk_create([
                Category(scheme=scheme, code=c.code, name=c.name, order=c.order, max_points=c.max_points,
                         method=c.method, rule=c.rule, rule_table=c.rule_table) for c in source.categories.all()])
    return scheme


def scheme_for(campaign: Campaign, series_id, level: str) -> Scheme:
    specific = Scheme.objects.filter(campaign=campaign, series_id=series_id, level=level).first()
    return specific or campaign_scheme(campaign)


def scheme_applications(scheme: Scheme):
    """The applications scored under this scheme."""
    qs = Application.objects.filter(campaign_id=scheme.campaign_id)
    if scheme.series_id:
        return qs.filter(series_id=scheme.series_id, level=scheme.level)
    specific = Scheme.objects.filter(campaign_id=scheme.campaign_id, series__isnull=False)
    for s in specific:
        qs = qs.exclude(series_id=s.series_id, level=s.level)
    return qs


def frozen(scheme: Scheme) -> bool:
    """Frozen once the first score under it has been submitted."""
    return Assignment.objects.filter(application__in=scheme_applications(scheme), submitted_at__isnull=False).exists()


def _not_frozen(scheme: Scheme) -> None:
    if frozen(scheme):
        raise ScoringError("已有评分人提交评分，量化赋分方案已冻结，不能再修改。")


def add_series_scheme(actor, campaign: Campaign, series: Series, level: str, *, ip=None) -> Scheme:
    """A scheme of its own for one series and level, copied from the campaign's."""
    require_hr(actor, campaign)
    if level not in Level.values:
        raise ScoringError("请选择级别。")
    if Scheme.objects.filter(campaign=campaign, series=series, level=level).exists():
        raise ScoringError("该系列和级别已有单独的量化赋分方案。")
    if Assignment.objects.filter(application__campaign=campaign, application__series=series,
                                 application__level=level, submitted_at__isnull=False).exists():
        raise ScoringError("该系列和级别已有评分人提交评分，不能再设置单独的方案。")
    scheme = _create_scheme(campaign, series, level, campaign_scheme(campaign))
    record("scoring_scheme_add", actor=actor, obj=scheme, role=Role.UNIT_HR, organization=campaign.unit, ip=ip,
           details={"series": series.name, "level": level})
    return scheme


def parse_points(raw, category, *, allow_blank=False) -> Decimal | None:
    """A score or a maximum: a number, not below zero, at most one decimal (Chinese message naming the category)."""
    text = str(raw if raw is not None else "").strip()
    if not text:
        if allow_blank:
            return None
        raise ScoringError(f"请填写“{category.name}”的分数。")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ScoringError(f"“{category.name}”的分数须为数字。") from None
    if not value.is_finite():
        raise ScoringError(f"“{category.name}”的分数须为数字。")
    if value > 1000:
        raise ScoringError(f"“{category.name}”的分数不能超过满分{rules._fmt(category.max_points)}分。")
    if value < 0:
        raise ScoringError(f"“{category.name}”的分数不能低于0分。")
    if value != value.quantize(ONE):
        raise ScoringError(f"“{category.name}”的分数最多保留一位小数。")
    return value


@transaction.atomic
def update_scheme(actor, scheme: Scheme, *, aggregation: str, tie_break: list[str], categories: dict, ip=None
                  ) -> Scheme:
    """categories: {category id: {"name", "max_points", "method", "rule_table"}}."""
    require_hr(actor, scheme.campaign)
    scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
    _not_frozen(scheme)
    problems = []
    if aggregation not in Scheme.Aggregation.values:
        problems.append("请选择分项汇总方式。")
    cats = {c.pk: c for c in scheme.categories.all()}
    codes = {c.code for c in cats.values()}
    bad = [code for code in tie_break if code not in codes]
    if bad:
        problems.append(f"同分排序依据中的分项不存在：{'、'.join(bad)}。")
    for pk, data in categories.items():
        c = cats.get(int(pk))
        if c is None:
            continue
        name = str(data.get("name", c.name)).strip()[:50]
        if not name:
            problems.append("分项名称不能为空。")
        c.name = name or c.name
        try:
            c.max_points = parse_points(data.get("max_points", c.max_points), c)
            if c.max_points <= 0:
                problems.append(f"“{c.name}”的满分须大于0分。")
        except ScoringError as e:
            problems += [p.replace("的分数", "的满分") for p in e.problems]
        method = data.get("method", c.method)
        if method not in Category.Method.values:
            problems.append(f"“{c.name}”的赋分方式无效。")
        elif method == Category.Method.RULE and not c.rule:
            problems.append(f"“{c.name}”没有可用的计算规则，只能由评分人打分。")
        else:
            c.method = method
        if "rule_table" in data:
            table = data["rule_table"]
            if not isinstance(table, list) or len(table) > 100 or not all(
                    isinstance(r, dict) and all(isinstance(k, str) and len(k) <= 30 and (
                        v is None or isinstance(v, bool | int | float) or isinstance(v, str) and len(v) <= 50)
                        for k, v in r.items()) for r in table):
                problems.append(f"“{c.name}”的规则表格式无效。")
            else:
                bad = [r for r in table if rules._d(r.get("points")) != _decimal_or_none(r.get("points"))]
                if bad:
                    problems.append(f"“{c.name}”的规则表中分值须为0至1000之间的数字。")
                else:
                    c.rule_table = table
    total = sum((c.max_points for c in cats.values() if isinstance(c.max_points, Decimal)), Decimal(0))
    expected = get_param("scoring_total_points")
    if not problems and total != expected:
        problems.append(f"各分项满分合计须为{expected}分，现为{rules._fmt(total)}分。")
    if problems:
        raise ScoringError(problems)
    Category.objects.bulk_update(list(cats.values()), ["name", "max_points", "method", "rule_table"])
    scheme.aggregation, scheme.tie_break = aggregation, list(tie_break)
    scheme.save(update_fields=["aggregation", "tie_break"])
    record("scoring_scheme_update", actor=actor, obj=scheme, role=Role.UNIT_HR, organization=scheme.campaign.unit,
           ip=ip, details={"aggregation": aggregation, "tie_break": tie_break,
                           "maxima": {c.code: str(c.max_points) for c in cats.values()}})
    return scheme


def _decimal_or_none(value):
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


# ---------------------------------------------------------------- assessors
def conflict(app: Application, user) -> str:
    """Why this person may not score this application ("" = may)."""
    if app.applicant_id == user.pk:
        return f"{user.real_name}是申报人本人，不能为本人评分。"
    rel = Relation.objects.filter(campaign_id=app.campaign_id, assessor=user, applicant_id=app.applicant_id).first()
    if rel:
        return f"{user.real_name}已申报与{app.applicant.real_name}存在{rel.get_kind_display()}，须回避。"
    return ""


def _task_url(name, assignment):
    return reverse(name, args=[assignment.pk])


@transaction.atomic
def assign(actor, app: Application, user, *, ip=None) -> Assignment:
    a = require_hr(actor, app.campaign)
    if app.unit_id != app.campaign.unit_id or app.state != State.UNIT_VERIFIED:
        raise ScoringError(f"{app.applicant.real_name}的申报当前状态为“{app.get_state_display()}”，不能分配评分人。")
    if not PanelMember.objects.filter(campaign_id=app.campaign_id, user=user).exists():
        raise ScoringError(f"{user.real_name}不是本年度推荐组织成员。")
    why = conflict(app, user)
    if why:
        raise ScoringError(why)
    if Assignment.objects.filter(application=app, assessor=user).exists():
        raise ScoringError(f"{user.real_name}已是{app.applicant.real_name}的评分人。")
    asg = Assignment.objects.create(application=app, assessor=user, assigned_by=actor)
    todo.add_task(user, kind=DECLARE, label=f"利益冲突声明：{app.applicant.real_name}（{app.title.name}）",
                  url=_task_url("scoring_declare", asg), obj=asg)
    record("scoring_assign", actor=actor, obj=app, role=a.role, organization=a.organization, ip=ip,
           details={"assessor": user.real_name})
    return asg


def _own(actor, asg: Assignment) -> None:
    if asg.assessor_id != actor.pk:
        raise ScoringError("这不是分配给您的评分任务。", forbidden=True)


@transaction.atomic
def declare(actor, asg: Assignment, *, relation: str = "", ip=None) -> Assignment | None:
    """No conflict of interest (relation empty): recorded with its time; the dossier opens to the assessor.
    A declared relation recuses the assessor: the assignment is removed and the relation kept."""
    _own(actor, asg)
    asg = Assignment.objects.select_for_update().select_related("application__applicant").get(pk=asg.pk)
    if asg.declared_at:
        raise ScoringError("您已作出声明。")
    app = asg.application
    if relation:
        if relation not in Relation.Kind.values:
            raise ScoringError("请选择与申报人的关系。")
        Relation.objects.create(campaign_id=app.campaign_id, assessor=actor, applicant_id=app.applicant_id,
                                kind=relation)
        todo.complete_tasks(actor, kind=DECLARE, obj=asg)
        record("scoring_recuse", actor=actor, obj=app, role=Role.ASSESSOR, ip=ip,
               details={"relation": Relation.Kind(relation).label})
        asg.delete()
        return None
    asg.declared_at = timezone.now()
    asg.save(update_fields=["declared_at"])
    todo.complete_tasks(actor, kind=DECLARE, obj=asg)
    todo.add_task(actor, kind=SCORE, label=f"量化赋分：{app.applicant.real_name}（{app.title.name}）",
                  url=_task_url("scoring_score", asg), obj=asg)
    record("scoring_declare", actor=actor, obj=app, role=Role.ASSESSOR, ip=ip,
           details={"declared_at": asg.declared_at.isoformat()})
    return asg


def assessor_categories(scheme: Scheme) -> list[Category]:
    return [c for c in scheme.categories.all() if c.method == Category.Method.ASSESSOR]


@transaction.atomic
def save_scores(actor, asg: Assignment, values: dict, *, submit: bool, ip=None) -> Assignment:
    """values: {category code: text}. Submitting requires every category; each assessor submits once."""
    _own(actor, asg)
    asg = Assignment.objects.select_for_update().select_related("application__campaign").get(pk=asg.pk)
    app = asg.application
    if not asg.declared_at:
        raise ScoringError("请先作出无利益冲突声明。")
    if asg.submitted_at:
        raise ScoringError("您已提交评分，如需修改请联系推荐组织组长退回。")
    if app.state != State.UNIT_VERIFIED:
        raise ScoringError("该申报的量化赋分已结束。")
    scheme = scheme_for(app.campaign, app.series_id, app.level)
    problems, fields, parsed = [], {}, {}
    for c in assessor_categories(scheme):
        try:
            v = parse_points(values.get(c.code), c, allow_blank=not submit)
            if v is not None and v > c.max_points:
                raise ScoringError(f"“{c.name}”的分数不能超过满分{rules._fmt(c.max_points)}分。")
            parsed[c] = v
        except ScoringError as e:
            problems += e.problems
            fields[c.code] = e.problems
    if problems:
        raise ScoringError(problems, fields)
    for c, v in parsed.items():
        if v is None:
            Score.objects.filter(assignment=asg, category=c).delete()
        else:
            Score.objects.update_or_create(assignment=asg, category=c, defaults={"points": v})
    if submit:
        asg.submitted_at = timezone.now()
        asg.save(update_fields=["submitted_at"])
        todo.complete_tasks(actor, kind=SCORE, obj=asg)
        record("scoring_submit", actor=actor, obj=app, role=Role.ASSESSOR, ip=ip,
               details={c.code: str(v) for c, v in parsed.items()})
    return asg


@transaction.atomic
def reopen(actor, asg: Assignment, *, reason: str, ip=None) -> Assignment:
    """Only the panel chair (推荐组织组长) reopens a submitted score sheet, with a reason; audited."""
    asg = Assignment.objects.select_for_update().select_related("application__campaign", "assessor").get(pk=asg.pk)
    app = asg.application
    if not is_chair(actor, app.campaign):
        raise ScoringError("只有推荐组织组长可以退回已提交的评分。", forbidden=True)
    if not asg.submitted_at:
        raise ScoringError("该评分尚未提交，无需退回。")
    if app.state != State.UNIT_VERIFIED:
        raise ScoringError("该申报的量化赋分已结束，不能退回评分。")
    reason = (reason or "").strip()
    if not reason:
        raise ScoringError("退回评分须填写原因。", {"reason": ["请填写原因。"]})
    before = {s.category.code: str(s.points) for s in asg.scores.select_related("category")}
    asg.submitted_at = None
    asg.save(update_fields=["submitted_at"])
    todo.add_task(asg.assessor, kind=SCORE, label=f"量化赋分（组长退回修改）：{app.applicant.real_name}",
                  url=_task_url("scoring_score", asg), obj=asg)
    record("scoring_reopen", actor=actor, obj=app, role=Role.ASSESSOR, ip=ip, reason=reason[:2000],
           details={"assessor": asg.assessor.real_name, "scores": before})
    return asg


def others_scores_visible(app: Application) -> bool:
    """Individual scores stay hidden (from every assessor but their author) until scoring closes."""
    return app.state != State.UNIT_VERIFIED


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


# ---------------------------------------------------------------- finish scoring
def scores_complete_problems(app: Application, actor=None, details=None) -> list[str]:
    asgs = list(Assignment.objects.filter(application=app).select_related("assessor"))
    if not asgs:
        return ["尚未分配评分人。"]
    problems = [f"{a.assessor.real_name}尚未提交评分。" for a in asgs if not a.submitted_at]
    scheme = scheme_for(app.campaign, app.series_id, app.level)
    needed = {c.pk: c.name for c in assessor_categories(scheme)}
    have = set(Score.objects.filter(assignment__application=app, assignment__submitted_at__isnull=False)
               .values_list("category_id", flat=True))
    missing = [name for pk, name in needed.items() if pk not in have]
    if missing and not problems:
        problems.append(f"以下分项无人评分：{'、'.join(missing)}。")
    return problems


def finish_scoring(actor, campaign: Campaign, series: Series, level: str, *, ip=None) -> list[Application]:
    """完成量化赋分 for one series and level: all its verified applications at once (all or nothing)."""
    require_hr(actor, campaign)
    apps = sheet_applications(campaign, series.pk, level, states=[State.UNIT_VERIFIED])
    if not apps:
        raise ScoringError("该系列和级别没有待完成量化赋分的申报。")
    return transition_many(apps, "finish_scoring", actor=actor, ip=ip)


# ---------------------------------------------------------------- quota and decision
@transaction.atomic
def set_quota(actor, campaign: Campaign, series: Series, level: str, count, *, ip=None) -> Quota:
    a = require_hr(actor, campaign)
    try:
        count = int(str(count).strip())
    except ValueError:
        raise ScoringError("推荐名额须为整数。", {"count": ["推荐名额须为整数。"]}) from None
    if count < 0 or count > 10000:
        raise ScoringError("推荐名额须为0或正整数。", {"count": ["推荐名额须为0或正整数。"]})
    if CollectiveDecision.objects.filter(campaign=campaign, series=series, level=level).exists():
        raise ScoringError("已记录集体研究决定，推荐名额不能再修改。")
    quota, _ = Quota.objects.update_or_create(campaign=campaign, series=series, level=level,
                                              defaults={"count": count, "set_by": actor})
    record("scoring_quota", actor=actor, obj=quota, role=a.role, organization=a.organization, ip=ip,
           details={"series": series.name, "level": level, "count": count})
    return quota


def departures(rows: list[Row], recommended: set[int]) -> list[Row]:
    """Recommended rows ranked below someone not recommended (out of ranking order)."""
    out = []
    for r in rows:
        if r.app.pk in recommended and any(o.rank < r.rank and o.app.pk not in recommended for o in rows):
            out.append(r)
    return out


def record_decision(actor, campaign: Campaign, series: Series, level: str, *, meeting_date, leaders, decision: str,
                    minutes: str = "", minutes_upload=None, recommended: set[int], reasons: dict[int, str],
                    ip=None) -> CollectiveDecision:
    """集体研究确定: record the leadership meeting and move the whole ranking sheet at once."""
    from zhicheng.files.services import UploadError, check_upload, kept_only_if_committed, store

    role_a = require_decider(actor, campaign)
    with kept_only_if_committed() as keep, transaction.atomic():
        sheet = ranking_sheet(campaign, series, level)
        rows = [r for r in sheet.rows if r.app.state == State.SCORED]
        problems, fields = [], {}
        if sheet.decision:
            raise ScoringError("该排名表已记录集体研究决定。")
        if not rows or any(r.app.state != State.SCORED for r in sheet.rows):
            raise ScoringError("排名表中须全部申报人员均已完成量化赋分，方可集体研究确定。")
        pending = Application.objects.filter(campaign=campaign, series=series, level=level,
                                             state__in=[State.SUBMITTED, State.UNIT_VERIFIED]).count()
        if pending:
            problems.append(f"该系列和级别尚有{pending}人未完成审核或量化赋分，完成后方可集体研究确定。")
        if sheet.quota is None:
            problems.append("请先由单位人事设定该系列和级别的推荐名额。")
        ids = {r.app.pk for r in rows}
        unknown = set(recommended) - ids
        if unknown:
            problems.append("推荐名单中有不在排名表中的人员。")
        if sheet.quota is not None and len(recommended) > sheet.quota.count:
            problems.append(f"推荐人数{len(recommended)}人，超过推荐名额{sheet.quota.count}人。")
        if not meeting_date:
            fields["meeting_date"] = ["请填写会议日期。"]
        elif meeting_date > timezone.localdate():
            fields["meeting_date"] = ["会议日期不能晚于今天。"]
        leaders = list(leaders)
        leader_ids = set(campaign.unit.role_assignments.filter(role=Role.UNIT_LEADER).values_list("user_id", flat=True))
        if not leaders:
            fields["leaders"] = ["请选择出席会议的单位领导。"]
        elif any(u.pk not in leader_ids for u in leaders):
            fields["leaders"] = ["出席领导须为本单位领导。"]
        decision = (decision or "").strip()
        if not decision:
            fields["decision"] = ["请填写研究决定。"]
        minutes = (minutes or "").strip()
        if not minutes and minutes_upload is None:
            fields["minutes"] = ["请填写会议纪要或上传会议纪要扫描件。"]
        missing = [r for r in departures(rows, recommended) if not (reasons.get(r.app.pk) or "").strip()]
        for r in missing:
            problems.append(f"{r.app.applicant.real_name}（排名第{r.rank}）未按排名顺序确定为推荐人选，须填写理由。")
            fields[f"reason_{r.app.pk}"] = ["请填写未按排名顺序推荐的理由。"]
        stored = None
        if minutes_upload is not None and not fields and not problems:
            try:
                kind = check_upload(minutes_upload).kind
            except UploadError as e:
                fields["minutes_file"] = e.problems
            else:
                stored = keep(store(minutes_upload, kind, actor=actor))
        problems += [m for k, msgs in fields.items() if not k.startswith("reason_") for m in msgs]
        if problems:
            raise ScoringError(problems, fields)
        cd = CollectiveDecision.objects.create(campaign=campaign, series=series, level=level,
                                               meeting_date=meeting_date, decision=decision[:5000],
                                               minutes=minutes[:20000], minutes_file=stored,
                                               quota=sheet.quota.count, recorded_by=actor)
        cd.leaders_present.set(leaders)
        out_of_order = {r.app.pk for r in departures(rows, recommended)}
        DecisionEntry.objects.bulk_create([
            DecisionEntry(decision=cd, application=r.app, rank=r.rank, total=r.total,
                          recommended=r.app.pk in recommended,
                          departure_reason=(reasons.get(r.app.pk) or "").strip()[:2000]
                          if r.app.pk in out_of_order else "") for r in rows])
        yes = [r.app for r in rows if r.app.pk in recommended]
        no = [r.app for r in rows if r.app.pk not in recommended]
        if yes:
            transition_many(yes, "recommend", actor=actor, ip=ip, decision=cd.pk, recommended=True)
        if no:
            transition_many(no, "not_recommend", actor=actor, ip=ip, decision=cd.pk, recommended=False)
        record("collective_decision", actor=actor, obj=cd, role=role_a.role, organization=role_a.organization,
               ip=ip, details={"series": series.name, "level": level, "recommended": len(yes),
                               "not_recommended": len(no), "quota": cd.quota,
                               "departures": len(out_of_order)})
    return cd


def decision_recorded_problems(app: Application, actor, details) -> list[str]:
    qs = DecisionEntry.objects.filter(application=app)
    if details.get("decision"):
        qs = qs.filter(decision_id=details["decision"])
    if "recommended" in details:
        qs = qs.filter(recommended=details["recommended"])
    if not qs.exists():
        return ["推荐人选须由单位领导集体研究确定：请在排名表页面记录集体研究决定。"]
    return []


def visible_assignments(actor):
    return Assignment.objects.filter(assessor=actor)


def campaign_assignments(campaign):
    return Assignment.objects.filter(application__campaign=campaign)


def assessor_q(a, user) -> Q:
    """Record rule of the ASSESSOR role on applications: only those assigned to them, after their declaration."""
    from django.db.models import Exists, OuterRef

    assigned = Exists(Assignment.objects.filter(application_id=OuterRef("pk"), assessor_id=user.pk,
                                                declared_at__isnull=False))
    return Q(assigned, unit_id=a.organization_id) & ~Q(state=State.DRAFT)
