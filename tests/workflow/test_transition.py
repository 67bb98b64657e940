"""The state map and the one transition function: role, scope, guard, lock, audit, concurrency."""

import threading

import pytest
from django.db import connection

from zhicheng.audit.models import AuditEvent
from zhicheng.dossier import services
from zhicheng.workflow.services import TransitionError, transition
from zhicheng.workflow.states import TRANSITIONS, State

from .. import factories as f


def test_every_transition_targets_and_sources_are_states_and_every_state_is_reachable():
    states = set(State.values)
    reached = {State.DRAFT}
    for t in TRANSITIONS.values():
        assert t.target in states and t.sources <= states and t.roles, t.action
        reached.add(t.target)
    assert reached == states  # the whole process is mapped, no orphan state


def test_transition_writes_audit_event_with_actor_role_org_ip(world):
    f.fill_required(world.app)
    services.submit(world.applicant, world.app, ip="10.1.2.3")
    ev = AuditEvent.objects.get(action="submit", object_id=str(world.app.pk))
    assert (ev.actor, ev.role, ev.organization, ev.ip) == (world.applicant, "applicant", world.unit, "10.1.2.3")
    assert (ev.from_state, ev.to_state) == (State.DRAFT, State.SUBMITTED)


def test_audit_events_cannot_be_changed_or_deleted(world):
    f.submitted(world.app)
    ev = AuditEvent.objects.get(action="submit")
    with pytest.raises(PermissionError):
        ev.save()
    with pytest.raises(PermissionError):
        ev.delete()


def test_wrong_role_or_scope_is_refused(world):
    f.submitted(world.app)
    for actor in [world.applicant, world.other_hr, world.leader, world.office_reviewer, world.provincial]:
        with pytest.raises(TransitionError) as e:
            transition(world.app, "return", actor=actor, reason="x", sections=["basic"])
        assert e.value.forbidden and "无权" in str(e.value)


def test_not_owner_cannot_submit(world):
    f.fill_required(world.app)
    with pytest.raises(TransitionError, match="无权"):
        services.submit(world.applicant2, world.app)


def test_return_needs_a_reason_and_sections(world):
    f.submitted(world.app)
    with pytest.raises(TransitionError, match="须填写原因"):
        services.return_to_applicant(world.hr, world.app, reason="  ", sections=["basic"])
    with pytest.raises(TransitionError, match="至少选择一个"):
        services.return_to_applicant(world.hr, world.app, reason="不清晰", sections=[])
    world.app.refresh_from_db()
    assert world.app.state == State.SUBMITTED


def test_later_stage_without_its_guard_is_refused(world, monkeypatch):
    from zhicheng.workflow import guards

    monkeypatch.delitem(guards._GUARDS, "paper_outcome_recorded")  # as if §二(八) were not installed
    f.submitted(world.app)
    with pytest.raises(TransitionError, match="尚未开放"):
        transition(world.app, "record_paper_outcome", actor=world.hr)  # its guard is not registered
    world.app.refresh_from_db()
    assert world.app.state == State.SUBMITTED


def test_stale_state_is_a_conflict(world):
    f.submitted(world.app)
    stale = type(world.app).objects.get(pk=world.app.pk)
    f.returned(world.app, world.hr, reason="第一份退回", sections=["all"])  # someone else, meanwhile
    with pytest.raises(TransitionError) as e:
        services.return_to_applicant(world.hr, stale, reason="第二份退回", sections=["basic"])
    assert e.value.conflict and "已被他人处理" in str(e.value)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are a PostgreSQL feature; "
                    "SQLite serialises writers with BEGIN IMMEDIATE")
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_transitions_exactly_one_wins_on_postgresql(world_tx):
    """Two HR sessions return the same submitted dossier at once: one wins, the other is told."""
    w = world_tx
    barrier = threading.Barrier(2)
    results: dict[str, object] = {}

    def act(name, fn):
        from django.db import connections

        try:
            barrier.wait()
            fn()
            results[name] = "ok"
        except TransitionError as exc:
            results[name] = exc
        finally:
            connections.close_all()

    app_a = type(w.app).objects.get(pk=w.app.pk)
    app_b = type(w.app).objects.get(pk=w.app.pk)
    threads = [
        threading.Thread(target=act, args=("return", lambda: services.return_to_applicant(
            w.hr, app_a, reason="请补充证书", sections=["basic"]))),
        threading.Thread(target=act, args=("return2", lambda: services.return_to_applicant(
            w.hr, app_b, reason="请补充学历", sections=["education"]))),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    wins = [k for k, v in results.items() if v == "ok"]
    losses = [v for v in results.values() if isinstance(v, TransitionError)]
    assert len(wins) == 1 and len(losses) == 1, results
    assert losses[0].conflict and "已被他人处理" in str(losses[0])
    w.app.refresh_from_db()
    assert w.app.state == State.RETURNED
    assert w.app.reopened_sections == (["basic"] if wins == ["return"] else ["education"])
    assert AuditEvent.objects.filter(object_id=str(w.app.pk), action="return").count() == 1
    assert w.app.returns.count() == 1


def test_concurrent_transitions_on_sqlite_also_leave_one_winner(world):
    """On SQLite the same code path: the second call sees the changed state and gets the conflict."""
    f.submitted(world.app)
    a = type(world.app).objects.get(pk=world.app.pk)
    b = type(world.app).objects.get(pk=world.app.pk)
    services.return_to_applicant(world.hr, a, reason="x", sections=["basic"])
    with pytest.raises(TransitionError) as e:
        services.return_to_applicant(world.hr, b, reason="x", sections=["basic"])
    assert e.value.conflict


def test_staff_cannot_act_on_their_own_dossier(world):
    from zhicheng.orgs.models import RoleAssignment

    RoleAssignment.objects.create(user=world.hr, role="applicant", organization=world.unit)
    world.hr._zc_assignments = None
    own = f.application(world.hr, world.campaign, "083")
    f.submitted(own)
    with pytest.raises(TransitionError, match="须回避"):
        transition(own, "return", actor=world.hr, reason="x", sections=["basic"])
    own.refresh_from_db()
    assert own.state == State.SUBMITTED
