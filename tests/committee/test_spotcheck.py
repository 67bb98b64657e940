"""§四(一) 省职改办抽查: the reproducible draw, findings, the one-time notice with its deadline (across 国庆),
resubmission, abandonment the day after the deadline, and delegation giving the host its scope."""

import datetime
import zoneinfo

import pytest
import time_machine

from zhicheng.audit.models import AuditEvent
from zhicheng.codes.models import Parameter
from zhicheng.committee import spotcheck as sc
from zhicheng.committee.models import SpotCheck, SpotFinding, SpotReturn
from zhicheng.dossier.permissions import can_view
from zhicheng.errors import Refusal
from zhicheng.messaging.models import Message
from zhicheng.office_review import transfer
from zhicheng.office_review.models import Forwarding, Route
from zhicheng.orgs.roles import OrgKind, Role
from zhicheng.scheduling import jobs
from zhicheng.workflow import actions
from zhicheng.workflow.services import TransitionError
from zhicheng.workflow.states import State

from .. import factories as f
from ..support import stage4
from .spot_support import world_with_seniors

SH = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(y, m, d, h=10):
    return time_machine.travel(datetime.datetime(y, m, d, h, tzinfo=SH), tick=False)


@pytest.fixture
def w(world):
    return stage4.forwarded(world)


def big_batch(world, n):
    """A second province batch of n seniors (world.big_batch, world.seniors)."""
    w = world_with_seniors(world, n)
    return w.big_batch, w.seniors


def refreshed(app):
    app.refresh_from_db()
    return app


@pytest.mark.parametrize(("n", "k"), [(1, 1), (5, 1), (6, 2), (10, 2)])
def test_sample_size_is_ceil_of_the_share_and_at_least_the_minimum(n, k):
    assert sc.sample_size(n, 20, 1) == k


def test_sample_size_never_exceeds_the_batch():
    assert sc.sample_size(2, 20, 3) == 2 and sc.sample_size(0, 20, 1) == 0 and sc.sample_size(11, 20, 1) == 3


def test_the_draw_is_recorded_and_reproducible(world):
    w = world
    batch, apps = big_batch(world, 6)
    check = sc.draw(w.provincial, batch, ip="10.0.0.1")
    assert check.eligible_ids == sorted(a.pk for a in apps)
    assert (check.size, check.share_percent, check.minimum) == (2, 20, 1)
    assert len(check.seed) == 32 and check.method == sc.METHOD
    assert sc.reproduce(check) == check.sampled_ids
    assert sc.sample(check.seed, list(reversed(check.eligible_ids)), 2) == check.sampled_ids  # order-free input
    # Same seed and same batch → the same sample; the recorded audit event carries it too.
    import random
    assert random.Random(check.seed).sample(sorted(a.pk for a in apps), 2) == check.sampled_ids
    ev = AuditEvent.objects.get(action="committee.spot_draw")
    assert ev.details["sampled_ids"] == check.sampled_ids and ev.details["seed"] == check.seed
    with pytest.raises(Refusal) as e:
        sc.draw(w.provincial, batch)
    assert e.value.problems == ["该批次已抽取，不能重新抽取（可按记录的种子复核抽取结果）。"]
    assert SpotCheck.objects.count() == 1


def test_a_given_seed_is_kept_and_reproduces(w):
    check = sc.draw(w.provincial, w.province_batch, seed="河北2026")
    assert check.sampled_ids == [w.senior.pk] and sc.reproduce(check) == [w.senior.pk]


def test_the_parameters_are_data(world):
    w = world
    Parameter.objects.filter(key="spot_check_share_percent").update(value=50)
    from django.core.cache import cache
    cache.clear()
    batch, apps = big_batch(world, 5)
    assert sc.draw(w.provincial, batch).size == 3


def test_only_the_receiving_province_draws(w):
    other_province = f.org("山西省职称改革领导小组办公室", OrgKind.PROVINCE)
    other = f.user(Role.PROVINCIAL_OFFICE, other_province, name="晋主任")
    for user in (w.office_reviewer, other, w.host_user, w.hr, w.applicant):
        with pytest.raises(Refusal) as e:
            sc.draw(user, w.province_batch)
        assert e.value.status == 403
    assert not SpotCheck.objects.exists()


def test_findings_only_for_sampled_applications_with_items_listed(world):
    w = world
    batch, apps = big_batch(world, 5)
    check = sc.draw(w.provincial, batch, seed="s")
    sampled = next(a for a in apps if a.pk in check.sampled_ids)
    other = next(a for a in apps if a.pk not in check.sampled_ids)
    with pytest.raises(Refusal, match="不在本批次抽中的范围内"):
        sc.record_finding(w.provincial, check, other, ok=True)
    with pytest.raises(Refusal) as e:
        sc.record_finding(w.provincial, check, sampled, ok=False, items=["", "  "])
    assert e.value.fields == {"items": ["请逐条列出全部问题。"]}
    with pytest.raises(Refusal, match="合格时不应列出问题"):
        sc.record_finding(w.provincial, check, sampled, ok=True, items=["x"])
    finding = sc.record_finding(w.provincial, check, sampled, ok=False, items=["继续教育证明缺2025年度", " 论文检索报告未盖章 "])
    assert finding.items == ["继续教育证明缺2025年度", "论文检索报告未盖章"]
    assert sc.record_finding(w.provincial, check, sampled, ok=True).result == SpotFinding.Result.OK  # re-recorded
    assert SpotFinding.objects.count() == 1
    with pytest.raises(Refusal):
        sc.record_finding(w.office_reviewer, check, sampled, ok=True)


