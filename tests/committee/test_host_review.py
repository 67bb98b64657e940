"""§四(二) 资格审查 through the services: the committee chosen on accept (route, fallback, expired refused), the
return with every reason and its working-day deadline, the office's resubmission, abandonment the day after."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.cache import cache

from zhicheng.audit.models import AuditEvent
from zhicheng.codes.models import Level, Parameter
from zhicheng.committee import host_review as hr
from zhicheng.committee.models import CommitteeAssignment, HostReturn
from zhicheng.errors import Refusal
from zhicheng.messaging.models import Message
from zhicheng.office_review.models import Route
from zhicheng.workflow import actions
from zhicheng.workflow.states import State

from ..support import stage4, stage4_host
from .conftest import committee

pytestmark = pytest.mark.dates
D = datetime.date
MID = [Level.INTERMEDIATE]
HOST_ACTIONS = ("host_pass", "host_return", "resubmit_host", "host_abandon")


def at(day: datetime.date):
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, 10,
                                                 tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai")), tick=False)


@pytest.fixture
def w(world):
    return stage4.forwarded(world)


def _route_to(w, c):
    Route.objects.filter(level=Level.INTERMEDIATE, host=w.host).update(committee=c.org)


def test_accept_goes_to_the_routes_committee(w):
    committee(w.host_user, levels=MID, name="较晚到期的中级评委会", valid_until=D(2028, 12, 31))
    routed = committee(w.host_user, levels=MID, name="路由指定的中级评委会", valid_until=D(2027, 12, 31))
    _route_to(w, routed)
    assignment = hr.host_pass(w.host_user, w.middle)
    w.middle.refresh_from_db()
    assert w.middle.state == State.IN_COMMITTEE and assignment.committee_id == routed.org_id
    assert CommitteeAssignment.objects.get(application=w.middle).committee == routed.org
    event = AuditEvent.objects.get(action="host_pass", object_id=str(w.middle.pk))
    assert event.details["committee"] == "路由指定的中级评委会" and event.to_state == State.IN_COMMITTEE


def test_accept_falls_back_to_a_valid_committee_of_this_host_covering_series_and_level(w, other_host):
    committee(w.host_user, levels=[Level.SENIOR], name="只评高级的评委会")
    committee(w.host_user, levels=MID, specialty="不相干专业", name="按专业组建的其他专业评委会")
    committee(w.host_user, levels=MID, name="已到期的中级评委会", valid_from=D(2023, 1, 1), valid_until=D(2025, 12, 31))
    committee(other_host, levels=MID, name="别的组建单位的评委会")
    fallback = committee(w.host_user, levels=MID, name="河北省工程系列中级评审委员会")
    hr.host_pass(w.host_user, w.middle)  # the route's committee (world.committee) has no Committee record
    assert CommitteeAssignment.objects.get(application=w.middle).committee_id == fallback.org_id


def test_an_expired_route_committee_is_refused_with_its_dates(w):
    expired = committee(w.host_user, levels=MID, name="已到期的中级评委会", valid_from=D(2023, 1, 1),
                        valid_until=D(2025, 12, 31))
    _route_to(w, expired)
    committee(w.host_user, levels=MID, name="有效的中级评委会")
    with pytest.raises(Refusal) as e:
        hr.host_pass(w.host_user, w.middle)
    assert e.value.problems == [
        f"{w.middle.applicant.real_name}：评审委员会“已到期的中级评委会”的核准有效期为2023年1月1日至2025年12月31日，"
        "2026年3月2日不在有效期内，不能提交评审。请选择有效的评审委员会。"]
    w.middle.refresh_from_db()
    assert w.middle.state == State.HOST_REVIEW and not CommitteeAssignment.objects.exists()
    valid = hr.candidate_committees(w.host.pk, w.middle, D(2026, 3, 2))[0]  # the host chooses another one
    hr.host_pass(w.host_user, w.middle, committee_id=valid.pk)
    assert CommitteeAssignment.objects.get().committee_id == valid.org_id


def test_no_valid_committee_is_refused(w):
    committee(w.host_user, levels=MID, name="已到期的中级评委会", valid_from=D(2023, 1, 1), valid_until=D(2025, 12, 31))
    with pytest.raises(Refusal) as e:
        hr.host_pass(w.host_user, w.middle)
    assert "本组建单位没有在2026年3月2日有效" in e.value.problems[0]
    assert "不能提交评审" in e.value.problems[0]


def test_batch_accept_moves_all_or_nothing(world):
    apps = stage4_host.middles_forwarded(world, 3).middles
    with pytest.raises(Refusal) as e:  # no committee yet: nothing moves, each named
        hr.host_pass_many(world.host_user, apps)
    assert len(e.value.problems) == 4 and e.value.problems[-1] == "本批次未作任何更改。"
    c = committee(world.host_user, levels=MID, name="河北省工程系列中级评审委员会")
    done = hr.host_pass_many(world.host_user, apps)
    assert {a.committee_id for a in done} == {c.org_id} and len(done) == 3
    for a in apps:
        a.refresh_from_db()
        assert a.state == State.IN_COMMITTEE


def test_return_lists_every_reason_with_a_working_day_deadline_and_tells_the_office_and_applicant(w):
    with pytest.raises(Refusal) as e:
        hr.host_return(w.host_user, w.middle, reasons=["", "  "])
    assert e.value.problems == [hr.NO_REASONS]
    rec = hr.host_return(w.host_user, w.middle, reasons=["继续教育学时证明缺2025年度", "业绩成果未加盖单位公章",
                                                         "论文检索证明不清晰"])
    w.middle.refresh_from_db()
    assert w.middle.state == State.HOST_RETURNED
    assert rec.deadline == D(2026, 3, 9)  # Mon 2 March: five working days from Tue 3 March
    assert rec.reasons == ["继续教育学时证明缺2025年度", "业绩成果未加盖单位公章", "论文检索证明不清晰"]
    assert rec.host == w.host and rec.office == w.office and rec.by == w.host_user and rec.resolved_at is None
    event = AuditEvent.objects.get(action="host_return", object_id=str(w.middle.pk))
    assert "1. 继续教育学时证明缺2025年度\n2. 业绩成果未加盖单位公章\n3. 论文检索证明不清晰" in event.reason
    assert "2026年3月9日前" in event.reason
    for user in (w.office_reviewer, w.middle.applicant):
        body = Message.objects.get(recipient=user, subject__startswith="组建单位资格审查未通过").body
        assert all(r in body for r in rec.reasons) and "2026年3月9日" in body
    assert not Message.objects.filter(recipient__in=[w.other_office_reviewer, w.hr],
                                      subject__startswith="组建单位资格审查未通过").exists()


def test_the_deadline_is_a_parameter(w):
    Parameter.objects.filter(key="host_correction_working_days").update(value=2)
    cache.clear()
    assert hr.host_return(w.host_user, w.middle, reasons=["缺少学历证书"]).deadline == D(2026, 3, 4)


def test_the_generic_buttons_list_a_reason_a_line(w):
    assert {t.action for t in actions.available(w.host_user, w.middle, {"page": True})} >= {"host_pass", "host_return"}
    assert not {t.action for t in actions.available(w.office_reviewer, w.middle)} & set(HOST_ACTIONS)
    actions.perform(w.middle, "host_return", actor=w.host_user, reason="1. 缺少学历证书\n\n2、单位意见未签字\n")
    assert HostReturn.objects.get().reasons == ["缺少学历证书", "单位意见未签字"]
    w.middle.refresh_from_db()
    offered = {t.action for t in actions.available(w.office_reviewer, w.middle, {"page": True})}
    assert offered & set(HOST_ACTIONS) == {"resubmit_host"}
    assert not {t.action for t in actions.available(w.host_user, w.middle, {"page": True})} & set(HOST_ACTIONS)
    actions.perform(w.middle, "resubmit_host", actor=w.office_reviewer, data={"note": "已补学历证书和签字"})
    w.middle.refresh_from_db()
    assert w.middle.state == State.HOST_REVIEW
    c = committee(w.host_user, levels=MID, name="河北省工程系列中级评审委员会")
    actions.perform(w.middle, "host_pass", actor=w.host_user)
    assert w.middle.state == State.IN_COMMITTEE and CommitteeAssignment.objects.get().committee_id == c.org_id


def test_the_office_resubmits_within_the_deadline_back_to_the_same_host(w):
    hr.host_return(w.host_user, w.middle, reasons=["缺少学历证书"])
    with pytest.raises(Refusal) as e:
        hr.resubmit_host(w.other_office_reviewer, w.middle, note="已补")
    assert e.value.status == 403
    with pytest.raises(Refusal) as e:
        hr.resubmit_host(w.office_reviewer, w.middle, note=" ")
    assert e.value.problems == ["请填写补正说明（已补正的内容）。"]
    with at(D(2026, 3, 9)):  # on the deadline: still in time
        rec = hr.resubmit_host(w.office_reviewer, w.middle, note="已补交学历证书原件扫描件")
    w.middle.refresh_from_db()
    assert w.middle.state == State.HOST_REVIEW and rec.outcome == HostReturn.Outcome.RESUBMITTED
    assert rec.correction_note == "已补交学历证书原件扫描件" and rec.resolved_by == w.office_reviewer
    assert list(hr.queue(w.host_user)) == [w.middle]
    committee(w.host_user, levels=MID, name="河北省工程系列中级评审委员会")
    hr.host_pass(w.host_user, w.middle)
    w.middle.refresh_from_db()
    assert w.middle.state == State.IN_COMMITTEE


def test_across_national_day_resubmission_refused_and_abandoned_only_the_day_after_the_deadline(w):
    with at(D(2026, 9, 29)):
        rec = hr.host_return(w.host_user, w.middle, reasons=["缺少学历证书"])
    # Wed 30 Sep is day 1; 1–7 Oct 国庆; Thu 8, Fri 9, Sat 10 (调休 working day), Mon 12 Oct day 5
    assert rec.deadline == D(2026, 10, 12)
    with at(D(2026, 10, 12)):
        assert hr.abandon_overdue() == []  # never on the deadline itself
        assert hr.guard_deadline_not_passed(w.middle, w.office_reviewer, {}) == []
    w.middle.refresh_from_db()
    assert w.middle.state == State.HOST_RETURNED
    with at(D(2026, 10, 13)):
        with pytest.raises(Refusal) as e:
            hr.resubmit_host(w.office_reviewer, w.middle, note="已补")
        assert e.value.problems == ["补正期限（2026年10月12日）已过，视为放弃，不能重新报送。"]
        assert [a.pk for a in hr.abandon_overdue()] == [w.middle.pk]
        assert hr.abandon_overdue() == []
    w.middle.refresh_from_db()
    rec.refresh_from_db()
    assert w.middle.state == State.ABANDONED and rec.outcome == HostReturn.Outcome.ABANDONED
    event = AuditEvent.objects.get(action="host_abandon", object_id=str(w.middle.pk))
    assert event.actor.username == f"system-host-{w.host.pk}" and "2026年10月12日" in event.reason
    assert not event.actor.is_active and not event.actor.has_usable_password()
    assert Message.objects.filter(recipient=w.office_reviewer, subject="逾期未补正，视为放弃").exists()


def test_the_daily_job_is_registered(w):
    from zhicheng.scheduling import jobs

    hr.host_return(w.host_user, w.middle, reasons=["缺少学历证书"])
    job = jobs.get("host_abandon_overdue")
    assert job.fn(D(2026, 3, 9)) == "组建单位资格审查逾期未补正视为放弃：0份"
    assert job.fn(D(2026, 3, 10)) == "组建单位资格审查逾期未补正视为放弃：1份"


def test_abandoning_by_hand_is_refused_before_the_deadline(w):
    hr.host_return(w.host_user, w.middle, reasons=["缺少学历证书"])
    w.middle.refresh_from_db()
    with pytest.raises(Refusal) as e:
        actions.perform(w.middle, "host_abandon", actor=w.host_user)
    assert e.value.problems == ["补正期限为2026年3月9日，尚未逾期，不能视为放弃。"]
