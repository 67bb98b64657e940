"""The demo works on any day: its campaign is placed around today, and a year whose schedule nobody has
published gets a provisional one marked 演示数据（非国务院公布安排）; outside the demo such a year is refused."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from zhicheng.campaigns.models import Campaign, CampaignStage
from zhicheng.committee.models import Committee, ReviewMeeting
from zhicheng.demo.holidays import assumed_schedule, ensure_years
from zhicheng.demo.stage_dossier import campaign_stages
from zhicheng.dossier.models import Application, ReturnRecord
from zhicheng.integrity.models import Ban
from zhicheng.office_review.models import OfficeSchedule
from zhicheng.publicity.models import PublicNotice
from zhicheng.publicity.services import phase
from zhicheng.results import result_notice as rn
from zhicheng.results.models import ResultNotice
from zhicheng.workdays.models import HolidayYear
from zhicheng.workdays.services import (
    STATUTORY_HOLIDAYS,
    UnknownYearError,
    add_working_days,
    builtin_years,
    define_year,
    missing_holidays,
)
from zhicheng.workflow.states import State

from .. import factories as f

pytestmark = pytest.mark.dates
D = datetime.date
BEIJING = datetime.timezone(datetime.timedelta(hours=8))


def _chain_is_in_order(stages):
    ends = [add_working_days(start, days) for _stage, start, days in stages]
    for (_s, start, _d), prev_end in zip(stages[1:], ends, strict=False):
        assert start > prev_end
    return ends


@pytest.mark.parametrize("today", [D(2026, 12, 1), D(2027, 1, 4), D(2028, 6, 30), D(2030, 12, 31)])
def test_the_campaign_is_placed_around_any_day_from_2026_to_2030(db, today):
    first, last = today - datetime.timedelta(days=60), today + datetime.timedelta(days=240)
    provisional = ensure_years(first, last)
    assert provisional == [y for y in range(first.year, last.year + 1) if y not in builtin_years()]
    assert today.year < 2027 or today.year in provisional
    stages = campaign_stages(today)
    assert [s for s, *_ in stages] == list(CampaignStage.Stage.values)
    application_start, days = stages[0][1:]
    assert application_start <= today <= add_working_days(application_start, days)
    assert application_start.weekday() == 0
    ends = _chain_is_in_order(stages)
    assert (ends[0] - today).days >= 15  # still open for three weeks or more


def test_an_assumed_year_has_the_seven_holidays_and_is_marked(db):
    for year in (2027, 2028, 2029, 2030, 2031):
        assert missing_holidays(name for name, *_ in assumed_schedule(year)) == []
    assert ("国庆节、中秋节", D(2031, 10, 1), D(2031, 10, 8)) in assumed_schedule(2031)
    assert ensure_years(D(2027, 1, 1), D(2027, 12, 31)) == [2027]
    row = HolidayYear.objects.get(year=2027)
    assert row.provisional and row.complete and row.source == "演示数据（非国务院公布安排）"
    assert len(STATUTORY_HOLIDAYS) == 7


def test_a_year_the_administrator_entered_is_left_alone(db):
    define_year(2027, source="管理员录入", periods=[("元旦", D(2027, 1, 1), D(2027, 1, 1))], workdays=[],
                complete=False)
    assert ensure_years(D(2027, 1, 1), D(2027, 12, 31)) == []
    row = HolidayYear.objects.get(year=2027)
    assert not row.provisional and row.periods.count() == 1


def test_outside_the_demo_an_unknown_year_is_still_refused(db):
    year = timezone.localdate().year + 5  # beyond any year the demo fills
    with pytest.raises(UnknownYearError, match=f"{year}年的法定节假日和调休安排尚未录入"):
        add_working_days(D(year, 3, 1), 5)


@pytest.mark.parametrize("day", [D(2027, 1, 4), D(2028, 6, 30), D(2026, 12, 5)])  # the last a Saturday
def test_load_demo_works_on_another_day_and_says_which_years_are_demo_data(db, settings, tmp_path, day):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}}}
    f.ensure_code_tables()
    out = io.StringIO()
    with time_machine.travel(datetime.datetime(day.year, day.month, day.day, 10, tzinfo=BEIJING), tick=True):
        call_command("load_demo", stdout=out)
        campaign = Campaign.objects.filter(year=day.year).first()
        window = campaign.stages.get(stage="application")
        assert window.starts_on <= day <= window.ends_on
        # §二 on that day too: a notice running today and one that ended, every §二 state, a ban in force
        phases = sorted(phase(n, day) for n in PublicNotice.objects.all())
        assert phases == ["ended", "running"]
        for notice in PublicNotice.objects.all():
            assert add_working_days(notice.starts_on, notice.working_days) == notice.ends_on
        states = set(Application.objects.values_list("state", flat=True))
        assert {State.SUBMITTED, State.UNIT_VERIFIED, State.SCORED, State.NOT_RECOMMENDED, State.IN_NOTICE,
                State.UNDER_INVESTIGATION, State.NOTICE_PASSED, State.DISQUALIFIED, State.UNIT_SUBMITTED} <= states
        assert Ban.objects.filter(starts_on=day, ends_on__gt=day).count() == 1
        # §三 on that day too: every state of the office's work, its deadlines still running
        assert {State.PREREVIEW_RETURNED, State.PREREVIEW_PASSED, State.ONLINE_SUBMITTED, State.ONLINE_PASSED,
                State.OFFICE_ENDORSED, State.SPOT_CHECK} <= states
        assert all(d >= day for d in OfficeSchedule.objects.values_list("ends_on", flat=True))
        assert all(r.deadline >= day for r in ReturnRecord.objects.filter(action="prereview_return"))
        # §四 on that day too: the chain forwarded, committees valid, meetings ahead with their panels drawn,
        # one held meeting per committee before the result notices; §五 every state, the notice running
        assert {State.HOST_REVIEW, State.HOST_RETURNED, State.SPOT_CHECK, State.SPOT_RETURNED, State.FAILED,
                State.RESULT_NOTICE, State.RESULT_REFUSED, State.RESULT_FILED, State.RESULT_APPROVED,
                State.ISSUED} <= states
        assert all(c.valid_from <= day <= c.valid_until for c in Committee.objects.all())
        meetings = list(ReviewMeeting.objects.filter(vote_session__isnull=True))
        assert len(meetings) == 2 and all(m.date > day and m.draws.exists() for m in meetings)
        held = list(ReviewMeeting.objects.filter(vote_session__isnull=False))
        ended = ResultNotice.objects.filter(ends_on__lt=day)
        assert len(held) == 2 and ended.count() == 2 and all(m.date < n.starts_on for m in held for n in ended)
        assert rn.running_notices(day).count() == 1
    text = out.getvalue()
    assert "申报61" in text and "单位公示：公示中 1，已结束 1" in text
    assert "演示数据（非国务院公布安排）" in text
    assert f"注意：{day.year}年" in text or day.year in builtin_years()
