"""The calendar in the back office: the 系统管理员 enters periods and 调休 as ranges; marking a year complete
needs all seven statutory holidays; the list says which years are built in."""

import pytest

from zhicheng.orgs.roles import Role
from zhicheng.workdays.models import HolidayYear

from .. import factories as f
from .schedules import PERIODS_2027, WORKDAYS_2027

URL = "/admin/workdays/holidayyear/"


@pytest.fixture
def sysadmin(client, world):
    u = f.user(Role.SYSTEM_ADMIN, world.province, name="系统管理员")
    u.is_staff = True
    u.save()
    client.force_login(u)
    return u


def _inline(prefix: str, rows: list[tuple], extra: int = 0) -> dict:
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows) + extra), f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}
    for i, (name, first, last) in enumerate(rows):
        data |= {f"{prefix}-{i}-name": name, f"{prefix}-{i}-first_day": first.isoformat(),
                 f"{prefix}-{i}-last_day": last.isoformat()}
    return data


def _post(client, periods, workdays, complete=True):
    data = {"year": "2027", "source": "国务院办公厅关于2027年部分节假日安排的通知"}
    if complete:
        data["complete"] = "on"
    data |= _inline("periods", periods) | _inline("workdays", workdays)
    return client.post(f"{URL}add/", data)


def test_a_year_entered_by_ranges_is_saved(client, sysadmin):
    r = _post(client, PERIODS_2027, WORKDAYS_2027)
    assert r.status_code == 302
    year = HolidayYear.objects.get(year=2027)
    assert year.complete and not year.provisional
    assert year.periods.get(name="春节").last_day.isoformat() == "2027-02-13"
    assert year.workdays.count() == 3


def test_complete_without_spring_festival_is_refused_on_the_page(client, sysadmin):
    r = _post(client, [p for p in PERIODS_2027 if p[0] != "春节"], [])
    assert r.status_code == 200
    assert "2027年尚缺法定节假日：春节。七个法定节假日都录入后才能标记为录入完整。" in r.content.decode()
    assert not HolidayYear.objects.exists()


def test_a_year_may_be_saved_unfinished_but_not_complete(client, sysadmin):
    assert _post(client, PERIODS_2027[:1], [], complete=False).status_code == 302
    assert not HolidayYear.objects.get(year=2027).complete


def test_a_workday_inside_a_holiday_is_refused(client, sysadmin):
    bad = [("春节", PERIODS_2027[1][1], PERIODS_2027[1][1])]
    r = _post(client, PERIODS_2027, bad)
    assert "调休上班“春节”落在“春节”放假期间内，请检查。" in r.content.decode()


def test_the_list_says_which_years_are_built_in(client, sysadmin):
    _post(client, PERIODS_2027[:1], [], complete=False)
    page = client.get(URL).content.decode()
    assert "系统内置2004–2026年的国务院节假日安排" in page
    assert "春节、清明节、劳动节、端午节、中秋节、国庆节" in page  # the 2027 row's missing holidays
