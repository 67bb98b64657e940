"""Working-day arithmetic with the Chinese holiday and 调休 calendar.

Order: the administrator's table (HolidayYear) when the year is entered there — and only once it is
complete; otherwise the chinesecalendar library (2004–2026); otherwise refuse — never guess.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

import chinese_calendar
from chinese_calendar.constants import holidays as _library_holidays
from django.db import transaction

from zhicheng.errors import Refusal

from .models import PROVISIONAL_LABEL, AdjustedWorkday, HolidayPeriod, HolidayYear

# 《全国年节及纪念日放假办法》: the seven statutory holidays a year's schedule must contain.
STATUTORY_HOLIDAYS = ("元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节")

Range = tuple[str, datetime.date, datetime.date]  # (name, first day, last day)


class UnknownYearError(Refusal):
    def __init__(self, year: int, problem: str | None = None):
        self.year = year
        super().__init__(problem or (
            f"{year}年的法定节假日和调休安排尚未录入，无法按工作日计算。"
            f"请系统管理员依据国务院办公厅公布的{year}年节假日安排通知，在“工作日历”中录入后再试。"
        ))


class IncompleteYearError(UnknownYearError):
    """The year is in the table but not marked complete: a deadline would run straight through a holiday."""

    def __init__(self, year: int, missing: list[str]):
        lacking = f"（尚缺：{'、'.join(missing)}）" if missing else ""
        super().__init__(year, (
            f"{year}年的节假日安排尚未录入完整{lacking}，无法按工作日计算。"
            f"请系统管理员在“工作日历”中录入全部七个法定节假日并勾选“全年安排已录入完整”后再试。"
        ))


def builtin_years() -> range:
    """The years the chinesecalendar library knows (2004–2026 for version 1.11)."""
    years = {d.year for d in _library_holidays}
    return range(min(years), max(years) + 1)


def missing_holidays(names: Iterable[str]) -> list[str]:
    """The statutory holidays none of `names` mentions ("国庆节、中秋节" covers both)."""
    text = " ".join(names)
    return [h for h in STATUTORY_HOLIDAYS if h not in text]


def _range_problems(year: int, ranges: list[Range], what: str) -> list[str]:
    problems = []
    for name, first, last in ranges:
        label = f"{what}“{name}”" if name else what
        if first > last:
            problems.append(f"{label}的末日（{last}）早于首日（{first}），请检查。")
        elif first.year != year or last.year != year:
            problems.append(f"{label}（{first}至{last}）不在{year}年内；跨年的日子请录入在所属年份。")
    spans = sorted((first, last, name) for name, first, last in ranges if first <= last)
    for (_a, a_last, a_name), (b_first, _b, b_name) in zip(spans, spans[1:], strict=False):
        if b_first <= a_last:
            problems.append(f"{what}“{a_name}”与“{b_name}”的日期重叠，请检查。")
    return problems


def schedule_problems(year: int, *, complete: bool, periods: list[Range], workdays: list[Range]) -> list[str]:
    """Everything wrong with a year's schedule at once (Chinese): ranges inside the year, in order, not
    overlapping; a 调休 day is not inside a holiday; complete only with all seven statutory holidays."""
    problems = _range_problems(year, periods, "放假安排") + _range_problems(year, workdays, "调休上班")
    for w_name, w_first, w_last in workdays:
        for p_name, p_first, p_last in periods:
            if w_first <= p_last and p_first <= w_last:
                problems.append(f"调休上班“{w_name or w_first}”落在“{p_name}”放假期间内，请检查。")
    if complete:
        missing = missing_holidays(name for name, _f, _l in periods)
        if missing:
            problems.append(f"{year}年尚缺法定节假日：{'、'.join(missing)}。七个法定节假日都录入后才能标记为录入完整。")
    return problems


@transaction.atomic
def define_year(year: int, *, source: str, periods: list[Range], workdays: list[Range], complete: bool = True,
                provisional: bool = False) -> HolidayYear:
    """Enter (or replace) a year's schedule by ranges, refused with every problem at once."""
    problems = schedule_problems(year, complete=complete, periods=periods, workdays=workdays)
    if year in builtin_years() and provisional:
        problems.append(f"{year}年已有国务院公布的安排（系统内置），不能录入演示数据。")
    if problems:
        raise Refusal(problems)
    row, _ = HolidayYear.objects.update_or_create(
        year=year, defaults={"source": PROVISIONAL_LABEL if provisional else source, "complete": complete,
                             "provisional": provisional})
    row.periods.all().delete()
    row.workdays.all().delete()
    HolidayPeriod.objects.bulk_create(HolidayPeriod(year=row, name=n, first_day=a, last_day=b) for n, a, b in periods)
    AdjustedWorkday.objects.bulk_create(AdjustedWorkday(year=row, name=n, first_day=a, last_day=b)
                                        for n, a, b in workdays)
    return row


def _days(first: datetime.date, last: datetime.date) -> Iterable[datetime.date]:
    for i in range((last - first).days + 1):
        yield first + datetime.timedelta(days=i)


def special_days(year: int) -> list[dict]:
    """The entered table of a year day by day: {date, is_workday, name}, in date order."""
    out = [{"date": d, "is_workday": False, "name": p.name}
           for p in HolidayPeriod.objects.filter(year__year=year) for d in _days(p.first_day, p.last_day)]
    out += [{"date": d, "is_workday": True, "name": w.name}
            for w in AdjustedWorkday.objects.filter(year__year=year) for d in _days(w.first_day, w.last_day)]
    return sorted(out, key=lambda x: x["date"])


class _YearTable:
    """Per-call cache so a long span costs a few queries per year, not one per day."""

    def __init__(self):
        self._years: dict[int, dict[datetime.date, bool] | None] = {}

    def special(self, year: int) -> dict[datetime.date, bool] | None:
        if year not in self._years:
            row = HolidayYear.objects.filter(year=year).first()
            if row is None:
                self._years[year] = None
            elif not row.complete:
                raise IncompleteYearError(year, missing_holidays(row.periods.values_list("name", flat=True)))
            else:
                self._years[year] = {d["date"]: d["is_workday"] for d in special_days(year)}
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


def working_days_counts(start: datetime.date, ends: Iterable[datetime.date]) -> dict[datetime.date, int]:
    """working_days_between(start, end) for each end, reading the calendar once (a page's countdowns send the
    same queries however many deadlines they show)."""
    table = _YearTable()
    wanted = sorted(set(ends))
    out: dict[datetime.date, int] = {}
    count, day = 0, start
    for end in wanted:
        while day <= end:
            count += table.is_working_day(day)
            day += datetime.timedelta(days=1)
        out[end] = count
    return out
