"""Home-page countdowns of the user's pending §三 work, in working days; red once overdue."""

import datetime
import re

import pytest
import time_machine

from ..support import stage2
from .conftest import return_prereview

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.dates]


def _countdowns(client, user, day: datetime.date) -> list[str]:
    client.force_login(user)
    with time_machine.travel(stage2.at(day), tick=False):
        html = client.get("/").content.decode()
    block = re.search(r'<section class="card" id="countdowns">(.*?)</section>', html, re.S)
    return re.findall(r"<li[^>]*>.*?</li>", block.group(1)) if block else []


def test_each_role_sees_its_own_deadline_counted_in_working_days(client, stage3):
    w = stage3
    day = datetime.date(2026, 9, 29)  # 9月29日、30日 and 10月8日 are the working days left
    assert _countdowns(client, w.applicant, day) == ["<li>距网上申报截止还有 3 个工作日（2026年10月8日）</li>"]
    assert _countdowns(client, w.hr, day) == ["<li>距资格预审补正截止还有 3 个工作日（2026年10月8日）</li>"]
    assert _countdowns(client, w.office_reviewer, day) == ["<li>距资格预审截止还有 3 个工作日（2026年10月8日）</li>"]
    # nothing pending for them
    assert _countdowns(client, w.applicant3, day) == []
    assert _countdowns(client, w.other_office_reviewer, day) == []


def test_on_the_deadline_day_and_after_it(client, stage3):
    w = stage3
    assert _countdowns(client, w.applicant, datetime.date(2026, 10, 8)) == [
        "<li>距网上申报截止还有 1 个工作日（2026年10月8日）</li>"]
    assert _countdowns(client, w.applicant, datetime.date(2026, 10, 9)) == [
        '<li class="error overdue">网上申报已于2026年10月8日截止</li>']


def test_the_home_page_sends_no_more_queries_with_more_deadlines(client, stage3):

    from ..support.queries import count_queries

    w = stage3
    day = stage2.at(datetime.date(2026, 9, 29))
    client.force_login(w.hr)
    with time_machine.travel(day, tick=False):
        client.get("/")
        before = count_queries(client, "/")
        return_prereview(w, w.app3, "缺少继续教育证明", "training", datetime.date(2026, 10, 9))
        after = count_queries(client, "/")
    assert after <= before
    assert len(_countdowns(client, w.hr, datetime.date(2026, 9, 29))) == 2


def test_working_days_counts_agrees_with_working_days_between():
    from zhicheng.workdays.services import working_days_between, working_days_counts

    start = datetime.date(2026, 9, 29)
    ends = [datetime.date(2026, 10, 8), datetime.date(2026, 9, 29), datetime.date(2026, 10, 12),
            datetime.date(2026, 10, 1)]
    assert working_days_counts(start, ends) == {end: working_days_between(start, end) for end in ends}
    assert working_days_counts(start, ends)[datetime.date(2026, 10, 8)] == 3
