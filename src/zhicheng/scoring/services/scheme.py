"""§二(五) the scheme (量化赋分方案): the campaign's default one, one per series and level, freezing at the first
submitted score, and the points a category accepts."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction

from zhicheng.audit.services import record
from zhicheng.campaigns.models import Campaign
from zhicheng.codes.models import Level, Series, get_param
from zhicheng.dossier.models import Application
from zhicheng.orgs.roles import Role

from .. import defaults, rules
from ..models import Assignment, Category, Scheme
from .access import ScoringError, require_hr

ONE = Decimal("0.1")


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
