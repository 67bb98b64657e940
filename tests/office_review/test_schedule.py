import datetime

import pytest

from zhicheng.office_review import schedule
from zhicheng.office_review.models import OfficeSchedule
from zhicheng.orgs.roles import Role

from .. import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def orgs():
    province = f.org("省职改办", "province")
    office = f.org("市教育局", "office", province)
    unit = f.org("市第一中学", "unit", office)
    return province, office, unit


def test_the_office_sets_a_step_counted_in_working_days_over_the_national_day_holiday(orgs):
    _, office, _ = orgs
    reviewer = f.user(Role.OFFICE_REVIEWER, office)
    row = schedule.set_step(reviewer, office, 2026, OfficeSchedule.Step.PREREVIEW,
                            starts_on=datetime.date(2026, 9, 29), working_days=5)
    assert row.ends_on == datetime.date(2026, 10, 10)  # 10月1日–8日 holiday, Saturday 10月10日 a 调休 working day
    assert schedule.deadline(office, 2026, OfficeSchedule.Step.PREREVIEW) == datetime.date(2026, 10, 10)
    assert schedule.deadline(office, 2026, OfficeSchedule.Step.FORWARD) is None


def test_only_the_offices_own_reviewers_set_its_schedule(orgs):
    province, office, _ = orgs
    stranger = f.user(Role.OFFICE_REVIEWER, f.org("其他主管部门", "office", province))
    with pytest.raises(schedule.ScheduleError) as exc:
        schedule.set_step(stranger, office, 2026, OfficeSchedule.Step.ONLINE,
                          starts_on=datetime.date(2026, 11, 2), working_days=10)
    assert exc.value.forbidden
    with pytest.raises(schedule.ScheduleError) as exc:
        schedule.set_step(f.user(Role.OFFICE_REVIEWER, office), office, 2026, OfficeSchedule.Step.ONLINE,
                          starts_on=datetime.date(2026, 11, 2), working_days=0)
    assert "工作日数" in exc.value.problems[0]
    assert not OfficeSchedule.objects.exists()


def test_the_office_of_an_application_is_the_nearest_office_above_its_unit(orgs):
    _, office, unit = orgs
    hr = f.user(Role.UNIT_HR, unit)
    app = f.application(f.user(Role.APPLICANT, unit), f.campaign(unit, hr))
    assert schedule.office_of(app) == office
