"""Working-day arithmetic with the Chinese holiday and 调休 calendar.

Order: the administrator's table (HolidayYear) when the year is entered there; otherwise the
chinesecalendar library (2004–2026); otherwise refuse — never guess.
"""

from __future__ import annotations

import datetime

import chinese_calendar

from .models import HolidayYear, SpecialDay


class UnknownYearError(Exception):
    def __init__(self, year: int):
        self.year = year
        super().__init__(
            f"{year}年的法定节假日和调休安排尚未录入，无法按工作日计算。"
            f"请系统管理员依据国务院办公厅公布的{year}年节假日安排通知，在“工作日历”中录入后再试。"
        )


class _YearTable:
    """Per-call cache so a long span costs one query per year, not one per day."""

    def __init__(self):
        self._years: dict[int, dict[datetime.date, bool] | None] = {}

    def special(self, year: int) -> dict[datetime.date, bool] | None:
        if year not in self._years:
            if HolidayYear.objects.filter(year=year).exists():
                self._years[year] = dict(
                    SpecialDay.objects.filter(year__year=year).values_list("date", "is_workday")
                )
            else:
                self._years[year] = None
        return self._years[year]

    def is_working_day(self, day: datetime.date) -> bool:
        table = self.special(day.year)
        if table is not None:
            if day in table:
                return table[day]
            return day.weekday() < 5
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:
            raise UnknownYearError(day.year) from None


def is_working_day(day: datetime.date) -> bool:
    return _YearTable().is_working_day(day)


def add_working_days(start: datetime.date, n: int) -> datetime.date:
    """The last day of a period of n working days that begins on `start` (counted if it is a working day).

    Example: a 5-working-day notice starting Tuesday 2026-09-29 ends on Saturday 2026-10-10: 10月1日–7日
    is the National Day holiday and Saturday 10月10日 is a 调休 working day.
    """
    if n < 1:
        raise ValueError("工作日数至少为1。")
    table = _YearTable()
    day = start
    count = 0
    while True:
        if table.is_working_day(day):
            count += 1
            if count == n:
                return day
        day += datetime.timedelta(days=1)


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days in [start, end], both included."""
    table = _YearTable()
    count = 0
    day = start
    while day <= end:
        count += table.is_working_day(day)
        day += datetime.timedelta(days=1)
    return count
