"""申报条件 (seed §三(一) 资格预审; 40号令 申报审核): the conditions of a series and level, kept as data the system
administrator edits each year — no code change for a new year's rules. Thin models; the check is services.py."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models

from zhicheng.codes.models import Level, Series


class ConditionSet(models.Model):
    """The conditions for applying to one series and level, normal (逐级) or 破格 (its own set)."""

    series = models.ForeignKey(Series, verbose_name="系列", on_delete=models.PROTECT, related_name="+")
    level = models.CharField("申报级别", max_length=20, choices=Level.choices)
    exceptional = models.BooleanField("破格申报条件", default=False,
                                      help_text="勾选：适用于破格申报；不勾选：适用于正常（逐级）申报")
    # Years and ages are counted to this day of the campaign's year (e.g. 截至当年12月31日).
    reference_month = models.PositiveSmallIntegerField("年限计算截止月", default=12)
    reference_day = models.PositiveSmallIntegerField("年限计算截止日", default=31)
    basis = models.CharField("依据（文件）", max_length=200, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "申报条件"
        ordering = ["series__sort", "level", "exceptional"]
        constraints = [models.UniqueConstraint(fields=["series", "level", "exceptional"], name="uniq_condition_set")]

    def __str__(self) -> str:
        return f"{self.series}·{self.get_level_display()}{'（破格）' if self.exceptional else ''}"

    def clean(self):
        try:
            datetime.date(2024, self.reference_month or 0, self.reference_day or 0)
        except ValueError:
            raise ValidationError({"reference_day": "年限计算截止月、日不是有效日期。"}) from None

    def reference_date(self, year: int) -> datetime.date:
        """The day of `year` to which years are counted (29 February becomes 28 February in a common year)."""
        try:
            return datetime.date(year, self.reference_month, self.reference_day)
        except ValueError:
            return datetime.date(year, self.reference_month, 28)


class Kind(models.TextChoices):
    MIN_EDUCATION = "min_education", "学历要求"
    YEARS_SINCE_TITLE = "years_since_title", "任现职年限（按学历）"
    LEVEL_STEP = "level_step", "逐级申报（现职称级别）"
    ASSESSMENTS = "assessments", "年度考核"
    CONTINUING_EDUCATION = "continuing_education", "继续教育"
    IN_POST = "in_post", "在职在岗、未退休"
    NO_SANCTION = "no_sanction", "无处分影响期"
    NO_BAN = "no_ban", "不在禁申期"


class SanctionKind(models.TextChoices):
    """处分 (《公职人员政务处分法》, 《事业单位工作人员处分规定》), from light to heavy."""

    WARNING = "warning", "警告"
    DEMERIT = "demerit", "记过"
    MAJOR_DEMERIT = "major_demerit", "记大过"
    DEMOTION = "demotion", "降级"
    REMOVAL = "removal", "撤职"


# The parameters of each kind: name → (type, Chinese help). Validated by Condition.clean (and by the services,
# which refuse to pass a condition whose parameters are wrong).
PARAMS: dict[str, dict[str, tuple[type, str]]] = {
    Kind.MIN_EDUCATION: {"education": (str, "最低学历代码（GB/T 4658），如 21 大学本科毕业；代码越小学历越高")},
    Kind.YEARS_SINCE_TITLE: {"by_education": (list, "按学历的年限：[{\"education\": \"21\", \"years\": 5}, …]，"
                                                   "学历代码及以上适用该年限")},
    Kind.LEVEL_STEP: {"max_levels": (int, "比现任职称最多高几级：1 为逐级申报")},
    Kind.ASSESSMENTS: {"years": (int, "近几年（申报年度之前）"), "min_result": (str, "每年至少的考核结果代码，如 competent 合格")},
    Kind.CONTINUING_EDUCATION: {"years": (int, "近几年（申报年度之前）"),
                                "per_year": (int, "每年不少于（按系列的计量单位：学时或学分）")},
    Kind.IN_POST: {"male_age": (int, "男性退休年龄"), "female_age": (int, "女性退休年龄")},
    Kind.NO_SANCTION: {"kinds": (list, "影响申报的处分种类，如 [\"demerit\", \"major_demerit\", \"demotion\", \"removal\"]")},
    Kind.NO_BAN: {},
}


def param_problems(kind: str, params) -> list[str]:
    """What is wrong with a condition's parameters ([] when they fit its kind)."""
    spec = PARAMS.get(kind)
    if spec is None:
        return [f"未知的条件类别“{kind}”。"]
    if not isinstance(params, dict):
        return ["参数须为 JSON 对象。"]
    problems = [f"缺少参数“{k}”（{help_}）。" for k, (_t, help_) in spec.items() if k not in params]
    problems += [f"多余的参数“{k}”。" for k in params if k not in spec]
    for k, (t, help_) in spec.items():
        v = params.get(k)
        if k in params and (not isinstance(v, t) or isinstance(v, bool)):
            problems.append(f"参数“{k}”类型不对（{help_}）。")
        elif t is int and k in params and v < 0:
            problems.append(f"参数“{k}”不能为负数。")
    if kind == Kind.YEARS_SINCE_TITLE and isinstance(params.get("by_education"), list):
        for row in params["by_education"]:
            if not (isinstance(row, dict) and isinstance(row.get("education"), str)
                    and isinstance(row.get("years"), int) and not isinstance(row.get("years"), bool)):
                problems.append("by_education 每项须为 {\"education\": 学历代码, \"years\": 年数}。")
                break
    if kind == Kind.NO_SANCTION and isinstance(params.get("kinds"), list):
        unknown = [k for k in params["kinds"] if k not in SanctionKind.values]
        if unknown:
            problems.append(f"未知的处分种类：{'、'.join(map(str, unknown))}。")
    return problems


class Condition(models.Model):
    condition_set = models.ForeignKey(ConditionSet, verbose_name="申报条件", on_delete=models.CASCADE,
                                      related_name="conditions")
    order = models.PositiveSmallIntegerField("顺序", default=0)
    kind = models.CharField("条件类别", max_length=30, choices=Kind.choices)
    params = models.JSONField("参数", default=dict, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "条件"
        ordering = ["condition_set", "order", "id"]

    def __str__(self) -> str:
        return self.get_kind_display()

    def clean(self):
        problems = param_problems(self.kind, self.params)
        if problems:
            raise ValidationError({"params": problems})


class Sanction(models.Model):
    """A disciplinary sanction (处分) and its period of effect (影响期), by ID number, entered from the personnel
    file. The dossier has no such data: 40号令 bars applying while a sanction of 记过 or heavier runs."""

    id_number = models.CharField("身份证号", max_length=18, db_index=True)
    person_name = models.CharField("姓名", max_length=50)
    kind = models.CharField("处分种类", max_length=20, choices=SanctionKind.choices)
    starts_on = models.DateField("处分决定日期")
    ends_on = models.DateField("影响期截止日（当日起不受影响）")
    authority = models.CharField("处分机关", max_length=100)
    document = models.CharField("处分文件（文号）", max_length=100, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "处分记录"
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return f"{self.person_name} {self.get_kind_display()}"

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on <= self.starts_on:
            raise ValidationError({"ends_on": "影响期截止日须晚于处分决定日期。"})
