"""§四(三) starting points for the vote's tests: a committee with experts who have accounts, a drawn panel,
candidates on the meeting's agenda in IN_COMMITTEE (assigned to the committee), attendance.

The candidates' state is set directly, until host_pass lands (§四(二), built in parallel): the ONLY place
where a state is written without the map."""

from __future__ import annotations

from zhicheng.committee import services
from zhicheng.committee import vote as v
from zhicheng.committee.models import CommitteeAssignment, Expert, MeetingCandidate
from zhicheng.dossier.models import Application
from zhicheng.orgs.roles import Role
from zhicheng.workflow.states import State

from .. import factories as f
from ..committee.conftest import committee, meeting


def panel_meeting(world, size: int, *, pool: int | None = None, specialty: str = "电气"):
    """A committee by specialty of world.host with `pool` experts (each with an expert account), a meeting
    and a panel of `size` drawn. Returns (meeting, members: list[Expert] in panel order)."""
    c = committee(world.host_user, specialty=specialty)
    for i in range(pool or size):
        account = f.user(Role.EXPERT, world.host, name=f"评委{i}")
        services.add_expert(world.host_user, real_name=f"评委{i}", unit_name="河北工业大学", title_code="Z0801",
                            specialty=specialty, term_start=c.valid_from, term_end=c.valid_until,
                            user_id=account.pk)
    m = meeting(world.host_user, c)
    services.draw_panel(world.host_user, m, size=size, seed="表决")
    members = services.panel(m)[0]  # drawn from the host's whole pool (earlier calls' experts too)
    by_id = Expert.objects.select_related("user").in_bulk(members)
    return m, [by_id[i] for i in members]


def candidates(world, m, n: int, *, start: int = 0):
    """n applications of world.campaign (候选人{start}…, agenda order from start + 1) on the meeting's agenda,
    IN_COMMITTEE, assigned to its committee."""
    apps = []
    for i in range(n):
        person = f.user(Role.APPLICANT, world.unit, name=f"候选人{start + i}")
        app = f.application(person, world.campaign)
        # until host_pass lands: the state is reached directly here, nowhere else
        Application.objects.filter(pk=app.pk).update(state=State.IN_COMMITTEE)
        CommitteeAssignment.objects.create(application=app, committee=m.committee.org)
        MeetingCandidate.objects.create(meeting=m, application=app, order=start + i + 1)
        app.refresh_from_db()
        apps.append(app)
    return apps


def opened(world, m, members, present: int | None = None):
    """Attendance (the first `present` members present, all by default) and the vote opened."""
    present = len(members) if present is None else present
    v.record_attendance(world.host_user, m, present_ids=[e.pk for e in members[:present]])
    return v.open_vote(world.host_user, m)


def votes(m, members, app, agree=0, disagree=0, abstain=0):
    """The first members vote on `app`: agree, then disagree, then abstain."""
    choices = ["agree"] * agree + ["disagree"] * disagree + ["abstain"] * abstain
    for e, choice in zip(members, choices, strict=False):
        v.cast_votes(e.user, m, {app.pk: choice})
