"""`load_demo` §四–§五 (stage_host_review, stage_vote, stage_results): every state, reached through the services,
built once for this module (run twice, as in test_demo)."""

import pytest
from django.utils import timezone

from zhicheng.codes.models import Level
from zhicheng.committee import spotcheck
from zhicheng.committee.models import (
    Ballot,
    Declaration,
    HostReturn,
    Minutes,
    PanelOpinion,
    Recusal,
    SpotCheck,
    SpotReturn,
    VoteSession,
)
from zhicheng.dossier.models import Application
from zhicheng.office_review.models import Forwarding
from zhicheng.results import result_notice as rn
from zhicheng.results import services as results
from zhicheng.results.models import Appeal, Certificate, ResultDocument, ResultNotice, ResultReport
from zhicheng.workflow.states import State

from . import test_demo as _base

demo, _each_test_in_a_savepoint = _base.demo, _base._each_test_in_a_savepoint  # the module's fixtures

pytestmark = pytest.mark.dates

NEW_MODELS = [SpotCheck, SpotReturn, HostReturn, Recusal, Declaration, PanelOpinion, VoteSession, Ballot, Minutes,
              ResultNotice, ResultReport, ResultDocument, Certificate, Appeal]


def _chain():
    apps = Application.objects.filter(applicant__username__in=_chain_usernames()).order_by("id")
    return ([a for a in apps if a.level == Level.INTERMEDIATE], [a for a in apps if a.level != Level.INTERMEDIATE])


def _chain_usernames():
    from zhicheng.demo.people import plan_people

    return [p.person.username for p in plan_people()[1] if p.scenario == "chain"]


def test_the_spot_check_returned_one_and_delegated_the_rest(demo):
    today = timezone.localdate()
    _middles, seniors = _chain()
    (sc,) = SpotCheck.objects.all()
    assert spotcheck.reproduce(sc) == sc.sampled_ids and len(sc.sampled_ids) == 2
    returned = [a for a in seniors if a.state == State.SPOT_RETURNED]
    assert len(returned) == 1 and returned[0].pk in sc.sampled_ids
    assert spotcheck.open_return(returned[0]).deadline >= today
    delegated = Forwarding.objects.filter(office=sc.forwarding.to_org, kind=Forwarding.Kind.HOST).get()
    assert {e.application_id for e in delegated.entries.all()} == {a.pk for a in seniors} - {returned[0].pk}


def test_the_hosts_queue_has_waiting_returned_and_accepted(demo):
    middles, _ = _chain()
    states = [a.state for a in middles]
    assert states.count(State.HOST_REVIEW) == 1 and states.count(State.HOST_RETURNED) == 1
    (ret,) = HostReturn.objects.all()
    assert ret.deadline >= timezone.localdate() and ret.application.state == State.HOST_RETURNED
    assert sum(1 for s in states if s not in (State.HOST_REVIEW, State.HOST_RETURNED)) == 2  # accepted, voted


def test_the_held_meetings_recused_declared_opined_voted_and_minuted(demo):
    today = timezone.localdate()
    sessions = list(VoteSession.objects.select_related("meeting"))
    assert len(sessions) == 2 and all(s.status == VoteSession.Status.CLOSED for s in sessions)
    assert all(s.meeting.date < today and Minutes.objects.filter(session=s).exists() for s in sessions)
    assert Recusal.objects.filter(kind=Recusal.Kind.SAME_UNIT).exists()
    assert Recusal.objects.exclude(kind=Recusal.Kind.SAME_UNIT).exists()  # demo_expert2's declared relation
    assert Declaration.objects.exists() and PanelOpinion.objects.exists()
    outcomes = [r["passed"] for s in sessions for r in s.results.values()]
    assert outcomes.count(False) == 1 and outcomes.count(True) == 6
    assert Application.objects.filter(state=State.FAILED).count() == 1


def test_section_five_states_the_public_notice_and_a_recheck(demo, client):
    counts = {s: Application.objects.filter(state=s).count() for s in (
        State.RESULT_NOTICE, State.RESULT_REFUSED, State.RESULT_FILED, State.RESULT_APPROVED, State.ISSUED)}
    assert counts == {State.RESULT_NOTICE: 1, State.RESULT_REFUSED: 1, State.RESULT_FILED: 1,
                      State.RESULT_APPROVED: 1, State.ISSUED: 2}
    (running,) = rn.running_notices()
    assert ResultNotice.objects.filter(ends_on__lt=timezone.localdate()).count() == 2
    page = client.get(f"/gongshi/jieguo/{running.pk}/").content.decode()
    (entry,) = rn.shown_entries(running)
    person = entry.application.applicant
    assert person.real_name in page and person.id_number not in page
    assert person.real_name in client.get("/gongshi/jieguo/").content.decode() or running.title in \
        client.get("/gongshi/jieguo/").content.decode()
    (appeal,) = Appeal.objects.all()
    assert appeal.kind == Appeal.Kind.RECHECK and appeal.status != Appeal.Status.CLOSED
    assert appeal.application.state == State.FAILED


def test_the_certificates_verify_and_the_report_names_one(demo):
    certs = list(Certificate.objects.all())
    assert len(certs) == 2 and {c.application.state for c in certs} == {State.ISSUED}
    for cert in certs:
        assert results.verify(cert.number, cert.holder_name).found
    first = Certificate.objects.order_by("pk").first()
    assert f"证书编号 {first.number}，姓名 {first.holder_name}" in demo.first
    assert "评审结果公示（/gongshi/jieguo/）：公示中 1，已结束 2" in demo.first


def test_a_second_run_creates_nothing_of_sections_four_and_five(demo):
    assert demo.second.count("已投票表决") == 2
    assert all(model.objects.exists() for model in NEW_MODELS)
    assert all(s.results for s in VoteSession.objects.all())
    assert "评审会议0" in demo.second and "评审会议4" in demo.first
