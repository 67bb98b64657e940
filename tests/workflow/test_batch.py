"""Moving many applications in one call: all or nothing, one audit event each, conflicts named."""

import pytest

from zhicheng.audit.models import AuditEvent
from zhicheng.dossier import services
from zhicheng.workflow.services import TransitionError, transition_many
from zhicheng.workflow.states import State

from .. import factories as f


@pytest.fixture
def submitted(world):
    second = f.application(world.applicant2, world.campaign, "083")
    return world, [f.submitted(world.app), f.submitted(second)]


def test_batch_moves_every_application_with_one_audit_event_each(submitted):
    w, apps = submitted
    moved = transition_many(apps, "return", actor=w.hr, reason="统一补充继续教育证明", sections=["all"])
    assert [a.state for a in moved] == [State.RETURNED, State.RETURNED]
    events = AuditEvent.objects.filter(action="return").order_by("object_id")
    assert [e.object_id for e in events] == sorted(str(a.pk) for a in apps)
    assert all(e.details["batch"] == 2 and e.reason == "统一补充继续教育证明" for e in events)


def test_a_conflict_on_one_refuses_the_whole_batch_naming_it(submitted):
    w, apps = submitted
    stale = type(apps[1]).objects.get(pk=apps[1].pk)
    f.returned(apps[1], w.hr, reason="先退回", sections=["basic"])
    with pytest.raises(TransitionError) as e:
        transition_many([apps[0], stale], "return", actor=w.hr, reason="批量", sections=["all"])
    assert e.value.conflict and "李秀英" in e.value.problems[0] and "本批次未作任何更改" in e.value.problems[0]
    apps[0].refresh_from_db()
    assert apps[0].state == State.SUBMITTED  # nothing moved
    assert AuditEvent.objects.filter(action="return").count() == 1


def test_one_out_of_scope_refuses_the_batch(submitted):
    w, apps = submitted
    f.submitted(w.other_app)
    with pytest.raises(TransitionError) as e:
        transition_many([apps[0], w.other_app], "return", actor=w.hr, reason="批量", sections=["all"])
    assert e.value.forbidden and e.value.problems == ["王芳：您无权执行“退回修改”。"]
    assert not AuditEvent.objects.filter(action="return").exists()


def test_wrong_state_in_a_batch_is_named(submitted):
    w, apps = submitted
    services.return_to_applicant(w.hr, apps[1], reason="先退回", sections=["basic"])
    with pytest.raises(TransitionError) as e:
        transition_many(apps, "return", actor=w.hr, reason="批量", sections=["all"])
    assert e.value.problems == ["李秀英：当前状态为“已退回修改”，不能执行“退回修改”。"]


def test_empty_batch_is_refused(world):
    with pytest.raises(TransitionError, match="至少选择一条"):
        transition_many([], "return", actor=world.hr, reason="x")
