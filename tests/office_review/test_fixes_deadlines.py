"""Review fixes of §三's deadlines: a late online submission is refused (the deadline day still in time); when
the office set no 网上申报 deadline, `online_application_working_days` working days from the day after 预审通过
hold (shown, reminded, abandoned); the SMS log keeps only its last 100 texts."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.cache import cache

from zhicheng.codes.models import PARAMETER_DEFAULTS, Parameter
from zhicheng.messaging.models import Message
from zhicheng.messaging.sms import LoggingSmsBackend
from zhicheng.office_review import online, prereview, prereview_jobs, schedule
from zhicheng.office_review.reminders import remind_deadlines
from zhicheng.workflow import actions
from zhicheng.workflow.services import TransitionError
from zhicheng.workflow.states import State

from .. import factories as f
from ..support import stage3_prereview as s3

pytestmark = [pytest.mark.django_db, pytest.mark.dates]
BEIJING = zoneinfo.ZoneInfo("Asia/Shanghai")
PASSED_ON = datetime.date(2026, 11, 10)  # a Tuesday
# No office deadline: 10 working days from 11月11日 → 11月24日 (a Tuesday).
FALLBACK = datetime.date(2026, 11, 24)


def on(day, hour=10):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(hour), tzinfo=BEIJING), tick=False)


@pytest.fixture
def passed(world):
    world.app = f.submitted(world.app)
    s3.online_batch(world, [world.app])  # the batch on 2026-11-02
    with on(PASSED_ON):
        prereview.prereview_pass(world.office_reviewer, world.app, justification="经核实原件，符合申报条件。")
    world.app.refresh_from_db()
    assert world.app.state == State.PREREVIEW_PASSED
    return world


def test_the_parameter_is_data_with_a_chinese_name_and_source():
    name, value, unit, source = PARAMETER_DEFAULTS["online_application_working_days"]
    assert (value, unit) == (10, "工作日") and "网上申报" in name and "§三" in source


# ----------------------------------------------------------------------------- 6. no office schedule

def test_without_an_office_schedule_the_fallback_deadline_counts_from_the_day_after_the_pass(passed):
    assert prereview.deadline_of(passed.app) == FALLBACK


def test_the_fallback_is_a_parameter(passed):
    name, _v, unit, source = PARAMETER_DEFAULTS["online_application_working_days"]
    Parameter.objects.update_or_create(key="online_application_working_days",
                                       defaults={"name": name, "value": 3, "unit": unit, "source": source})
    cache.delete("param:online_application_working_days")
    assert prereview.deadline_of(passed.app) == datetime.date(2026, 11, 13)


def test_the_offices_own_deadline_replaces_the_fallback(passed):
    w = passed
    schedule.set_step(w.office_reviewer, w.office, 2026, "online", starts_on=datetime.date(2026, 11, 16),
                      working_days=10)
    assert prereview.deadline_of(w.app) == datetime.date(2026, 11, 27)


def test_without_an_office_schedule_the_pass_is_abandoned_the_day_after_the_fallback(passed):
    assert prereview_jobs.abandon_overdue(FALLBACK) == []
    done = prereview_jobs.abandon_overdue(FALLBACK + datetime.timedelta(days=1))
    passed.app.refresh_from_db()
    assert [a.pk for a in done] == [passed.app.pk] and passed.app.state == State.ABANDONED


def test_without_an_office_schedule_the_applicant_is_reminded(passed):
    w = passed
    assert remind_deadlines(datetime.date(2026, 11, 19)) == "发送截止提醒0条"  # 11-20, 23, 24 left: 3 > 2
    assert remind_deadlines(datetime.date(2026, 11, 20)) == "发送截止提醒1条"  # 11-23, 24 left
    msg = Message.objects.get(recipient=w.applicant, subject="网上申报将于2026年11月24日截止")
    assert "还有2个工作日" in msg.body and msg.link == f"/applications/{w.app.pk}/"
    assert remind_deadlines(datetime.date(2026, 11, 23)) == "发送截止提醒0条"  # once per deadline
    assert remind_deadlines(datetime.date(2026, 11, 25)) == "发送截止提醒0条"  # never after it


def test_with_an_office_schedule_the_fallback_reminds_nobody(passed):
    w = passed
    schedule.set_step(w.office_reviewer, w.office, 2026, "online", starts_on=datetime.date(2026, 11, 16),
                      working_days=10)  # ends 11-27
    remind_deadlines(datetime.date(2026, 11, 20))
    assert not Message.objects.filter(recipient=w.applicant, subject__contains="2026年11月24日").exists()


def test_without_an_office_schedule_the_applicants_home_page_counts_down_to_the_fallback(passed):
    from django.test import Client

    c = Client()
    c.force_login(passed.applicant)
    with on(datetime.date(2026, 11, 20)):
        html = c.get("/").content.decode()
    assert "距网上申报截止还有" in html and "2026年11月24日" in html


# ----------------------------------------------------------------------------- 5. late online submission

def test_online_submission_on_the_last_day_is_accepted(passed):
    w = passed
    schedule.set_step(w.office_reviewer, w.office, 2026, "online", starts_on=datetime.date(2026, 11, 16),
                      working_days=5)  # ends Friday 11-20
    with on(datetime.date(2026, 11, 20), 23):
        assert "online_submit" in [t.action for t in actions.available(w.applicant, w.app)]
        online.online_submit(w.applicant, w.app)
    w.app.refresh_from_db()
    assert w.app.state == State.ONLINE_SUBMITTED


def test_online_submission_the_day_after_is_refused_with_the_date(passed):
    w = passed
    schedule.set_step(w.office_reviewer, w.office, 2026, "online", starts_on=datetime.date(2026, 11, 16),
                      working_days=5)
    with on(datetime.date(2026, 11, 21), 0):
        assert "online_submit" not in [t.action for t in actions.available(w.applicant, w.app)]
        with pytest.raises(TransitionError) as exc:
            online.online_submit(w.applicant, w.app)
    assert exc.value.problems[0] == "网上申报已于2026年11月20日截止，不能再提交。"
    w.app.refresh_from_db()
    assert w.app.state == State.PREREVIEW_PASSED


def test_online_submission_after_the_fallback_deadline_is_refused(passed):
    w = passed
    with on(FALLBACK + datetime.timedelta(days=1)), pytest.raises(TransitionError) as exc:
        actions.perform(w.app, "online_submit", actor=w.applicant, data={})
    assert exc.value.problems[0] == "网上申报已于2026年11月24日截止，不能再提交。"


def test_a_resubmission_after_the_online_return_deadline_is_refused(passed):
    w = passed
    with on(datetime.date(2026, 11, 12)):
        online.online_submit(w.applicant, w.app)
    with on(datetime.date(2026, 11, 13)):  # a Friday: 5 working days from Monday 11-16 → 11-20
        online.online_return(w.office_reviewer, w.app, reason="学历证书不清晰", sections=["education"])
    with on(datetime.date(2026, 11, 21)), pytest.raises(TransitionError) as exc:
        online.online_submit(w.applicant, w.app)
    assert exc.value.problems[0] == "网上审核退回的补正期限已于2026年11月20日截止，不能再提交。"
    with on(datetime.date(2026, 11, 20)):
        online.online_submit(w.applicant, w.app)
    w.app.refresh_from_db()
    assert w.app.state == State.ONLINE_SUBMITTED


def test_the_online_return_notifies_the_applicant(passed):
    w = passed
    with on(datetime.date(2026, 11, 12)):
        online.online_submit(w.applicant, w.app)
        online.online_return(w.office_reviewer, w.app, reason="学历证书不清晰", sections=["education"])
    msg = Message.objects.get(recipient=w.applicant, subject="网上申报被退回修改")
    assert "学历证书不清晰" in msg.body and "2026年11月19日" in msg.body


# ----------------------------------------------------------------------------- 8. the SMS log is bounded

def test_the_logging_sms_backend_keeps_only_the_last_100():
    LoggingSmsBackend.sent.clear()
    backend = LoggingSmsBackend()
    for i in range(150):
        backend.send("13800138000", f"第{i}条")
    assert len(LoggingSmsBackend.sent) == 100
    assert LoggingSmsBackend.sent[0][1] == "第50条" and LoggingSmsBackend.sent[-1][1] == "第149条"
    LoggingSmsBackend.sent.clear()
