"""Default conditions, loaded by migration for every series in the code tables; the system administrator edits
them in the back office each year. Hebei-like national defaults (40号令; the series reform documents, e.g.
人社部发〔2019〕16号 for 工程技术): a province's own 评审条件 decide — treat every number here as *(verify)*.

Education codes are GB/T 4658 (11 博士研究生毕业, 14 硕士研究生毕业, 21 大学本科毕业, 31 大学专科毕业)."""

from __future__ import annotations

BASIS = "默认条件（参照40号令及各系列评价标准），请按本省当年评审条件核对修改"
REFERENCE = (12, 31)  # years counted to 12月31日 of the campaign's year

# Per level: normal (逐级) and, for the senior levels, 破格 (its own set).
YEARS = {  # (level, exceptional) → [(education code and above, years since the current title)]
    ("intermediate", False): [("14", 2), ("21", 4), ("31", 4)],
    ("associate_senior", False): [("11", 2), ("21", 5)],
    ("senior", False): [("21", 5)],
    ("associate_senior", True): [("11", 1), ("31", 3)],
    ("senior", True): [("21", 3)],
}
MIN_EDUCATION = {("intermediate", False): "31", ("associate_senior", False): "21", ("senior", False): "21",
                 ("associate_senior", True): "31", ("senior", True): "21"}
MAX_LEVELS = {False: 1, True: 2}  # 破格 may apply directly for 高级 (RULES.md, 40号令)
ASSESSMENT_YEARS = {"intermediate": 3, "associate_senior": 5, "senior": 5}
CE_PER_YEAR = {"hours": 90, "credits": 25}  # 每年不少于90学时; 继续医学教育每年不少于25学分
RETIREMENT = {"male_age": 60, "female_age": 55}  # *(verify)*: 渐进式延迟法定退休年龄 from 2025
SANCTIONS = ["demerit", "major_demerit", "demotion", "removal"]  # 记过 or heavier (40号令)


def conditions(level: str, exceptional: bool, ce_unit: str) -> list[tuple[str, dict]]:
    return [
        ("min_education", {"education": MIN_EDUCATION[(level, exceptional)]}),
        ("years_since_title", {"by_education": [{"education": e, "years": y} for e, y in YEARS[(level, exceptional)]]}),
        ("level_step", {"max_levels": MAX_LEVELS[exceptional]}),
        ("assessments", {"years": ASSESSMENT_YEARS[level], "min_result": "competent"}),
        ("continuing_education", {"years": 1, "per_year": CE_PER_YEAR.get(ce_unit, 90)}),
        ("in_post", dict(RETIREMENT)),
        ("no_sanction", {"kinds": list(SANCTIONS)}),
        ("no_ban", {}),
    ]


def load(apps, schema_editor=None) -> None:
    """A set per series and level the series has titles of (中级, 副高级, 正高级; 破格 for the senior two)."""
    Series = apps.get_model("codes", "Series")
    Title = apps.get_model("codes", "Title")
    ConditionSet = apps.get_model("eligibility", "ConditionSet")
    Condition = apps.get_model("eligibility", "Condition")
    for series in Series.objects.all():
        levels = set(Title.objects.filter(series=series).values_list("level", flat=True))
        for level, exceptional in YEARS:
            if level not in levels:
                continue
            cset, created = ConditionSet.objects.get_or_create(
                series=series, level=level, exceptional=exceptional,
                defaults={"reference_month": REFERENCE[0], "reference_day": REFERENCE[1], "basis": BASIS})
            if created:
                for i, (kind, params) in enumerate(conditions(level, exceptional, series.ce_unit), start=1):
                    Condition.objects.create(condition_set=cset, order=i * 10, kind=kind, params=params)