def returned(w, on=(2026, 9, 29)):
    """world.senior sampled with two problems and returned on `on` (a Tuesday before 国庆 by default)."""
    with at(*on):
        check = sc.draw(w.provincial, w.province_batch, seed="x")
        sc.record_finding(w.provincial, check, w.senior, ok=False, items=["任职年限计算有误", "业绩材料缺单位盖章"])
        app = actions.perform(w.senior, "spot_return", actor=w.provincial, reason="请一并核对学历证书。")
    return check, app


def test_return_needs_the_problems_listed_first(w):
    check = sc.draw(w.provincial, w.province_batch)
    with pytest.raises(TransitionError) as e:
        actions.perform(w.senior, "spot_return", actor=w.provincial, reason="材料有问题")
    assert e.value.problems == ["请先在抽查结论中逐条列出存在的问题（一次性告知），再退回主管部门。"]
    sc.record_finding(w.provincial, check, w.senior, ok=True)
    with pytest.raises(TransitionError):
        actions.perform(w.senior, "spot_return", actor=w.provincial, reason="材料有问题")
    assert refreshed(w.senior).state == State.SPOT_CHECK


def test_the_one_time_notice_lists_every_problem_with_a_deadline_across_national_day(w):
    _check, app = returned(w)
    assert app.state == State.SPOT_RETURNED
    ret = SpotReturn.objects.get()
    # 5 working days from 9月30日: 9月30日, then 10月1日–7日 are 国庆, 10月8日, 9日, 10日（调休上班）, 12日.
    assert ret.deadline == datetime.date(2026, 10, 12)
    assert ret.reasons == ["任职年限计算有误", "业绩材料缺单位盖章"] and ret.note == "请一并核对学历证书。"
    ev = AuditEvent.objects.get(action="spot_return")
    assert "1. 任职年限计算有误" in ev.reason and "2. 业绩材料缺单位盖章" in ev.reason
    assert "2026年10月12日" in ev.reason
    msg = Message.objects.get(recipient=w.office_reviewer)
    assert "2026年10月12日" in msg.body and "业绩材料缺单位盖章" in msg.body
    assert not Message.objects.filter(recipient=w.other_office_reviewer).exists()


def test_resubmission_on_the_deadline_day_and_refusal_the_day_after(w):
    check, app = returned(w)
    with at(2026, 10, 13):
        with pytest.raises(TransitionError) as e:
            actions.perform(w.senior, "resubmit_spot", actor=w.office_reviewer)
        assert e.value.problems == ["补正期限为2026年10月12日，已逾期，不能重新报送。"]
    with at(2026, 10, 12, 23):
        with pytest.raises(TransitionError):
            actions.perform(w.senior, "resubmit_spot", actor=w.other_office_reviewer)
        app = actions.perform(w.senior, "resubmit_spot", actor=w.office_reviewer)
    assert app.state == State.SPOT_CHECK
    assert SpotReturn.objects.get().outcome == SpotReturn.Outcome.RESUBMITTED
    assert SpotFinding.objects.get().result == SpotFinding.Result.CORRECTED
    assert sc.batch_of(app) == w.province_batch  # the same batch
    assert sc.batch_problems(check) == ["申报人甲：已补正，尚未复查。".replace("申报人甲", app.applicant.real_name)]
    assert Message.objects.filter(recipient=w.provincial, subject__contains="补正").exists()
    sc.record_finding(w.provincial, check, app, ok=True)
    assert sc.batch_problems(check) == []


def test_the_daily_job_abandons_the_day_after_the_deadline_never_on_it(w):
    returned(w)
    job = jobs.get("spot_abandon_overdue")
    assert job.fn(datetime.date(2026, 10, 12)).endswith("0份")
    assert refreshed(w.senior).state == State.SPOT_RETURNED
    with pytest.raises(TransitionError) as e:
        actions.perform(w.senior, "spot_abandon", actor=w.provincial)
    assert e.value.problems == ["补正期限为2026年10月12日，期限届满后方可视为放弃。"]
    with at(2026, 10, 13, 1):
        assert sc.abandon_overdue() == [w.senior]
    assert refreshed(w.senior).state == State.ABANDONED
    ret = SpotReturn.objects.get()
    assert ret.outcome == SpotReturn.Outcome.ABANDONED and ret.resolved_at
    ev = AuditEvent.objects.get(action="spot_abandon")
    assert "2026年10月12日" in ev.reason and ev.actor.username == f"system-province-{w.province.pk}"


