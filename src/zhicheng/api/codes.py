"""Code tables (字典) and the working-day calendar: read-only, open to every signed-in user."""

from __future__ import annotations

import datetime

from ninja import Router, Schema, Status

from zhicheng.codes.models import AssessmentResult, EducationLevel, Parameter, Series, Title
from zhicheng.http import int_param
from zhicheng.workdays.services import UnknownYearError, add_working_days, special_days

from .common import Problem

router = Router(tags=["代码表"])


class SeriesOut(Schema):
    id: int
    code: str
    name: str


class TitleOut(Schema):
    id: int
    code: str
    name: str
    level: str
    level_label: str
    series_id: int
    series: str


class EducationLevelOut(Schema):
    id: int
    code: str
    name: str


class AssessmentResultOut(Schema):
    id: int
    code: str
    name: str


class ParameterOut(Schema):
    key: str
    name: str
    value: int
    unit: str
    source: str


class HolidayOut(Schema):
    date: datetime.date
    is_workday: bool
    name: str


class WorkdaysOut(Schema):
    start: datetime.date
    working_days: int
    ends_on: datetime.date


def title_out(t: Title) -> dict:
    return {"id": t.pk, "code": t.code, "name": t.name, "level": t.level, "level_label": t.get_level_display(),
            "series_id": t.series_id, "series": t.series.name}


@router.get("/series", response=list[SeriesOut], summary="职称系列")
def list_series(request):
    return list(Series.objects.filter(active=True))


@router.get("/titles", response=list[TitleOut], summary="职称（可按系列筛选）")
def list_titles(request, series_id: int | None = None):
    qs = Title.objects.filter(active=True).select_related("series")
    if series_id is not None and not int_param(series_id):
        return []
    if series_id:
        qs = qs.filter(series_id=series_id)
    return [title_out(t) for t in qs]


@router.get("/education-levels", response=list[EducationLevelOut], summary="学历（GB/T 4658）")
def list_education_levels(request):
    return list(EducationLevel.objects.all())


@router.get("/assessment-results", response=list[AssessmentResultOut], summary="年度考核结果")
def list_assessment_results(request):
    return list(AssessmentResult.objects.all())


@router.get("/parameters", response=list[ParameterOut], summary="业务参数（上传上限、工作总结字数等）")
def list_parameters(request):
    return list(Parameter.objects.all())


@router.get("/holidays", response=list[HolidayOut], summary="管理员录入的节假日与调休（库外年份）")
def list_holidays(request, year: int):
    return special_days(year)


@router.get("/workdays", summary="按工作日计算截止日期", response={200: WorkdaysOut, 422: Problem})
def workdays(request, start: datetime.date, days: int):
    if days < 1 or days > 366:
        return Status(422, {"detail": ["工作日数应在1到366之间。"], "fields": {"days": ["工作日数应在1到366之间。"]}})
    try:
        return Status(200, {"start": start, "working_days": days, "ends_on": add_working_days(start, days)})
    except UnknownYearError as exc:
        return Status(422, {"detail": [str(exc)], "fields": {}})
