"""Which set applies (破格 against its own), a missing or broken set never passes, the defaults loaded by
migration, and the query count does not grow with the dossier's rows."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhicheng.codes.models import AssessmentResult, Series
from zhicheng.dossier import models as m
from zhicheng.eligibility.models import Condition, ConditionSet
from zhicheng.eligibility.services import evaluate

from .. import factories as f
from .conftest import PLAIN, TODAY, current_title, rules

pytestmark = pytest.mark.dates


def senior_app(world, *, exceptional: bool):
    """正高级工程师 applied for by an 工程师 (中级): two levels up."""
    app = f.application(world.applicant2, world.campaign, "Z0801")
    if exceptional:
        m.Application.objects.filter(pk=app.pk).update(is_exceptional=True)
        app.refresh_from_db()
    f.fill_required(app, skip={"current_title", "summary"})
    current_title(app, "083", datetime.date(2015, 12, 31))
    return app


def step(report):
    return next(r for r in report.results if r.key == "level_step")


def test_a_jump_of_two_levels_fails_without_po_ge_and_passes_its_own_po_ge_set(world):
    rules("080", "senior", PLAIN)
    rules("080", "senior", [("level_step", {"max_levels": 2}), ("no_ban", {})], exceptional=True)
    normal = evaluate(senior_app(world, exceptional=False), on=TODAY)
    r = step(normal)
    assert not r.passed and r.label == "逐级申报：申报职称比现任职称高一级"
    assert r.detail == "现任：工程师（中级）；申报：正高级工程师（正高级），高2级"
    m.Application.objects.filter(applicant=world.applicant2).delete()
    exceptional = evaluate(senior_app(world, exceptional=True), on=TODAY)
    assert exceptional.title == "工程技术正高级破格申报条件"
    assert [r.key for r in exceptional.results] == ["level_step", "no_ban"]  # its own conditions, not the normal ones
    assert exceptional.passed and step(exceptional).label == "申报职称比现任职称最多高2级"


def test_a_po_ge_set_with_one_step_still_refuses_two(world):
    rules("080", "senior", [("level_step", {"max_levels": 1})], exceptional=True)
    assert not evaluate(senior_app(world, exceptional=True), on=TODAY).passed


def test_a_missing_set_is_a_failed_result_saying_so(dossier):
    ConditionSet.objects.filter(series__code="080", level="associate_senior", exceptional=False).delete()
    report = evaluate(dossier, on=TODAY)
    assert not report.passed and len(report.failed) == 1
    assert report.results[0].detail == "未设置工程技术副高级申报条件，无法核对；请系统管理员在管理后台设置。"


def test_an_empty_set_does_not_pass(dossier):
    rules("080", "associate_senior", [])
    report = evaluate(dossier, on=TODAY)
    assert not report.passed and "未列出任何条件" in report.results[0].detail


def test_wrong_parameters_fail_the_condition_and_are_refused_by_the_form(dossier):
    cset = rules("080", "associate_senior", [("assessments", {"years": "五"}), ("no_ban", {})])
    report = evaluate(dossier, on=TODAY)
    bad = report.results[0]
    assert not bad.passed and "条件参数有误" in bad.detail and "缺少参数“min_result”" in bad.detail
    assert report.results[1].passed
    with pytest.raises(ValidationError):
        Condition(condition_set=cset, kind="no_sanction", params={"kinds": ["dismissal"]}).full_clean()
    with pytest.raises(ValidationError):
        Condition(condition_set=cset, kind="years_since_title", params={"by_education": [{"years": 5}]}).full_clean()
    Condition(condition_set=cset, kind="level_step", params={"max_levels": 1}).full_clean()


def test_the_reference_date_is_data(dossier):
    ConditionSet.objects.filter(series__code="080", level="associate_senior", exceptional=False).update(
        reference_month=6, reference_day=30)
    current_title(dossier, obtained=datetime.date(2021, 6, 30))
    r = next(r for r in evaluate(dossier, on=TODAY).results if r.key == "years_since_title")
    assert r.passed and "截至2026年6月30日满5年" in r.detail


def test_defaults_are_loaded_for_the_series_in_the_code_tables(db):
    engineering = ConditionSet.objects.get(series__code="080", level="associate_senior", exceptional=False)
    kinds = list(engineering.conditions.values_list("kind", flat=True))
    assert kinds == ["min_education", "years_since_title", "level_step", "assessments", "continuing_education",
                     "in_post", "no_sanction", "no_ban"]
    assert ConditionSet.objects.filter(series__code="080", level="senior", exceptional=True).exists()
    health = ConditionSet.objects.get(series__code="230", level="senior", exceptional=False)
    assert health.conditions.get(kind="continuing_education").params["per_year"] == 25
    assert not ConditionSet.objects.filter(series=Series.objects.get(code="980"), level="senior").exists()  # no 正高
    for c in Condition.objects.all():
        c.full_clean()


def _queries(app) -> int:
    app = m.Application.objects.select_related("applicant", "campaign", "series", "title").get(pk=app.pk)
    with CaptureQueriesContext(connection) as ctx:
        evaluate(app, on=TODAY)
    return len(ctx.captured_queries)


def test_the_query_count_does_not_grow_with_the_rows(dossier):
    few = _queries(dossier)
    good = AssessmentResult.objects.get(code="excellent")
    for y in range(2005, 2021):
        m.AnnualAssessment.objects.create(application=dossier, year=y, result=good)
        m.ContinuingEducation.objects.create(application=dossier, year=y, hours=90)
        m.WorkExperience.objects.create(application=dossier, start_date=datetime.date(y, 1, 1),
                                        end_date=datetime.date(y, 12, 31), employer="某院", position="设计员")
    assert _queries(dossier) == few <= 11
