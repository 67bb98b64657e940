"""The administrator enters holidays and 调休 as ranges; a year counts only when all seven statutory holidays
are in it; deadlines crossing an incomplete or unknown year are refused in Chinese; demo years are marked."""

import datetime

import pytest

from zhicheng.errors import Refusal
from zhicheng.workdays.models import PROVISIONAL_LABEL, HolidayPeriod, HolidayYear
from zhicheng.workdays.services import (
    IncompleteYearError,
    UnknownYearError,
    add_working_days,
    builtin_years,
    define_year,
    is_working_day,
    missing_holidays,
    schedule_problems,
)

from .schedules import PERIODS_2027, SCHEDULE_2027, WORKDAYS_2027

D = datetime.date


def test_builtin_years_are_those_chinesecalendar_knows():
    assert builtin_years() == range(2004, 2027)


def test_a_2027_table_with_only_new_year_does_not_let_a_deadline_run_through_spring_festival(db):
    year = HolidayYear.objects.create(year=2027, source="只录了元旦")
    HolidayPeriod.objects.create(year=year, name="元旦", first_day=D(2027, 1, 1), last_day=D(2027, 1, 1))
    with pytest.raises(IncompleteYearError) as exc:
        add_working_days(D(2027, 1, 25), 20)
    assert exc.value.problems == [
        "2027年的节假日安排尚未录入完整（尚缺：春节、清明节、劳动节、端午节、中秋节、国庆节），无法按工作日计算。"
        "请系统管理员在“工作日历”中录入全部七个法定节假日并勾选“全年安排已录入完整”后再试。"]
    assert exc.value.status == 422
    with pytest.raises(IncompleteYearError):  # crossing into it from a known year is refused too
        add_working_days(D(2026, 12, 28), 5)
    assert add_working_days(D(2026, 12, 28), 4) == D(2026, 12, 31)  # ends before the year: fine


def test_a_complete_year_skips_its_spring_festival_and_counts_its_adjusted_sunday(db):
    define_year(2027, source="通知", **SCHEDULE_2027)
    assert is_working_day(D(2027, 1, 31))  # Sunday worked (调休)
    assert not is_working_day(D(2027, 2, 8))  # Monday in the Spring Festival
    # Thu 2-4 is day 1; 2-5..2-13 holiday; Sun 2-14 weekend; Mon 2-15 day 2
    assert add_working_days(D(2027, 2, 4), 2) == D(2027, 2, 15)


def test_complete_needs_all_seven_statutory_holidays():
    six = PERIODS_2027[:-1]
    assert missing_holidays(name for name, *_ in six) == ["国庆节"]
    assert schedule_problems(2027, complete=True, periods=six, workdays=[]) == [
        "2027年尚缺法定节假日：国庆节。七个法定节假日都录入后才能标记为录入完整。"]
    assert schedule_problems(2027, complete=False, periods=six, workdays=[]) == []  # may be saved unfinished
    assert schedule_problems(2027, complete=True, periods=PERIODS_2027, workdays=WORKDAYS_2027) == []


def test_two_holidays_taken_together_count_for_both():
    periods = [*PERIODS_2027[:5], ("国庆节、中秋节", D(2027, 10, 1), D(2027, 10, 8))]
    assert schedule_problems(2027, complete=True, periods=periods, workdays=[]) == []


def test_ranges_are_checked_at_their_edges():
    p = schedule_problems(2027, complete=False, workdays=[("春节", D(2027, 2, 6), D(2027, 2, 6))], periods=[
        ("春节", D(2027, 2, 5), D(2027, 2, 13)),
        ("清明节", D(2027, 4, 5), D(2027, 4, 3)),
        ("元旦", D(2026, 12, 31), D(2027, 1, 1)),
        ("劳动节", D(2027, 5, 1), D(2027, 5, 5)),
        ("端午节", D(2027, 5, 5), D(2027, 5, 6)),  # shares 5-5 with 劳动节
    ])
    assert p == [
        "放假安排“清明节”的末日（2027-04-03）早于首日（2027-04-05），请检查。",
        "放假安排“元旦”（2026-12-31至2027-01-01）不在2027年内；跨年的日子请录入在所属年份。",
        "放假安排“劳动节”与“端午节”的日期重叠，请检查。",
        "调休上班“春节”落在“春节”放假期间内，请检查。",
    ]
    # touching but not overlapping is fine; a one-day range is first == last
    assert schedule_problems(2027, complete=False, workdays=[], periods=[
        ("劳动节", D(2027, 5, 1), D(2027, 5, 5)), ("端午节", D(2027, 5, 6), D(2027, 5, 6))]) == []


def test_define_year_refuses_with_every_problem_and_stores_nothing(db):
    with pytest.raises(Refusal) as exc:
        define_year(2027, source="通知", periods=PERIODS_2027[:1], workdays=[])
    assert exc.value.problems == [
        "2027年尚缺法定节假日：春节、清明节、劳动节、端午节、中秋节、国庆节。七个法定节假日都录入后才能标记为录入完整。"]
    assert not HolidayYear.objects.exists()


def test_a_provisional_year_is_marked_and_never_replaces_a_published_one(db):
    row = define_year(2027, source="", provisional=True, **SCHEDULE_2027)
    assert row.provisional and row.source == PROVISIONAL_LABEL == "演示数据（非国务院公布安排）"
    assert str(row) == "2027年演示数据（非国务院公布安排）"
    with pytest.raises(Refusal, match="2026年已有国务院公布的安排"):
        define_year(2026, source="", provisional=True, periods=[], workdays=[], complete=False)


def test_a_year_nobody_entered_is_still_refused(db):
    with pytest.raises(UnknownYearError, match="2028年的法定节假日和调休安排尚未录入") as exc:
        add_working_days(D(2028, 3, 1), 5)
    assert not isinstance(exc.value, IncompleteYearError)
