"""Provisional holiday schedules for the years the demo's campaign needs and nobody has published yet.

The demo's campaign is placed around today, so its deadlines may run into a year whose State Council notice
is not in the calendar (chinesecalendar knows 2004–2026). Only here, for the demo, such a year is filled with
an assumed schedule built from the lunar dates, stored marked 演示数据（非国务院公布安排）. Outside the demo an
unknown year is still refused, and a year an administrator has entered is never touched.
"""

from __future__ import annotations

import datetime

import chinese_calendar

from zhicheng.workdays.models import PROVISIONAL_LABEL, HolidayYear
from zhicheng.workdays.services import builtin_years, define_year

D = datetime.date
DAY = datetime.timedelta(days=1)

# 春节 (正月初一), 端午节 (五月初五), 中秋节 (八月十五) in the Gregorian calendar.
LUNAR = {
    2027: (D(2027, 2, 6), D(2027, 6, 9), D(2027, 9, 15)),
    2028: (D(2028, 1, 26), D(2028, 5, 28), D(2028, 10, 3)),
    2029: (D(2029, 2, 13), D(2029, 6, 16), D(2029, 9, 22)),
    2030: (D(2030, 2, 3), D(2030, 6, 5), D(2030, 9, 12)),
    2031: (D(2031, 1, 23), D(2031, 6, 24), D(2031, 10, 1)),
}


def assumed_schedule(year: int) -> list[tuple[str, datetime.date, datetime.date]]:
    """Seven holidays on their dates, the lengths of recent notices, no 调休 (a demo, not a forecast)."""
    spring, dragon, moon = LUNAR[year]
    qingming = next(d for d, name in chinese_calendar.get_solar_terms(D(year, 4, 1), D(year, 4, 10))
                    if name == "清明")
    periods = [("元旦", D(year, 1, 1), D(year, 1, 1)), ("春节", spring - DAY, spring + 6 * DAY),
               ("清明节", qingming, qingming), ("劳动节", D(year, 5, 1), D(year, 5, 5)),
               ("端午节", dragon, dragon)]
    if D(year, 9, 30) <= moon <= D(year, 10, 8):  # taken together, as in 2020 and 2031
        periods.append(("国庆节、中秋节", D(year, 10, 1), D(year, 10, 8)))
    else:
        periods += [("中秋节", moon, moon), ("国庆节", D(year, 10, 1), D(year, 10, 7))]
    return periods


def ensure_years(first: datetime.date, last: datetime.date) -> list[int]:
    """Enter a provisional schedule for each year in [first, last] that neither the library nor an
    administrator covers; return the provisional years in use (for the demo's report)."""
    built_in = builtin_years()
    for year in range(first.year, last.year + 1):
        if year in built_in or year not in LUNAR or HolidayYear.objects.filter(year=year).exists():
            continue
        define_year(year, source=PROVISIONAL_LABEL, periods=assumed_schedule(year), workdays=[], provisional=True)
    return list(HolidayYear.objects.filter(provisional=True, year__range=(first.year, last.year))
                .order_by("year").values_list("year", flat=True))
