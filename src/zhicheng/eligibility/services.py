"""The eligibility check (资格预审, seed §三(一); 40号令 申报审核): one application against the conditions of its
series and level — the 破格 set for a 破格 application — every condition with pass/fail and the data behind it.

It reads the live dossier (what HR verifies in §二(一) and the office pre-reviews in §三(一)); it changes
nothing. A missing condition set, or a condition whose parameters are wrong, is a failed result, never a pass.
The queries are few and constant: one per kind of data a condition reads, whatever the number of rows."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import cached_property

from django.utils import timezone

from zhicheng.codes.models import AssessmentResult, EducationLevel, Level
from zhicheng.dossier import models as dm
from zhicheng.dossier.services import LEVEL_ORDER
from zhicheng.integrity.services import active_ban, ban_message
from zhicheng.orgs.validators import birth_date_from_id
from zhicheng.workdays.formats import cn_date

from .models import Condition, ConditionSet, Kind, Sanction, SanctionKind, param_problems


@dataclass(frozen=True)
class Result:
    key: str  # the condition's kind, or "condition_set" when the set is missing
    label: str  # the condition, in Chinese
    passed: bool
    detail: str  # the data behind it, in Chinese


@dataclass
class Report:
    results: list[Result]
    condition_set: ConditionSet | None
    on: datetime.date  # the day checked (bans, sanctions, age)
    reference_date: datetime.date | None  # years counted to this day
    title: str = field(default="")

    @property
    def passed(self) -> bool:
        return bool(self.results) and all(r.passed for r in self.results)

    @property
    def failed(self) -> list[Result]:
        return [r for r in self.results if not r.passed]


def condition_set_for(application) -> ConditionSet | None:
    """The set of the application's series and level, 破格 or not; its conditions prefetched in order."""
    return (ConditionSet.objects.filter(series_id=application.series_id, level=application.level,
                                        exceptional=application.is_exceptional)
            .select_related("series").prefetch_related("conditions").first())


def set_name(application) -> str:
    level = Level(application.level).label if application.level in Level.values else application.level
    return f"{application.series.name}{level}{'破格' if application.is_exceptional else ''}申报条件"


def evaluate(application, *, on: datetime.date | None = None) -> Report:
    """Every condition of the application's set, in order, checked against its dossier on `on` (today)."""
    on = on or timezone.localdate()
    cset = condition_set_for(application)
    name = set_name(application)
    if cset is None:
        return Report([Result("condition_set", "申报条件", False,
                              f"未设置{name}，无法核对；请系统管理员在管理后台设置。")], None, on, None, name)
    reference = cset.reference_date(application.campaign.year)
    facts = _Facts(application, on, reference)
    results = [_check(c, facts) for c in cset.conditions.all()]
    if not results:
        results = [Result("condition_set", "申报条件", False, f"{name}未列出任何条件；请系统管理员在管理后台设置。")]
    return Report(results, cset, on, reference, name)


def _check(condition: Condition, facts: _Facts) -> Result:
    problems = param_problems(condition.kind, condition.params)
    if problems:
        return Result(condition.kind, condition.get_kind_display(), False,
                      f"条件参数有误（{''.join(problems)}），请系统管理员修正。")
    label, passed, detail = CHECKS[condition.kind](condition.params, facts)
    return Result(condition.kind, label, passed, detail)


