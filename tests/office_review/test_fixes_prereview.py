"""Review fixes of §三(一): the paper path's one-time password is never lost through the generic actions, the
paper path's notice holds only the reviewer's reasons, the notice is sent to unit HR (and the applicant), the
pass message of a reused account, abandonment of a correction deadline spanning 国庆."""

import datetime

import pytest
import time_machine
from django.test import Client

from zhicheng.eligibility.services import Result
from zhicheng.messaging.models import Message
from zhicheng.office_review import prereview, prereview_jobs
from zhicheng.office_review.models import PrereviewNotice
from zhicheng.orgs.roles import Role
from zhicheng.workflow import actions
from zhicheng.workflow.services import TransitionError
from zhicheng.workflow.states import State

from .. import factories as f
from ..support import stage3_prereview as s3
from ..support.stage3_prereview import engine_passes  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.dates, pytest.mark.usefixtures("engine_passes")]

PAPER_ID = f.id_number(321, datetime.date(1980, 6, 1), female=True)


def client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def on(day, hour=10):
    return time_machine.travel(s3.at(day, hour), tick=False)


@pytest.fixture
def paper_app(world):
    entry = s3.paper_batch(world, [("王明", PAPER_ID, "083", "输变电工程")]).entries.get()
    world.paper_app = prereview.admit_paper_entry(world.office_reviewer, entry)
    return world


@pytest.fixture
def failing_engine(monkeypatch):
    report = s3.report(Result("min_education", "学历要求", False, "大学专科，须大学本科"))
    monkeypatch.setattr(prereview, "eligibility_report", lambda app: report)
    return report


# ----------------------------------------------------------------------------- 1. the one-time password

def test_the_generic_pass_is_not_offered_on_the_paper_path_and_points_to_the_prereview_page(paper_app):
    w = paper_app
    app = w.paper_app
    offered = [t.action for t in actions.available(w.office_reviewer, app)]
    assert "prereview_pass" not in offered and "prereview_return" in offered
    c = client(w.office_reviewer)
    page = c.get(f"/applications/{app.pk}/").content.decode()
    assert 'id="action-prereview_pass"' not in page
    assert f'id="prereview-link" href="/office/prereview/applications/{app.pk}/"' in page
    r = c.get(f"/applications/{app.pk}/actions/prereview_pass/", follow=True)
    assert f"/office/prereview/applications/{app.pk}/" in r.content.decode()
    r = c.post(f"/applications/{app.pk}/actions/prereview_pass/", {"phone": "13800138000"})
    assert r.status_code == 200 and "资格预审" in r.content.decode() and "初始密码" in r.content.decode()
    app.refresh_from_db()
    assert app.state == State.UNIT_SUBMITTED and not app.applicant.is_active
    with pytest.raises(TransitionError) as exc:
        actions.perform(app, "prereview_pass", actor=w.office_reviewer, data={"phone": "13800138000"})
    assert f"/office/prereview/applications/{app.pk}/" in exc.value.problems[0]


def test_the_generic_api_action_refuses_naming_the_dedicated_endpoint(paper_app):
    w = paper_app
    app = w.paper_app
    c = client(w.office_reviewer)
    assert "prereview_pass" not in [a["action"] for a in c.get(f"/api/v1/applications/{app.pk}/actions").json()]
    r = c.post(f"/api/v1/applications/{app.pk}/actions/prereview_pass", {"data": {"phone": "13800138000"}},
               content_type="application/json")
    assert r.status_code in (409, 422)
    assert f"/api/v1/office/prereview/applications/{app.pk}/pass" in r.json()["detail"][0]
    app.refresh_from_db()
    assert app.state == State.UNIT_SUBMITTED
    r = c.post(f"/api/v1/office/prereview/applications/{app.pk}/pass", {"phone": "13800138000"},
               content_type="application/json")
    assert r.status_code == 200 and r.json()["initial_password"]  # the dedicated endpoint returns it, once


def test_the_generic_pass_still_works_on_the_online_path(world):
    w = world
    w.app = f.submitted(w.app)
    s3.online_batch(w, [w.app])
    assert "prereview_pass" in [t.action for t in actions.available(w.office_reviewer, w.app)]
    actions.perform(w.app, "prereview_pass", actor=w.office_reviewer, data={})
    w.app.refresh_from_db()
    assert w.app.state == State.PREREVIEW_PASSED


# ----------------------------------------------------------------------------- 2. and 4. the one-time notice

