"""§四(三) the meeting's vote through the services: quorum and the 2/3 rule at their edges, who may vote,
secrecy of the ballot, results moved through the map."""

import pytest

from zhicheng.committee import vote as v
from zhicheng.committee.models import Ballot, Recusal, VoteReceipt
from zhicheng.errors import Refusal
from zhicheng.workflow import actions
from zhicheng.workflow.states import State

from ..support import stage4_vote as s

pytestmark = pytest.mark.dates


def test_quorum_rule_in_integers():
    assert v.quorum_met(25, 17) and not v.quorum_met(25, 16)
    assert v.quorum_met(11, 8) and not v.quorum_met(11, 7)
    assert v.passes(12, 17) and not v.passes(11, 17)
    assert v.passes(11, 16) and not v.passes(10, 16)
    assert not v.passes(0, 0)


@pytest.mark.parametrize("members,present,ok", [(25, 17, True), (25, 16, False), (11, 8, True), (11, 7, False)])
def test_opening_needs_two_thirds_present(world, members, present, ok):
    m, panel = s.panel_meeting(world, members)
    s.candidates(world, m, 1)
    v.record_attendance(world.host_user, m, present_ids=[e.pk for e in panel[:present]])
    if ok:
        session = v.open_vote(world.host_user, m)
        assert len(session.present_ids) == present and len(session.member_ids) == members
    else:
        with pytest.raises(Refusal) as e:
            v.open_vote(world.host_user, m)
        assert e.value.problems == [f"应到{members}人，实到{present}人，不足三分之二，不能开始投票。"]


def test_opens_once_and_attendance_is_frozen(world):
    m, panel = s.panel_meeting(world, 11)
    s.candidates(world, m, 1)
    s.opened(world, m, panel, 8)
    with pytest.raises(Refusal, match="已开始过投票"):
        v.open_vote(world.host_user, m)
    with pytest.raises(Refusal, match="出席情况不能再修改"):
        v.record_attendance(world.host_user, m, present_ids=[e.pk for e in panel])


def _close(world, m):
    v.close_vote(world.host_user, m)
    return {int(k): r for k, r in v.session_of(m).results.items()}


def test_agree_at_two_thirds_of_seventeen_passes_one_short_fails(world):
    m, panel = s.panel_meeting(world, 25)
    a, b = s.candidates(world, m, 2)
    s.opened(world, m, panel, 17)
    s.votes(m, panel, a, agree=12, disagree=5)
    s.votes(m, panel, b, agree=11, abstain=6)
    results = _close(world, m)
    assert results[a.pk] == {"eligible": 17, "agree": 12, "disagree": 5, "abstain": 0, "missing": 0, "voted": 17,
                             "passed": True}
    assert results[b.pk]["passed"] is False and results[b.pk]["abstain"] == 6
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.state == State.PASSED and b.state == State.FAILED


def test_recused_member_lowers_n_sixteen_needs_eleven(world):
    m, panel = s.panel_meeting(world, 25)
    a, b = s.candidates(world, m, 2)
    for app in (a, b):  # the last present member is recused from both
        Recusal.objects.create(meeting=m, expert=panel[16], application=app, kind=Recusal.Kind.SAME_UNIT)
    s.opened(world, m, panel, 17)
    s.votes(m, panel, a, agree=11)  # 5 others do not vote: missing counts as not agreeing
    s.votes(m, panel, b, agree=10, abstain=6)
    results = _close(world, m)
    assert results[a.pk]["eligible"] == 16 and results[a.pk]["missing"] == 5 and results[a.pk]["passed"]
    assert results[b.pk]["eligible"] == 16 and not results[b.pk]["passed"]


def test_abstention_is_not_agreement(world):
    m, panel = s.panel_meeting(world, 11)
    (a,) = s.candidates(world, m, 1)
    s.opened(world, m, panel, 9)
    s.votes(m, panel, a, agree=5, abstain=4)  # 5 × 3 < 2 × 9; with the 4 abstentions as agree it would pass
    assert not _close(world, m)[a.pk]["passed"]
    a.refresh_from_db()
    assert a.state == State.FAILED


def test_who_may_vote_and_when(world):
    m, panel = s.panel_meeting(world, 11, pool=12)
    (a,) = s.candidates(world, m, 1)
    with pytest.raises(Refusal, match="投票尚未开始"):
        v.cast_votes(panel[0].user, m, {a.pk: "agree"})
    Recusal.objects.create(meeting=m, expert=panel[1], application=a, kind=Recusal.Kind.DECLARED)
    s.opened(world, m, panel, 10)  # panel[10] absent
    v.cast_votes(panel[0].user, m, {a.pk: "agree"})
    with pytest.raises(Refusal, match="不能重复投票") as e:
        v.cast_votes(panel[0].user, m, {a.pk: "disagree"})
    assert e.value.status == 409
    with pytest.raises(Refusal, match="须回避") as e:
        v.cast_votes(panel[1].user, m, {a.pk: "agree"})
    assert e.value.status == 403
    with pytest.raises(Refusal, match="未登记出席") as e:
        v.cast_votes(panel[10].user, m, {a.pk: "agree"})
    assert e.value.status == 403
    for outsider in (world.expert, world.host_user, world.office_reviewer):
        with pytest.raises(Refusal, match="不是本次评审会议的评审专家") as e:
            v.cast_votes(outsider, m, {a.pk: "agree"})
        assert e.value.status == 403
    with pytest.raises(Refusal, match="请选择同意"):
        v.cast_votes(panel[2].user, m, {a.pk: "yes"})
    v.close_vote(world.host_user, m)
    with pytest.raises(Refusal, match="投票已结束") as e:
        v.cast_votes(panel[3].user, m, {a.pk: "agree"})
    assert e.value.status == 409
    assert Ballot.objects.count() == 1 and VoteReceipt.objects.count() == 1


def test_ballot_keeps_no_voter_and_no_time():
    names = {f.name for f in Ballot._meta.get_fields()}
    assert names == {"id", "session", "application", "choice"}
    assert Ballot._meta.pk.get_internal_type() == "UUIDField"
    receipt = {f.name for f in VoteReceipt._meta.get_fields()}
    assert "choice" not in receipt and "ballot" not in receipt


def test_generic_steps_follow_the_vote(world):
    m, panel = s.panel_meeting(world, 11)
    (a,) = s.candidates(world, m, 1)
    offered = {t.action for t in actions.available(world.host_user, a)}
    assert not offered & {"committee_pass", "committee_fail"}  # no button before the vote
    with pytest.raises(Refusal, match="尚未完成投票表决"):
        actions.perform(a, "committee_pass", actor=world.host_user)
    s.opened(world, m, panel)
    s.votes(m, panel, a, agree=8, disagree=3)
    v.close_vote(world.host_user, m)
    a.refresh_from_db()
    assert a.state == State.PASSED
    assert v.vote_failed(a, world.host_user, {}) == ["表决同意票已达到三分之二，不能评为未通过。"]
    assert v.vote_passed(a, world.host_user, {}) == []


def test_only_the_meetings_host_runs_the_vote(world, other_host):
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    m, panel = s.panel_meeting(world, 11)
    s.candidates(world, m, 1)
    with pytest.raises(Http404):
        v.record_attendance(other_host, m, present_ids=[e.pk for e in panel])
    for outsider in (world.office_reviewer, panel[0].user):
        with pytest.raises(PermissionDenied):
            v.open_vote(outsider, m)
