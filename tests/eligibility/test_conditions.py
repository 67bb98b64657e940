"""Each kind of condition, passed and failed, at its edges (issue 9: 资格预审)."""

import datetime

import pytest

from zhicheng.codes.models import AssessmentResult, EducationLevel
from zhicheng.dossier import models as m
from zhicheng.eligibility.models import Sanction
from zhicheng.eligibility.services import evaluate
from zhicheng.integrity.models import Ban

from .. import factories as f
from .conftest import TODAY, current_title, rules

pytestmark = pytest.mark.dates


def result(app, key, on=TODAY):
    return next(r for r in evaluate(app, on=on).results if r.key == key)


def test_a_dossier_meeting_every_condition_passes_with_the_data_shown(dossier):
    report = evaluate(dossier, on=TODAY)
    assert report.passed and report.failed == [] and len(report.results) == 8
    assert [r.key for r in report.results][:3] == ["min_education", "years_since_title", "level_step"]
    years = report.results[1]
    assert years.label == "任现职年限：博士研究生毕业及以上满2年；大学本科毕业及以上满5年（计算至2026年12月31日）"
    assert years.detail == ("学历：大学本科毕业；现职称：工程师（2020年12月31日取得），截至2026年12月31日满6年，"
                            "要求满5年")
    assert report.reference_date == datetime.date(2026, 12, 31) and report.title == "工程技术副高级申报条件"


def test_years_since_the_title_exactly_at_the_bound_pass_and_one_day_short_fail(dossier):
    current_title(dossier, obtained=datetime.date(2021, 12, 31))
    r = result(dossier, "years_since_title")
    assert r.passed and "截至2026年12月31日满5年，要求满5年" in r.detail
    current_title(dossier, obtained=datetime.date(2022, 1, 1))
    r = result(dossier, "years_since_title")
    assert not r.passed and "满4年，要求满5年" in r.detail


def test_the_years_follow_the_highest_education(dossier):
    current_title(dossier, obtained=datetime.date(2024, 6, 1))
    assert not result(dossier, "years_since_title").passed  # 本科: 5 years wanted, 2 held
    m.Education.objects.create(application=dossier, school="清华大学", major="电气工程",
                               education_level=EducationLevel.objects.get(code="11"), degree="doctor",
                               start_date=datetime.date(2009, 9, 1), end_date=datetime.date(2014, 7, 1))
    r = result(dossier, "years_since_title")
    assert r.passed and r.detail.startswith("学历：博士研究生毕业；") and "要求满2年" in r.detail


def test_an_education_below_every_row_fails_and_below_the_minimum_fails(dossier):
    m.Education.objects.filter(application=dossier).update(education_level=EducationLevel.objects.get(code="31"))
    r = result(dossier, "years_since_title")
    assert not r.passed and "学历低于本条件所列学历" in r.detail
    r = result(dossier, "min_education")
    assert not r.passed and r.label == "学历：大学本科毕业及以上" and r.detail.startswith("最高学历：大学专科毕业")


def test_no_education_or_no_current_title_fails(dossier):
    m.CurrentTitle.objects.filter(application=dossier).delete()
    assert "未填写现任专业技术职务" in result(dossier, "years_since_title").detail
    assert not result(dossier, "level_step").passed
    m.Education.objects.all().delete()
    r = result(dossier, "min_education")
    assert not r.passed and r.detail == "最高学历：未填写"


def test_one_missing_annual_assessment_fails(dossier):
    m.AnnualAssessment.objects.filter(application=dossier, year=2023).delete()
    r = result(dossier, "assessments")
    assert not r.passed and r.label == "近5年（2021—2025年）年度考核均为合格及以上"
    assert r.detail == "2021年合格；2022年合格；2023年未填写；2024年合格；2025年合格"


def test_an_assessment_below_the_floor_fails_and_above_it_passes(dossier):
    m.AnnualAssessment.objects.filter(application=dossier, year=2022).update(
        result=AssessmentResult.objects.get(code="basically_competent"))
    r = result(dossier, "assessments")
    assert not r.passed and "2022年基本合格" in r.detail
    m.AnnualAssessment.objects.filter(application=dossier, year=2022).update(
        result=AssessmentResult.objects.get(code="excellent"))
    assert result(dossier, "assessments").passed