def test_a_paper_path_notice_lists_only_the_reviewers_reasons(paper_app, failing_engine):
    w = paper_app
    items = [{"reason": "任职年限证明缺失。", "sections": ["current_title"]}]
    rec = s3.returned(w, w.paper_app, items=items, on=datetime.date(2026, 11, 24))
    assert [i["source"] for i in rec.items] == ["reviewer"] and rec.sections == ["current_title"]
    assert "学历要求" not in rec.reason and "任职年限证明缺失" in rec.reason
    w.paper_app.refresh_from_db()
    assert w.paper_app.reopened_sections == ["current_title"]
    assert PrereviewNotice.objects.get(record=rec).engine_failures == []
    with pytest.raises(TransitionError):  # no reviewer's reason: nothing to notify
        prereview.prereview_return(w.office_reviewer, w.paper_app, items=[])


def test_the_online_path_notice_still_lists_the_engine(world, failing_engine):
    w = world
    w.app = f.submitted(w.app)
    s3.online_batch(w, [w.app])
    rec = s3.returned(w, w.app, items=[{"reason": "岗位有误。", "sections": ["basic"]}], on=datetime.date(2026, 11, 10))
    assert [i["source"] for i in rec.items] == ["engine", "reviewer"]


def test_the_notice_is_sent_to_unit_hr_and_the_applicant(world, django_capture_on_commit_callbacks):
    w = world
    w.app = f.submitted(w.app)
    s3.online_batch(w, [w.app])
    with django_capture_on_commit_callbacks(execute=True):
        s3.returned(w, w.app, items=[{"reason": "岗位填写有误。", "sections": ["basic"]}], on=datetime.date(2026, 11, 10))
    hr = Message.objects.get(recipient=w.hr)
    assert "2026年11月17日" in hr.subject and "岗位填写有误" in hr.body and "2026年11月17日" in hr.body
    assert hr.link == f"/office/prereview/applications/{w.app.pk}/correction/"
    mine = Message.objects.get(recipient=w.applicant)
    assert "岗位填写有误" in mine.body and "2026年11月17日" in mine.body
    assert not Message.objects.filter(recipient=w.other_hr).exists()


def test_the_paper_path_notice_goes_to_unit_hr_only(paper_app):
    w = paper_app
    s3.returned(w, w.paper_app, items=[{"reason": "缺学历证书。", "sections": ["education"]}],
                on=datetime.date(2026, 11, 24))
    assert Message.objects.filter(recipient=w.hr, body__contains="缺学历证书").exists()
    assert not Message.objects.filter(recipient=w.paper_app.applicant).exists()  # no usable account yet


# ----------------------------------------------------------------------------- 7. a reused account

def test_the_pass_message_of_a_reused_account_says_so(world):
    w = world
    existing = f.user(Role.APPLICANT, w.unit, name="王明")
    existing.id_number = PAPER_ID
    existing.phone = "13900139000"
    existing.save()
    entry = s3.paper_batch(w, [("王明", PAPER_ID, "083", "输变电工程")]).entries.get()
    app = prereview.admit_paper_entry(w.office_reviewer, entry)
    assert app.applicant == existing
    result = prereview.prereview_pass(w.office_reviewer, app)
    assert result.password == ""
    msg = Message.objects.get(recipient=existing, subject="资格预审通过")
    assert "已为您开通" not in msg.body and "初始密码" not in msg.body and "已有的账号" in msg.body


def test_the_pass_message_of_a_new_account_says_it_was_opened(paper_app):
    w = paper_app
    prereview.prereview_pass(w.office_reviewer, w.paper_app, phone="13800138000")
    assert "已为您开通实名申报账号" in Message.objects.get(recipient=w.paper_app.applicant).body


# ----------------------------------------------------------------------------- 9. 国庆 within the deadline

def test_abandonment_of_a_correction_deadline_spanning_the_national_day(world):
    w = world
    w.app = f.submitted(w.app)
    s3.online_batch(w, [w.app], published_on=datetime.date(2026, 9, 11))
    rec = s3.returned(w, w.app, on=datetime.date(2026, 9, 28))
    # 5 working days from 9月29日: 9月29日, 9月30日, (10月1日–7日 国庆), 10月8日, 10月9日, 10月10日（调休上班）
    assert rec.deadline == datetime.date(2026, 10, 10)
    with on(datetime.date(2026, 10, 5)):
        assert prereview_jobs.abandon_overdue() == []  # in the holiday: long before the deadline
    with on(datetime.date(2026, 10, 10), 23):
        assert prereview_jobs.abandon_overdue() == []
        with pytest.raises(TransitionError) as exc:
            prereview_jobs.abandon(prereview_jobs.system_actor(w.office), w.app)
        assert exc.value.problems == ["期限为2026年10月10日，尚未逾期，不能视为放弃。"]
    w.app.refresh_from_db()
    assert w.app.state == State.PREREVIEW_RETURNED
    with on(datetime.date(2026, 10, 11), 1):
        done = prereview_jobs.abandon_overdue()
    w.app.refresh_from_db()
    assert [a.pk for a in done] == [w.app.pk] and w.app.state == State.ABANDONED
