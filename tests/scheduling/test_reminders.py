"""§三 deadline reminders: exactly `reminder_working_days` working days before the deadline (counted over the
国庆 holiday), not before, once per person and deadline, to the people who still have work."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.db.models import Q

from zhicheng.codes.models import Parameter
from zhicheng.messaging.models import Message
from zhicheng.office_review import schedule
from zhicheng.office_review.models import OfficeSchedule
from zhicheng.scheduling import jobs

from ..support import stage2
from .conftest import DEADLINE, pass_prereview, return_online, submit_online

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.dates]

Step = OfficeSchedule.Step


def _run_on(day: datetime.date):
    with time_machine.travel(stage2.at(day), tick=False):
        return jobs.run_due(names=["remind_deadlines"])


def _reminders():
    """Reminders only: the steps themselves (预审通过, 退回) also send messages."""
    return Message.objects.filter(Q(key__startswith="deadline:") | Q(key__startswith="correction:"))


def _subjects(user) -> list[str]:
    return sorted(_reminders().filter(recipient=user).values_list("subject", flat=True))


def test_reminded_two_working_days_before_a_deadline_right_after_national_day(stage3):
    w = stage3
    w.applicant.email = "zhang@example.cn"
    w.applicant.save(update_fields=["email"])
    # 9月28日: 9月29日、30日、10月8日 are left — three working days: too early.
    _run_on(datetime.date(2026, 9, 28))
    assert not _reminders().exists()
    # 9月29日: 9月30日 and 10月8日 are left (10月1日–7日 are holidays): two working days — reminded, although
    # the deadline is nine calendar days away.
    _run_on(datetime.date(2026, 9, 29))
    assert _subjects(w.applicant) == ["网上申报将于2026年10月8日截止"]
    body = _reminders().get(recipient=w.applicant).body
    assert "还有2个工作日" in body and "放弃处理" in body
    assert _subjects(w.hr) == ["资格预审补正（李秀英）将于2026年10月8日截止"]
    assert _subjects(w.office_reviewer) == ["资格预审（待办1件）将于2026年10月8日截止"]
    # Those with nothing left to do there are not reminded: 李秀英 (returned to her unit), 王强 (waits on the
    # office), the other office's reviewer.
    assert _subjects(w.applicant2) == _subjects(w.applicant3) == _subjects(w.other_office_reviewer) == []
    assert "【职称申报】网上申报将于2026年10月8日截止" in [m.subject for m in mail.outbox]


def test_each_person_is_reminded_once_per_deadline(stage3):
    for day in (datetime.date(2026, 9, 29), datetime.date(2026, 9, 30), datetime.date(2026, 10, 6),
                DEADLINE):
        _run_on(day)
    assert _reminders().filter(recipient=stage3.applicant).count() == 1
    assert _reminders().filter(recipient=stage3.office_reviewer).count() == 1


def test_a_reminder_is_sent_late_when_the_runner_missed_the_day_but_never_after_the_deadline(stage3):
    _run_on(DEADLINE + datetime.timedelta(days=1))
    assert not _reminders().exists()
    _run_on(DEADLINE)  # the runner was down until the deadline day itself
    body = _reminders().get(recipient=stage3.applicant).body
    assert "（今天）" in body


def test_the_lead_time_is_a_parameter(stage3):
    Parameter.objects.update_or_create(key="reminder_working_days", defaults={"value": 4})
    from django.core.cache import cache

    cache.clear()
    _run_on(datetime.date(2026, 9, 25))  # 9月28日、29日、30日、10月8日 left
    assert "还有4个工作日" in _reminders().get(recipient=stage3.applicant).body


def test_a_changed_deadline_reminds_again(stage3):
    w = stage3
    _run_on(datetime.date(2026, 9, 29))
    with time_machine.travel(stage2.at(datetime.date(2026, 9, 30)), tick=False):
        schedule.set_step(w.office_reviewer, w.office, w.campaign.year, Step.ONLINE,
                          starts_on=datetime.date(2026, 9, 15), working_days=14)  # to 10月9日
    _run_on(datetime.date(2026, 10, 8))
    assert _subjects(w.applicant) == ["网上申报将于2026年10月8日截止", "网上申报将于2026年10月9日截止"]


def test_nobody_is_reminded_once_the_work_is_done(stage3):
    w = stage3
    with time_machine.travel(stage2.at(datetime.date(2026, 9, 28)), tick=False):
        pass_prereview(w, w.app3)
        submit_online(w, w.app)
    _run_on(datetime.date(2026, 9, 29))
    assert _subjects(w.applicant) == [] and _subjects(w.office_reviewer) == []
    assert _subjects(w.applicant3) == ["网上申报将于2026年10月8日截止"]


def test_the_abandonment_job_abandons_the_day_after_the_deadline_and_names_who(stage3):
    w = stage3
    with time_machine.travel(stage2.at(DEADLINE), tick=False):
        row = jobs.run_due(names=["abandon_overdue"])[0]
    assert not row.error and row.result == "逾期视为放弃0件"
    with time_machine.travel(stage2.at(DEADLINE + datetime.timedelta(days=1)), tick=False):
        row = jobs.run_due(names=["abandon_overdue"])[0]
    w.app2.refresh_from_db()
    assert w.app2.state == "abandoned"
    assert not row.error and row.result.startswith("逾期视为放弃") and f"李秀英（{w.app2.pk}）" in row.result


def test_the_applicant_is_reminded_of_an_online_return_correction_deadline(stage3):
    w = stage3
    correction = datetime.date(2026, 9, 30)
    with time_machine.travel(stage2.at(datetime.date(2026, 9, 25)), tick=False):
        submit_online(w, w.app)
        return_online(w, w.app, "论文检索证明缺失", "publications", correction)
    _run_on(datetime.date(2026, 9, 28))  # 9月29日、30日 left
    assert _subjects(w.applicant) == ["网上审核退回补正将于2026年9月30日截止"]
    _run_on(datetime.date(2026, 9, 29))  # and the online step's own deadline reminds separately
    assert _subjects(w.applicant) == ["网上审核退回补正将于2026年9月30日截止", "网上申报将于2026年10月8日截止"]


def test_the_abandonment_job_calls_the_rule_when_it_is_there(stage3, monkeypatch):
    from zhicheng.office_review import prereview_jobs

    seen = []
    monkeypatch.setattr(prereview_jobs, "abandon_overdue", lambda today: seen.append(today) or "放弃2件",
                        raising=False)
    with time_machine.travel(stage2.at(DEADLINE + datetime.timedelta(days=1)), tick=False):
        row = jobs.run_due(names=["abandon_overdue"])[0]
    assert seen == [datetime.date(2026, 10, 9)] and row.result == "放弃2件"
