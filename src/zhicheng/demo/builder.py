"""Build the demo province: run the stage modules in order, then print the accounts and what exists.

Each stage module exposes `populate(ctx)`; a later stage adds its module to STAGES (e.g.
`stage_unit_review` after `stage_dossier`) and takes the applications the stages before it left.
Everything is keyed on natural keys and seeded, so every run on an empty database gives the same
province and a second run creates nothing.
"""

from __future__ import annotations

import io
import unicodedata
from typing import TextIO

from django.core.management.base import CommandError, OutputWrapper
from django.db.models import Count
from django.utils import timezone

from zhicheng.codes.models import Title
from zhicheng.committee import services as cs
from zhicheng.committee.models import Committee, Expert, ReviewMeeting, VoteSession
from zhicheng.dossier.models import Application
from zhicheng.orgs.models import RoleAssignment
from zhicheng.orgs.roles import Role
from zhicheng.workdays.formats import cn_date
from zhicheng.workdays.models import PROVISIONAL_LABEL
from zhicheng.workflow.states import State

from . import (
    stage_committee,
    stage_dossier,
    stage_forwarding,
    stage_host_review,
    stage_office,
    stage_recommendation,
    stage_results,
    stage_unit_review,
    stage_vote,
    world,
)
from .context import Context
from .data import DEMO_USERNAMES, PASSWORD
from .people import plan_people

STAGES = [
    world,  # organisations, accounts, roles; the host's committees and expert pool (pool.py)
    stage_dossier,  # §一: campaigns and dossiers in every §一 state
    stage_unit_review,  # §二(一): HR's verification under way (marks only, no state changes)
    stage_recommendation,  # §二(二)–(八): scoring, collective decision, notices, objections, a ban, submission
    stage_office,  # §三: the office's pre-review, online review, paper dossier and fee, endorsement, forwarding
    stage_forwarding,  # §三 → §四: the chain's dossiers forwarded, 中级 to the host, 副高级 to the spot check
    stage_committee,  # §四: the committees' meetings ahead and their drawn panels
    stage_host_review,  # §四(一)–(二): the spot check, its delegation, the host's qualification review
    stage_vote,  # §四(三): one held meeting per committee: agenda, recusals, opinions, the vote, minutes
    stage_results,  # §五: result notices, 备案/核准, 发文 and certificates, a 复查 request
]


def build(stdout: TextIO | None = None) -> Context:
    """Create whatever of the demo province is missing; report to stdout (None: print nothing)."""
    if not Title.objects.filter(code="082").exists():
        raise CommandError("字典数据（职称代码）尚未载入，请先运行 python manage.py migrate。")
    staff, applicants = plan_people()
    ctx = Context(today=timezone.localdate(), staff=staff, applicants=applicants)
    for stage in STAGES:
        stage.populate(ctx)
    out = stdout if isinstance(stdout, OutputWrapper) else OutputWrapper(stdout or io.StringIO())
    report(ctx, out)
    return ctx


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _display_width(text))


def _publicity_line(today) -> str:
    """The notices by phase, the objections by status and the bans in force (what §二(七) shows)."""
    from zhicheng.integrity.models import Ban
    from zhicheng.publicity.models import Objection, PublicNotice

    notices = PublicNotice.objects.all()
    running = notices.filter(starts_on__lte=today, ends_on__gte=today).count()
    ended = notices.filter(ends_on__lt=today).count()
    upcoming = notices.filter(starts_on__gt=today).count()
    objections = dict(Objection.objects.values_list("status").annotate(n=Count("id")).order_by("status"))
    parts = [f"{Objection.Status(s).label} {objections[s]}" for s in Objection.Status.values if s in objections]
    bans = Ban.objects.filter(starts_on__lte=today, ends_on__gt=today).count()
    return (f"单位公示：公示中 {running}，已结束 {ended}" + (f"，未开始 {upcoming}" if upcoming else "")
            + f"；异议：{'，'.join(parts) or '无'}；禁申在期 {bans}人。")


def committee_line() -> str:
    """The committees (validity), the pool and each meeting with its panel (the expert accounts on it)."""
    committees = list(Committee.objects.select_related("org").order_by("pk"))
    if not committees:
        return ""
    parts = [f"{c.org.name}（有效期至{cn_date(c.valid_until)}）" for c in committees]
    line = f"评审委员会：{'；'.join(parts)}；专家库{Expert.objects.count()}人。"
    for meeting in ReviewMeeting.objects.select_related("committee__org").order_by("date", "pk"):
        members, chair = cs.panel(meeting)
        accounts = Expert.objects.filter(pk__in=members, user__isnull=False).order_by("pk")
        names = "、".join(e.user.username for e in accounts.select_related("user"))
        line += (f"{meeting.committee.org.name}{cn_date(meeting.date)}评审会议已抽取专家{len(members)}人"
                 + (f"（含演示账号 {names}）" if names else "") + held(meeting) + "。")
    return line


def held(meeting: ReviewMeeting) -> str:
    """A held meeting's outcome (stage_vote), from the closed vote's frozen tally."""
    session = VoteSession.objects.filter(meeting=meeting, status=VoteSession.Status.CLOSED).first()
    if session is None:
        return ""
    ok = sum(1 for r in session.results.values() if r["passed"])
    return f"，已投票表决：通过{ok}人、未通过{len(session.results) - ok}人，会议纪要已生成"


def report(ctx: Context, out: OutputWrapper) -> None:
    """The accounts table (one per role), the other accounts, the states of the applications, what was created."""
    rows = [("角色", "用户名", "密码", "所在单位")]
    for role, username in DEMO_USERNAMES.items():
        a = RoleAssignment.objects.filter(user__username=username, role=role).select_related("organization")
        a = a.first()
        rows.append((Role(role).label, username, PASSWORD, a.organization.name if a else "（缺失）"))
    widths = [max(_display_width(r[i]) for r in rows) for i in range(4)]
    out.write("演示账号（每个角色一个）：")
    rule = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
    out.write(rule)
    for i, row in enumerate(rows):
        out.write("| " + " | ".join(_pad(c, w) for c, w in zip(row, widths, strict=True)) + " |")
        if i == 0:
            out.write(rule)
    out.write(rule)
    others = [f"{p.username}（{Role(p.role).label}，{ctx.orgs[p.org].name}）" for p in ctx.staff
              if p.username not in DEMO_USERNAMES.values()]
    out.write("其他账号：" + "；".join(others) + "。")
    n_applicants = RoleAssignment.objects.filter(role=Role.APPLICANT).values("user").distinct().count()
    out.write(f"申报人员共{n_applicants}人（用户名为姓名拼音；主管部门为纸质途径人员开通的账号见下），以上账号密码均为 {PASSWORD}。")
    counts = dict(Application.objects.values_list("state").annotate(n=Count("id")).order_by("state"))
    parts = [f"{State(s).label} {counts[s]}" for s in State.values if s in counts]
    out.write(f"申报状态：{'，'.join(parts) or '无'}（共{sum(counts.values())}份）。")
    out.write(_publicity_line(ctx.today))
    if line := stage_office.report_line():
        out.write(line)
    if line := committee_line():
        out.write(line)
    if line := stage_results.certificate_line():
        out.write(line)
    out.write("本次新建：" + "，".join(f"{k}{v}" for k, v in ctx.created.items()) + "。")
    if ctx.provisional_years:
        years = "、".join(f"{y}年" for y in ctx.provisional_years)
        out.write(f"注意：{years}的节假日安排为{PROVISIONAL_LABEL}，仅供演示按工作日计算截止日期。")
