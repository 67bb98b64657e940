"""Committee hosts see the applications assigned to their committee, through the same rule for lists and for
one record; nothing else. Experts see less (their meeting's declared candidates: test_recusal.py)."""

from zhicheng.committee.models import CommitteeAssignment
from zhicheng.dossier import services
from zhicheng.dossier.permissions import can_view, visible_applications
from zhicheng.orgs.roles import OrgKind, Role

from .. import factories as f


def test_host_and_expert_see_only_applications_assigned_to_their_committee(world):
    committee = f.org("河北省工程系列电气专业高级评审委员会", OrgKind.COMMITTEE, world.host)
    other_host = f.org("河北省卫生系列评委会组建单位", OrgKind.COMMITTEE_HOST, world.province)
    other_committee = f.org("河北省卫生系列高级评审委员会", OrgKind.COMMITTEE, other_host)
    other_host_user = f.user(Role.COMMITTEE_HOST, other_host, name="卫组建")
    for app, who in ((world.app, world.applicant), (world.other_app, world.other_applicant)):
        f.fill_required(app)
        services.submit(who, app)
    assert not visible_applications(world.host_user).exists()
    assert not can_view(world.host_user, world.app)
    CommitteeAssignment.objects.create(application=world.app, committee=committee)
    CommitteeAssignment.objects.create(application=world.other_app, committee=other_committee)
    assert list(visible_applications(world.host_user)) == [world.app]
    assert can_view(world.host_user, world.app) and not can_view(world.host_user, world.other_app)
    # An expert sees only a meeting's candidates, once declared (tests/committee/test_recusal.py).
    assert not visible_applications(world.expert).exists() and not can_view(world.expert, world.app)
    assert list(visible_applications(other_host_user)) == [world.other_app]
    assert not can_view(other_host_user, world.app)


def test_a_host_sees_what_was_sent_to_it_and_nothing_the_province_still_checks(world):
    from ..support import stage4

    other_host = f.org("河北省卫生系列评委会组建单位", OrgKind.COMMITTEE_HOST, world.province)
    other_host_user = f.user(Role.COMMITTEE_HOST, other_host, name="卫组建")
    w = stage4.forwarded(world)
    assert list(visible_applications(w.host_user)) == [w.middle]  # 中级 sent by the office
    assert can_view(w.host_user, w.middle) and not can_view(w.host_user, w.senior)  # 高级 at the spot check
    assert not visible_applications(other_host_user).exists() and not can_view(other_host_user, w.middle)
    assert not can_view(w.expert, w.middle)  # experts see only what their meeting puts before them