def test_continuing_education_short_of_the_hours_fails(dossier):
    m.ContinuingEducation.objects.filter(application=dossier).update(hours=60)
    r = result(dossier, "continuing_education")
    assert not r.passed and r.label == "继续教育：近1年每年不少于90学时" and r.detail == "2025年60学时"
    m.ContinuingEducation.objects.create(application=dossier, year=2025, kind="public", hours=30)
    assert result(dossier, "continuing_education").passed  # 公需 and 专业 add up


def test_a_series_counting_credits_counts_credits(world):
    rules("230", "associate_senior", [("continuing_education", {"years": 2, "per_year": 25})])
    app = f.application(world.applicant2, world.campaign, "232")
    m.ContinuingEducation.objects.create(application=app, year=2025, credits=25)
    m.ContinuingEducation.objects.create(application=app, year=2024, credits="24.5")
    r = evaluate(app, on=TODAY).results[0]
    assert not r.passed and r.label == "继续教育：近2年每年不少于25学分" and r.detail == "2024年24.5学分；2025年25学分"


def test_level_step_one_up_passes_and_same_level_fails(dossier):
    r = result(dossier, "level_step")
    assert r.passed and r.detail == "现任：工程师（中级）；申报：高级工程师（副高级），高1级"
    current_title(dossier, code="082")
    r = result(dossier, "level_step")
    assert not r.passed and "未高于现任级别" in r.detail


def test_a_current_title_in_free_text_only_cannot_be_checked(dossier):
    m.CurrentTitle.objects.filter(application=dossier).update(title=None, title_name="工程师")
    r = result(dossier, "level_step")
    assert not r.passed and "未按职称代码填写" in r.detail


@pytest.mark.parametrize(("born", "passed"), [(datetime.date(1966, 12, 1), False), (datetime.date(1966, 12, 2), True)])
def test_in_post_until_the_retirement_age(dossier, born, passed):
    dossier.applicant.birth_date = born
    dossier.applicant.save()
    r = result(dossier, "in_post")
    assert r.passed is passed
    assert f"截至2026年12月1日{59 if passed else 60}周岁，退休年龄60周岁" in r.detail


def test_a_woman_retires_at_her_own_age_and_no_current_post_fails(dossier):
    dossier.applicant.birth_date, dossier.applicant.gender = datetime.date(1971, 6, 1), "2"
    dossier.applicant.save()
    r = result(dossier, "in_post")
    assert not r.passed and "（女）" in r.detail and "55周岁，退休年龄55周岁" in r.detail
    dossier.applicant.birth_date = datetime.date(1985, 3, 15)
    dossier.applicant.save()
    assert result(dossier, "in_post").passed
    m.WorkExperience.objects.filter(application=dossier).update(end_date=datetime.date(2026, 6, 30))
    r = result(dossier, "in_post")
    assert not r.passed and "工作经历中没有至今在职的记录" in r.detail


def _sanction(app, kind, starts, ends):
    return Sanction.objects.create(id_number=app.applicant.id_number, person_name=app.applicant.real_name, kind=kind,
                                   starts_on=starts, ends_on=ends, authority="某某局", document="某处字〔2026〕3号")


def test_a_running_sanction_of_demerit_fails_a_warning_or_an_ended_one_does_not(dossier):
    _sanction(dossier, "warning", datetime.date(2026, 9, 1), datetime.date(2027, 3, 1))
    _sanction(dossier, "demerit", datetime.date(2025, 1, 1), TODAY)  # ended today
    assert result(dossier, "no_sanction").passed
    _sanction(dossier, "demerit", datetime.date(2026, 3, 1), datetime.date(2027, 3, 1))
    r = result(dossier, "no_sanction")
    assert not r.passed and r.label == "无未满影响期的处分（记过、记大过、降级、撤职）"
    assert r.detail == "某某局2026年3月1日给予记过处分（某处字〔2026〕3号），2027年3月1日起影响期满"


def test_a_ban_ending_tomorrow_fails_today_and_passes_tomorrow(dossier, world):
    Ban.objects.create(id_number=dossier.applicant.id_number, person_name="张建国", starts_on=datetime.date(2023, 12, 2),
                       ends_on=TODAY + datetime.timedelta(days=1), authority="河北省职改办", reason="论文剽窃",
                       recorded_by=world.provincial)
    r = result(dossier, "no_ban")
    assert not r.passed and "2026年12月2日起方可重新申报" in r.detail
    assert result(dossier, "no_ban", on=TODAY + datetime.timedelta(days=1)).passed
