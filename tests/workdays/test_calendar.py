"""Working days with holidays and 调休: chinesecalendar for the years it knows, the administrators' table
for the others, and a clear refusal for a year nobody has entered."""

import datetime

import pytest

from zhicheng.workdays.services import (
    UnknownYearError,
    add_working_days,
    define_year,
    is_working_day,
    working_days_between,
)

from .schedules import SCHEDULE_2027


def test_national_day_2026_and_adjusted_saturday(db):
    assert not is_working_day(datetime.date(2026, 10, 1))
    assert is_working_day(datetime.date(2026, 10, 10))  # Saturday 调休 working day
    assert not is_working_day(datetime.date(2026, 10, 11))


def test_five_working_days_across_national_day(db):
    # Tue 9-29, Wed 9-30, (holiday 10-1..10-7), Thu 10-8, Fri 10-9, Sat 10-10 (调休) -> day 5 is Sat 10-10
    assert add_working_days(datetime.date(2026, 9, 29), 5) == datetime.date(2026, 10, 10)
    assert add_working_days(datetime.date(2026, 9, 29), 4) == datetime.date(2026, 10, 9)
    assert add_working_days(datetime.date(2026, 9, 29), 6) == datetime.date(2026, 10, 12)
    assert working_days_between(datetime.date(2026, 9, 29), datetime.date(2026, 10, 10)) == 5


def test_unknown_year_is_refused_not_guessed(db):
    with pytest.raises(UnknownYearError, match="2027年的法定节假日和调休安排尚未录入"):
        add_working_days(datetime.date(2027, 1, 4), 3)


def test_administrator_table_serves_2027(db):
    define_year(2027, source="国务院办公厅关于2027年部分节假日安排的通知", **SCHEDULE_2027)
    # Thu 2026-12-31 is day 1; Fri 1-1 holiday; Sat 1-2, Sun 1-3 weekend; Mon 1-4 day 2 ... Fri 1-8 day 6
    assert add_working_days(datetime.date(2026, 12, 31), 6) == datetime.date(2027, 1, 8)
    # 调休: Sunday 2027-01-31 is worked for the Spring Festival
    assert is_working_day(datetime.date(2027, 1, 31))
    assert not is_working_day(datetime.date(2027, 1, 30))