class _Facts:
    """The dossier data the conditions read, each read at most once (one query each)."""

    def __init__(self, application, on: datetime.date, reference: datetime.date):
        self.app, self.on, self.reference = application, on, reference
        self.person = application.applicant

    @cached_property
    def education_names(self) -> dict[str, str]:
        return dict(EducationLevel.objects.values_list("code", "name"))

    @cached_property
    def results(self) -> dict[str, AssessmentResult]:
        return {r.code: r for r in AssessmentResult.objects.all()}

    @cached_property
    def highest_education(self) -> dm.Education | None:
        """The highest education finished by the reference date (GB/T 4658: the smaller code, the higher)."""
        rows = [e for e in dm.Education.objects.filter(application=self.app).select_related("education_level")
                if e.end_date <= self.reference]
        return min(rows, key=lambda e: (e.education_level.code, e.end_date), default=None)

    @cached_property
    def current_title(self) -> dm.CurrentTitle | None:
        return dm.CurrentTitle.objects.filter(application=self.app).select_related("title").first()

    @cached_property
    def assessments(self) -> dict[int, AssessmentResult]:
        return {a.year: a.result for a in dm.AnnualAssessment.objects.filter(application=self.app)
                .select_related("result")}

    @cached_property
    def training(self) -> dict[int, float]:
        per_year: dict[int, float] = {}
        for row in dm.ContinuingEducation.objects.filter(application=self.app).only("year", "hours", "credits"):
            per_year[row.year] = per_year.get(row.year, 0) + float(row.amount or 0)
        return per_year

    @cached_property
    def current_work(self) -> dm.WorkExperience | None:
        return (dm.WorkExperience.objects.filter(application=self.app, start_date__lte=self.on)
                .exclude(end_date__lt=self.on).order_by("-start_date", "-id").first())

    def edu(self, code: str) -> str:
        return self.education_names.get(code, f"学历代码{code}")


def _years_between(start: datetime.date, end: datetime.date) -> int:
    """Full years from `start` to `end` (a 29 February start completes its year on 1 March)."""
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def _education_line(facts: _Facts) -> str:
    e = facts.highest_education
    return f"{e.education_level.name}（{cn_date(e.end_date)}毕业）" if e else "未填写"


def check_min_education(p, facts: _Facts):
    label = f"学历：{facts.edu(p['education'])}及以上"
    e = facts.highest_education
    passed = e is not None and e.education_level.code <= p["education"]
    return label, passed, f"最高学历：{_education_line(facts)}"


def check_years_since_title(p, facts: _Facts):
    rules = sorted(p["by_education"], key=lambda r: r["education"])
    ref = facts.reference
    label = "任现职年限：" + "；".join(f"{facts.edu(r['education'])}及以上满{r['years']}年" for r in rules) + \
        f"（计算至{cn_date(ref)}）"
    e, ct = facts.highest_education, facts.current_title
    if e is None:
        return label, False, "未填写学历，无法确定年限要求"
    if ct is None:
        return label, False, f"学历：{e.education_level.name}；未填写现任专业技术职务"
    rule = next((r for r in rules if r["education"] >= e.education_level.code), None)
    held = _years_between(ct.obtained_on, ref)
    detail = (f"学历：{e.education_level.name}；现职称：{ct.title.name if ct.title else ct.title_name}"
              f"（{cn_date(ct.obtained_on)}取得），截至{cn_date(ref)}满{max(held, 0)}年")
    if rule is None:
        return label, False, f"{detail}；学历低于本条件所列学历"
    return label, held >= rule["years"], f"{detail}，要求满{rule['years']}年"


def check_level_step(p, facts: _Facts):
    n = p["max_levels"]
    label = "逐级申报：申报职称比现任职称高一级" if n == 1 else f"申报职称比现任职称最多高{n}级"
    app, ct = facts.app, facts.current_title
    wanted = f"申报：{app.title.name}（{app.get_level_display()}）"
    if ct is None:
        return label, False, f"未填写现任专业技术职务；{wanted}"
    if ct.title is None or ct.title.level not in LEVEL_ORDER or app.level not in LEVEL_ORDER:
        return label, False, f"现任职称“{ct.title_name}”未按职称代码填写，无法核对级别；{wanted}"
    steps = LEVEL_ORDER.index(app.level) - LEVEL_ORDER.index(ct.title.level)
    detail = f"现任：{ct.title.name}（{ct.title.get_level_display()}）；{wanted}，" + (
        f"高{steps}级" if steps > 0 else "未高于现任级别")
    return label, 1 <= steps <= n, detail


def _years_before(facts: _Facts, n: int) -> list[int]:
    year = facts.app.campaign.year
    return list(range(year - n, year))


