"""§五 starting points for the tests of 复查申请与投诉.

UNTIL §四 LANDS: the committee's outcome is set with `.update(state=...)` and a CommitteeAssignment is created
directly — acceptable only here; the lead switches these to the real §四/§五 services (host_pass,
committee_pass/committee_fail, …) when they exist."""

from __future__ import annotations

from tests import factories as f
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
    Application.objects.filter(pk=app.pk).update(state=state)  # until §四 lands
    if assigned:
        CommitteeAssignment.objects.create(application=app, committee=committee or world.committee)
    app.refresh_from_db()
    return app