def test_deadline_and_abandonment_across_labour_day(w):
    returned(w, on=(2026, 4, 29))
    from zhicheng.workdays.services import add_working_days
    deadline = SpotReturn.objects.get().deadline
    # 4月30日, then 5月1日–5日 劳动节, 6日, 7日, 8日, 9日（调休上班）
    assert deadline == add_working_days(datetime.date(2026, 4, 30), 5) == datetime.date(2026, 5, 9)
    assert sc.abandon_overdue(datetime.date(2026, 5, 9)) == []
    with at(2026, 5, 9, 20):
        assert actions.perform(w.senior, "resubmit_spot", actor=w.office_reviewer).state == State.SPOT_CHECK
    assert sc.abandon_overdue(datetime.date(2026, 5, 10)) == []  # resolved: nothing left to abandon


def test_delegation_waits_for_every_finding_then_creates_the_host_batch(w):
    check = sc.draw(w.provincial, w.province_batch)
    assert not can_view(w.host_user, w.senior)
    with pytest.raises(Refusal) as e:
        sc.delegate(w.provincial, w.province_batch)
    assert e.value.problems == [f"{w.senior.applicant.real_name}：抽中的申报尚未记录抽查结论。"]
    assert actions.available(w.provincial, w.senior) and "delegate_to_host" not in {
        t.action for t in actions.available(w.provincial, w.senior)}
    sc.record_finding(w.provincial, check, w.senior, ok=True)
    with pytest.raises(Refusal):
        sc.delegate(w.office_reviewer, w.province_batch)
    (fw,) = sc.delegate(w.provincial, w.province_batch, ip="10.0.0.2")
    assert (fw.kind, fw.office, fw.to_org, fw.year, fw.created_by) == (
        Forwarding.Kind.HOST, w.province, w.host, w.province_batch.year, w.provincial)
    entry = fw.entries.get()
    assert entry.application == w.senior and entry.route.committee == w.committee
    assert refreshed(w.senior).state == State.HOST_REVIEW
    assert can_view(w.host_user, w.senior)
    assert Message.objects.filter(recipient=w.host_user, subject="省职改办委托资格审查").exists()
    check.refresh_from_db()
    assert check.delegated_at
    rows = transfer.rows(fw)
    assert rows[0][1] == w.senior.applicant.real_name
    assert fw in transfer.visible_batches(w.host_user)


def test_delegation_groups_by_host_and_refuses_a_missing_route(world):
    w = world
    other_host = f.org("河北省卫生系列评委会组建单位", OrgKind.COMMITTEE_HOST, w.province)
    batch, apps = big_batch(world, 2)
    check = sc.draw(w.provincial, batch, seed="a")
    for a in apps:
        if a.pk in check.sampled_ids:
            sc.record_finding(w.provincial, check, a, ok=True)
    entries = list(batch.entries.order_by("order"))
    entries[1].route = Route.objects.create(series=apps[1].series, level=apps[1].level, specialty="给排水工程",
                                            host=other_host, spot_check_first=True)
    entries[1].save()
    entries[0].route = None
    entries[0].save()
    with pytest.raises(Refusal) as e:
        sc.delegate(w.provincial, batch)
    assert e.value.problems == [f"{apps[0].applicant.real_name}：未找到评审路由（评委会组建单位），不能委托。"
                                "请先在评审路由表中补充。"]
    assert [refreshed(a).state for a in apps] == [State.SPOT_CHECK] * 2
    entries[0].route = w.senior_route
    entries[0].save()
    made = sc.delegate(w.provincial, batch)
    assert sorted(fw.to_org.name for fw in made) == sorted([w.host.name, other_host.name])
    assert [refreshed(a).state for a in apps] == [State.HOST_REVIEW] * 2


def test_delegation_from_the_dossier_button(w):
    check = sc.draw(w.provincial, w.province_batch)
    sc.record_finding(w.provincial, check, w.senior, ok=True)
    assert "delegate_to_host" in {t.action for t in actions.available(w.provincial, w.senior)}
    app = actions.perform(w.senior, "delegate_to_host", actor=w.provincial)
    assert app.state == State.HOST_REVIEW and can_view(w.host_user, w.senior)


def test_another_province_cannot_act(w):
    other_province = f.org("山西省职称改革领导小组办公室", OrgKind.PROVINCE)
    other = f.user(Role.PROVINCIAL_OFFICE, other_province, name="晋主任")
    check = sc.draw(w.provincial, w.province_batch)
    sc.record_finding(w.provincial, check, w.senior, ok=True)
    with pytest.raises(Refusal):
        sc.delegate(other, w.province_batch)
    with pytest.raises(Refusal):
        sc.record_finding(other, check, w.senior, ok=False, items=["x"])
    assert "delegate_to_host" not in {t.action for t in actions.available(other, w.senior)}
