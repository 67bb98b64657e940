"""§四(三) one held meeting per committee, on the applications demo_host accepted (IN_COMMITTEE), through the
committee services: the meeting called and its panel drawn (stage_committee.draw: the expert accounts and a
u_power expert seated), the agenda (the automatic recusal of the u_power expert), the declarations
(demo_expert: 无利害关系 for each; demo_expert2 declares a relation with one candidate and is recused), a
评议组 with its opinion, attendance (everyone present), the secret ballot of every member and the close:
评审通过 / one 评审未通过 in the senior meeting; the minutes PDF.

Every member votes through their own account, so the members without one are given one (pingweiNNN, the demo
password, 评审专家 of the host) and linked to their pool entry (committee.services.edit_expert).

Demo-only: a meeting cannot be called for a past day (create_meeting), so it is called for today and, once
held, its date is moved back before the result notices of stage_results (`held_on`), the way stage_
recommendation places its ended notices. The meetings of stage_committee stay ahead.

Once a meeting of a committee has voted the stage leaves everything as it is (one transaction).
"""

from __future__ import annotations

import datetime

from django.core.management.base import CommandError
from django.db import transaction

from zhicheng.codes.models import Level
from zhicheng.committee import agenda, agenda_panels, vote
from zhicheng.committee import services as cs
from zhicheng.committee.models import Committee, CommitteeAssignment, Expert, ReviewMeeting, VoteSession
from zhicheng.errors import Refusal
from zhicheng.orgs.models import RoleAssignment, User
from zhicheng.orgs.roles import Role
from zhicheng.orgs.validators import id_number_check_char
from zhicheng.results import result_notice as rn
from zhicheng.workflow.states import State

from .context import Context
from .data import EMAIL_DOMAIN
from .pool import HOST_USER
from .stage_committee import PLACE, draw
from .stage_recommendation import _working_day_on_or_before, ended_period

# (committee key, level, accounts that must sit on the panel)
HELD = [("committee", Level.ASSOCIATE_SENIOR, ("demo_expert", "demo_expert2", "demo_expert3")),
        ("committee_mid", Level.INTERMEDIATE, ("demo_expert4", "demo_expert5"))]
OPINION = ("申报人任现职以来主持完成多项输变电工程设计，业绩成果突出，论文与专业相符，"
           "评议组认为其专业技术水平达到申报职称的评审标准。")


def held_on(today: datetime.date) -> datetime.date:
    """The working day before the ended result notices' period (stage_results)."""
    start, _end = ended_period(today, rn.working_days())
    return _working_day_on_or_before(start - datetime.timedelta(days=1))


def populate(ctx: Context) -> None:
    if VoteSession.objects.exists():
        return  # held by an earlier run
    try:
        with transaction.atomic():
            for key, level, accounts in HELD:
                committee = Committee.objects.select_related("org").get(org=ctx.orgs[key])
                apps = list(CommitteeAssignment.objects.filter(committee=committee.org,
                                                               application__state=State.IN_COMMITTEE)
                            .order_by("application_id").values_list("application_id", flat=True))
                if apps:
                    hold(ctx, committee, level, accounts, apps)
    except Refusal as exc:
        raise CommandError(f"演示数据（评审会议表决）未能建立：{exc}") from exc


def hold(ctx: Context, committee: Committee, level: str, accounts: tuple[str, ...], app_ids: list[int]) -> None:
    host = ctx.users[HOST_USER]
    meeting = cs.create_meeting(host, committee, level=level, date=ctx.today, place=PLACE)
    ctx.created["评审会议"] += 1
    draw(ctx, meeting, accounts)
    members, _chair = cs.panel(meeting)
    experts = Expert.objects.select_related("user", "title").in_bulk(members)
    for expert_id in members:
        if experts[expert_id].user_id is None:
            experts[expert_id] = give_account(ctx, experts[expert_id])
    agenda.add_candidates(host, meeting, app_ids)  # the automatic recusal runs here
    cands = list(agenda.candidates(meeting).select_related("application"))
    users = {u: ctx.users.get(u) or User.objects.get(username=u) for u in accounts}
    for c in cands:
        agenda.declare(users[accounts[0]], c, related=False)
    if level != Level.INTERMEDIATE:
        agenda.declare(users[accounts[1]], cands[-1], related=True, detail="与申报人曾在同一项目组共事三年。")
    lead = next(e for e in experts.values() if e.user and e.user.username == accounts[0])
    others = [e.pk for e in experts.values() if e.pk != lead.pk
              and not agenda.is_recused(meeting, e, cands[0].application)][: agenda_panels.panel_min()]
    panel = agenda_panels.form_panel(host, meeting, name="输变电工程评议组", expert_ids=[lead.pk, *others])
    agenda_panels.assign(host, panel, cands[0])
    agenda_panels.write_opinion(users[accounts[0]], cands[0], text=OPINION)
    vote.record_attendance(host, meeting, present_ids=members)
    vote.open_vote(host, meeting)
    # the senior meeting's second candidate fails (everyone disagrees); everyone else passes
    failing = cands[1].application_id if level != Level.INTERMEDIATE else None
    for expert_id in members:
        expert = experts[expert_id]
        eligible = [c.application_id for c in cands if not agenda.is_recused(meeting, expert, c.application)]
        choices = {a: ("disagree" if a == failing else "agree") for a in eligible}
        if choices:
            vote.cast_votes(expert.user, meeting, choices)
    vote.close_vote(host, meeting)
    ReviewMeeting.objects.filter(pk=meeting.pk).update(date=held_on(ctx.today))  # demo-only (docstring)


def birth(n: int) -> datetime.date:
    # Keys grow without bound on PostgreSQL (sequences survive rollbacks): fold them into 1962–1999.
    return datetime.date(1962, 3, 1) + datetime.timedelta(days=173 * (n % 80))


def id_number(n: int) -> str:
    """A valid ID number (GB 11643: born on `birth(n)`, odd sequence: 男), none any other user holds."""
    for seq in range(n % 500, n % 500 + 500):
        body = f"130102{birth(n):%Y%m%d}{(seq % 500) * 2 + 1:03d}"
        idn = body + id_number_check_char(body)
        if not User.objects.filter(id_number=idn).exists():
            return idn
    raise CommandError("未能为评审专家账号生成身份证号。")


def give_account(ctx: Context, expert: Expert) -> Expert:
    """An account for a pool expert without one (demo password), 评审专家 of the host, linked to the entry."""
    username = f"pingwei{expert.pk:03d}"
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(username=username, password=None, real_name=expert.real_name,
                                        id_number=id_number(expert.pk), birth_date=birth(expert.pk), gender="1",
                                        email=f"{username}@{EMAIL_DOMAIN}")
        user.password = ctx.password_hash()
        user.save(update_fields=["password"])
        ctx.created["用户"] += 1
    RoleAssignment.objects.get_or_create(user=user, role=Role.EXPERT, organization=expert.host)
    return cs.edit_expert(ctx.users[HOST_USER], expert, real_name=expert.real_name, unit_name=expert.unit_name,
                          title_code=expert.title.code, specialty=expert.specialty, term_start=expert.term_start,
                          term_end=expert.term_end, user_id=user.pk)

