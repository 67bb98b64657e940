"""§五 starting points for the tests of 复查申请与投诉.

PASSED and FAILED are reached through the real secret vote (stage4_vote.decided_by_vote); the other appealable
states are written as data (see `decided`)."""

from __future__ import annotations

from tests import factories as f
from tests.support import stage4_vote as s4v
from zhicheng.committee.models import CommitteeAssignment
from zhicheng.dossier.models import Application
from zhicheng.orgs.roles import OrgKind, Role
from zhicheng.workflow.states import State


def committees(world):
    """world.committee under world.host; world.host2 (another host) with its own user and committee."""
    if not hasattr(world, "committee"):
        world.committee = f.org("河北省工程技术评审委员会", OrgKind.COMMITTEE, world.host)
        world.host2 = f.org("河北省卫生系列评委会组建单位", OrgKind.COMMITTEE_HOST, world.province)
        world.host2_user = f.user(Role.COMMITTEE_HOST, world.host2, name="蒋组建")
        world.committee2 = f.org("河北省卫生系列评审委员会", OrgKind.COMMITTEE, world.host2)
    return world


def decided(world, app=None, *, state: str = State.FAILED, committee=None, assigned: bool = True) -> Application:
    """The application (world.app by default) submitted and put in `state`; assigned to world.committee
    (or `committee`) unless assigned=False (then the provincial office handles requests about it)."""
    committees(world)
    app = app or world.app
    if app.state == State.DRAFT:
        f.submitted(app)
    if state in (State.PASSED, State.FAILED) and assigned and committee is None:
        # the committee's outcome through the real secret vote, by world.committee's record
        if not hasattr(world, "committee_record"):
            world.committee_record = s4v.decided_by_vote(world, [app], agree=state == State.PASSED)
            world.committee = world.committee_record.org
        else:
            s4v.decided_by_vote(world, [app], committee=world.committee_record, agree=state == State.PASSED)
        assert app.state == state, app.state
        return app
    # Any other appealable state as data: the appeal rules are per state (APPEALABLE_STATES), and each state's own
    # step is tested where it is built.
    Application.objects.filter(pk=app.pk).update(state=state)
    if assigned:
        CommitteeAssignment.objects.create(application=app, committee=committee or world.committee)
    app.refresh_from_db()
    return app