def check_assessments(p, facts: _Facts):
    years = _years_before(facts, p["years"])
    floor = facts.results.get(p["min_result"])
    span = f"{years[0]}—{years[-1]}年" if years else "无"
    label = f"近{p['years']}年（{span}）年度考核均为{floor.name if floor else p['min_result']}及以上"
    if floor is None:
        return label, False, f"考核结果代码“{p['min_result']}”不存在，请系统管理员修正"
    parts, passed = [], True
    for y in years:
        got = facts.assessments.get(y)
        if got is None:
            passed = False
            parts.append(f"{y}年未填写")
        else:
            passed = passed and got.sort <= floor.sort
            parts.append(f"{y}年{got.name}")
    return label, passed, "；".join(parts) or "无须考核年度"


def check_continuing_education(p, facts: _Facts):
    unit = facts.app.series.get_ce_unit_display()
    years = _years_before(facts, p["years"])
    label = f"继续教育：近{p['years']}年每年不少于{p['per_year']}{unit}"
    parts, passed = [], True
    for y in years:
        got = facts.training.get(y, 0)
        passed = passed and got >= p["per_year"]
        parts.append(f"{y}年{got:g}{unit}")
    return label, passed, "；".join(parts) or "无须核对年度"


def _gender(person) -> str:
    if person.gender:
        return person.gender
    number = person.id_number or ""
    return ("1" if int(number[16]) % 2 else "2") if len(number) == 18 and number[16].isdigit() else ""


def check_in_post(p, facts: _Facts):
    label = f"在职在岗，未达到退休年龄（男{p['male_age']}周岁、女{p['female_age']}周岁）"
    person = facts.person
    born = person.birth_date or birth_date_from_id(person.id_number or "")
    gender = _gender(person)
    work = facts.current_work
    post = (f"工作经历：{work.employer}（{cn_date(work.start_date)}至今）" if work
            else "工作经历中没有至今在职的记录")
    if born is None or not gender:
        return label, False, f"未登记出生日期或性别，无法核对年龄；{post}"
    age, limit = _years_between(born, facts.on), p["male_age"] if gender == "1" else p["female_age"]
    detail = (f"出生日期：{cn_date(born)}（{'男' if gender == '1' else '女'}），截至{cn_date(facts.on)}"
              f"{age}周岁，退休年龄{limit}周岁；{post}")
    return label, age < limit and work is not None, detail


def check_no_sanction(p, facts: _Facts):
    kinds = [SanctionKind(k).label for k in p["kinds"]]
    label = f"无未满影响期的处分（{'、'.join(kinds)}）" if kinds else "无未满影响期的处分"
    number = facts.person.id_number
    if not number:
        return label, False, "申报人未登记身份证号，无法核对处分记录"
    s = Sanction.objects.filter(id_number=number, kind__in=p["kinds"], starts_on__lte=facts.on,
                                ends_on__gt=facts.on).order_by("-ends_on").first()
    if s is None:
        return label, True, f"截至{cn_date(facts.on)}无影响期内的处分记录"
    return label, False, (f"{s.authority}{cn_date(s.starts_on)}给予{s.get_kind_display()}处分"
                          f"{f'（{s.document}）' if s.document else ''}，{cn_date(s.ends_on)}起影响期满")


def check_no_ban(p, facts: _Facts):
    label = "不在禁申期内（职称评审诚信档案）"
    number = facts.person.id_number
    if not number:
        return label, False, "申报人未登记身份证号，无法核对禁申记录"
    ban = active_ban(number, facts.on)
    if ban is None:
        return label, True, f"截至{cn_date(facts.on)}禁申记录库中无在期记录"
    return label, False, ban_message(ban)


CHECKS = {
    Kind.MIN_EDUCATION: check_min_education,
    Kind.YEARS_SINCE_TITLE: check_years_since_title,
    Kind.LEVEL_STEP: check_level_step,
    Kind.ASSESSMENTS: check_assessments,
    Kind.CONTINUING_EDUCATION: check_continuing_education,
    Kind.IN_POST: check_in_post,
    Kind.NO_SANCTION: check_no_sanction,
    Kind.NO_BAN: check_no_ban,
}
