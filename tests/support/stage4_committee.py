"""§四(三) starting points: applications IN_COMMITTEE, assigned to a committee, for the meeting's agenda."""

from __future__ import annotations

from zhicheng.committee.models import CommitteeAssignment
from zhicheng.dossier.models import Application
from zhicheng.workflow.states import State

from .. import factories as f


def in_committee(apps, committee_org) -> list:
    """Submitted applications put IN_COMMITTEE and assigned to `committee_org` (what host_pass will do)."""
    out = []
    for app in apps:
        if app.state == State.DRAFT:
            f.submitted(app)
        CommitteeAssignment.objects.update_or_create(application=app, defaults={"committee": committee_org})
        # Data the agenda's tests start from, written directly: the step that reaches it (host_review.host_pass)
        # has its own tests (tests/committee/test_host_review*.py) and is taken in tests/e2e; the agenda's refusals
        # need data the real flow never makes (another level's application in a committee, a HOST_REVIEW one).
        Application.objects.filter(pk=app.pk).update(state=State.IN_COMMITTEE)
        app.refresh_from_db()
        out.append(app)
    return out


def small_panels(size: int = 5) -> None:
    """A province that lets a senior committee by series meet with `size` experts (data, not code)."""
    from django.core.cache import cache

    from zhicheng.codes.models import Parameter

    Parameter.objects.filter(key="committee_min_senior_series").update(value=size)
    cache.delete("param:committee_min_senior_series")


def prepared(world, *, day, valid_from, valid_until, members: int = 5):
    """world with a committee of world.host (world.committee_record, 副高级), `members` experts each with an
    account (world.expert first; the last from world.unit, 河北电力设计院), a meeting on `day` with all of
    them drawn (world.meeting, world.members), and world.app IN_COMMITTEE assigned to the committee."""
    from zhicheng.codes.models import Level
    from zhicheng.committee import services
    from zhicheng.orgs.roles import Role

    small_panels(members)
    c = services.create_committee(world.host_user, name="河北省工程技术系列高级评审委员会", series_code="080",
                                  levels=[Level.ASSOCIATE_SENIOR], approval_number="冀职改办〔2025〕12号",
                                  approval_date=valid_from, valid_from=valid_from, valid_until=valid_until)
    users = [world.expert] + [f.user(Role.EXPERT, world.host, name=f"评委{i}") for i in range(1, members)]
    experts = []
    for i, u in enumerate(users):
        unit = world.unit.name if i == members - 1 else "河北工业大学"
        experts.append(services.add_expert(world.host_user, real_name=u.real_name, unit_name=unit,
                                           title_code="Z0801", specialty="电气", term_start=valid_from,
                                           term_end=valid_until, user_id=u.pk))
    world.committee_record, world.expert_users, world.experts = c, users, experts
    world.meeting = services.create_meeting(world.host_user, c, level=Level.ASSOCIATE_SENIOR, date=day,
                                            place="石家庄市裕华区评审中心")
    services.draw_panel(world.host_user, world.meeting, size=members, seed="agenda-test")
    in_committee([world.app], c.org)
    return world
