"""§四(三) starting points for the vote's tests: a committee with experts who have accounts, a drawn panel,
candidates on the meeting's agenda in IN_COMMITTEE (assigned to the committee), attendance.

The candidates' state is written directly: the vote's tests start from IN_COMMITTEE data, the step that
reaches it (host_review.host_pass) has its own tests (tests/committee/test_host_review*.py) and the whole chain
takes it in the browser (tests/e2e)."""

from __future__ import annotations

import datetime

from zhicheng.committee import services
from zhicheng.committee import vote as v
from zhicheng.committee.models import Committee, CommitteeAssignment, Expert, MeetingCandidate
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
        # IN_COMMITTEE as data (see the module's docstring)
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


def decided_by_vote(world, apps, *, committee=None, agree: bool = True) -> Committee:
    """`apps` (submitted) decided by a real secret vote: a committee of world.host for their levels (or
    `committee`), three experts with accounts (the province's minimum panels set to 3, data), one meeting per
    level today, the candidates IN_COMMITTEE (data, as `candidates`) and on its agenda, everyone present,
    all 同意 (PASSED) or all 不同意 (FAILED) through close_vote. Returns the committee record."""
    from django.core.cache import cache
    from django.utils import timezone

    from zhicheng.codes.models import Parameter
    from zhicheng.committee import agenda

    for key in ("committee_min_senior_series", "committee_min_senior_specialty", "committee_min_other"):
        Parameter.objects.filter(key=key).update(value=3)
        cache.delete(f"param:{key}")
    today = timezone.localdate()
    levels = sorted({a.level for a in apps})
    if committee is None:
        start = today - datetime.timedelta(days=30)
        committee = services.create_committee(world.host_user, name="河北省工程系列评审委员会", series_code="080",
                                              levels=levels, approval_number="冀职改办〔2026〕8号",
                                              approval_date=start, valid_from=start,
                                              valid_until=services.validity_limit(start))
        for i in range(3):
            account = f.user(Role.EXPERT, world.host, name=f"表决评委{i}")
            services.add_expert(world.host_user, real_name=account.real_name, unit_name="河北工业大学",
                                title_code="Z0801", specialty="电气", term_start=start,
                                term_end=committee.valid_until, user_id=account.pk)
    for level in levels:
        group = [a for a in apps if a.level == level]
        m = services.create_meeting(world.host_user, committee, level=level, date=today, place="石家庄市评审中心")
        services.draw_panel(world.host_user, m, size=3, seed=f"表决{level}")
        members = Expert.objects.select_related("user").in_bulk(services.panel(m)[0])
        for a in group:
            Application.objects.filter(pk=a.pk).update(state=State.IN_COMMITTEE)  # data (see the docstring)
            CommitteeAssignment.objects.update_or_create(application=a, defaults={"committee": committee.org})
        agenda.add_candidates(world.host_user, m, [a.pk for a in group])
        v.record_attendance(world.host_user, m, present_ids=list(members))
        v.open_vote(world.host_user, m)
        for e in members.values():
            v.cast_votes(e.user, m, {a.pk: "agree" if agree else "disagree" for a in group})
        v.close_vote(world.host_user, m)
    for a in apps:
        a.refresh_from_db()
    return committee
