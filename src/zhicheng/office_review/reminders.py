"""§三 deadline reminders and the countdowns of the home page.

The people who still have work before a deadline are reminded (消息 + e-mail, messaging.notify) from
`reminder_working_days` working days before it until the deadline, once per person and deadline (the message
key carries the deadline day, so a changed schedule reminds again). "N working days before" counts the working
days after today up to and including the deadline: with N=2 and a deadline on Thursday 2026-10-08 (the day
after 国庆), the reminder goes out on Tuesday 2026-09-29 (09-30 and 10-08 are left).

Who has work: online (网上申报) — the applicants in PREREVIEW_PASSED/ONLINE_RETURNED; prereview, handin,
forward — the office's reviewers while applications wait in that step; correction deadlines of open returns —
unit HR (PREREVIEW_RETURNED) and the applicant (ONLINE_RETURNED).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q

from zhicheng.codes.models import get_param
from zhicheng.dossier.models import Application, ReturnRecord
from zhicheng.orgs.models import User
from zhicheng.orgs.roles import OrgKind, Role
from zhicheng.workdays.formats import cn_date
from zhicheng.workdays.services import working_days_between, working_days_counts
from zhicheng.workflow.states import State

from .models import OfficeSchedule

Step = OfficeSchedule.Step

# The states whose work a step's deadline ends, and who does it.
APPLICANT_STEPS = {Step.ONLINE: (State.PREREVIEW_PASSED, State.ONLINE_RETURNED)}
OFFICE_STEPS = {
    Step.PREREVIEW: (State.UNIT_SUBMITTED,),
    Step.HANDIN: (State.ONLINE_SUBMITTED, State.ONLINE_PASSED),
    Step.FORWARD: (State.OFFICE_ENDORSED,),
}
CORRECTION_LABEL = {State.PREREVIEW_RETURNED: "资格预审补正", State.ONLINE_RETURNED: "网上审核退回补正"}
_DEPTH = "unit__parent__parent__parent"


def working_days_left(today: datetime.date, deadline: datetime.date) -> int:
    """Working days after today up to and including the deadline (0 on the deadline day)."""
    return working_days_between(today + datetime.timedelta(days=1), deadline) if deadline > today else 0


def _office_id(unit) -> int | None:
    org = unit
    while org is not None and org.kind != OrgKind.OFFICE:
        org = org.parent
    return org.pk if org is not None else None


@dataclass
class _Run:
    today: datetime.date
    lead: int
    sent: int = 0

    def due(self, deadline: datetime.date | None) -> int | None:
        """Working days left when a reminder is due today, else None."""
        if deadline is None or deadline < self.today:
            return None
        left = working_days_left(self.today, deadline)
        return left if left <= self.lead else None

    def send(self, user, what: str, deadline: datetime.date, left: int, key: str, link: str = "/") -> None:
        from zhicheng.messaging.services import notify

        when = "今天" if left == 0 else f"还有{left}个工作日"
        body = (f"{what}将于{cn_date(deadline)}截止（{when}）。请在截止前办理；"
                f"截止后未办理的，按规定不再受理或作放弃处理。")
        if notify(user, subject=f"{what}将于{cn_date(deadline)}截止", body=body, link=link, key=key):
            self.sent += 1


def remind_deadlines(today: datetime.date) -> str:
    """The daily job: remind everyone whose §三 deadline is within `reminder_working_days` working days."""
    run = _Run(today, int(get_param("reminder_working_days")))
    rows = [r for r in OfficeSchedule.objects.filter(ends_on__gte=today).select_related("office")
            if run.due(r.ends_on) is not None]
    work = {**APPLICANT_STEPS, **OFFICE_STEPS}
    states = {state for r in rows for state in work[r.step]}
    apps = list(Application.objects.filter(state__in=states, campaign__year__in={r.year for r in rows})
                .select_related(_DEPTH, "applicant", "campaign")) if rows else []
    for row in rows:
        left = run.due(row.ends_on)
        label = row.get_step_display()
        mine = [a for a in apps if a.campaign.year == row.year and _office_id(a.unit) == row.office_id]
        key = f"deadline:{row.step}:{row.office_id}:{row.year}:{row.ends_on.isoformat()}"
        if row.step in APPLICANT_STEPS:
            for app in mine:
                if app.state in APPLICANT_STEPS[row.step]:
                    run.send(app.applicant, label, row.ends_on, left, f"{key}:{app.pk}",
                             f"/applications/{app.pk}/")
        elif any(a.state in OFFICE_STEPS[row.step] for a in mine):
            waiting = sum(a.state in OFFICE_STEPS[row.step] for a in mine)
            for user in User.objects.filter(is_active=True, role_assignments__role=Role.OFFICE_REVIEWER,
                                            role_assignments__organization_id=row.office_id).distinct():
                run.send(user, f"{label}（待办{waiting}件）", row.ends_on, left, key)
    _remind_online_fallback(run)
    _remind_corrections(run)
    return f"发送截止提醒{run.sent}条"


def _remind_online_fallback(run: _Run) -> None:
    """网上申报 where the office set no deadline: `schedule.online_fallback` from the day of 预审通过."""
    from .schedule import online_fallback, passed_on

    waiting = list(Application.objects.filter(state=State.PREREVIEW_PASSED)
                   .select_related(_DEPTH, "applicant", "campaign"))
    if not waiting:
        return
    set_by_office = set(OfficeSchedule.objects.filter(step=Step.ONLINE, year__in={a.campaign.year for a in waiting})
                        .values_list("office_id", "year"))
    waiting = [a for a in waiting if (_office_id(a.unit), a.campaign.year) not in set_by_office]
    passed = passed_on([a.pk for a in waiting])
    for app in waiting:
        deadline = online_fallback(app, passed.get(app.pk)) if app.pk in passed else None
        left = run.due(deadline)
        if left is not None:
            run.send(app.applicant, Step.ONLINE.label, deadline, left,
                     f"deadline:online:fallback:{app.pk}:{deadline.isoformat()}", f"/applications/{app.pk}/")


def _remind_corrections(run: _Run) -> None:
    returns = (ReturnRecord.objects.filter(resolved_at__isnull=True, deadline__gte=run.today,
                                           application__state__in=list(CORRECTION_LABEL))
               .select_related("application__applicant", "application__unit"))
    for ret in returns:
        left = run.due(ret.deadline)
        if left is None:
            continue
        app = ret.application
        what = f"{CORRECTION_LABEL[app.state]}（{app.applicant.real_name}）"
        key = f"correction:{ret.pk}:{ret.deadline.isoformat()}"
        if app.state == State.ONLINE_RETURNED:
            run.send(app.applicant, CORRECTION_LABEL[app.state], ret.deadline, left, key,
                     f"/applications/{app.pk}/")
            continue
        for hr in User.objects.filter(is_active=True, role_assignments__role=Role.UNIT_HR,
                                      role_assignments__organization_id=app.unit_id).distinct():
            run.send(hr, what, ret.deadline, left, key, f"/applications/{app.pk}/")


def abandon_overdue_job(today: datetime.date) -> str:
    """The abandonment rule (`prereview_jobs.abandon_overdue`): a summary naming who was abandoned."""
    from . import prereview_jobs

    result = prereview_jobs.abandon_overdue(today)
    if isinstance(result, str):
        return result
    names = "、".join(f"{a.applicant.real_name}（{a.pk}）" for a in result)
    return f"逾期视为放弃{len(result)}件" + (f"：{names}" if names else "")


def register_jobs() -> None:
    """Called from OfficeReviewConfig.ready()."""
    from zhicheng.scheduling import jobs

    jobs.register("remind_deadlines", remind_deadlines, "§三截止前提醒")
    jobs.register("abandon_overdue", abandon_overdue_job, "§三逾期作放弃处理")


# ------------------------------------------------------------------------------------- home-page countdowns

@dataclass
class Countdown:
    label: str
    deadline: datetime.date
    left: int
    overdue: bool

    @property
    def text(self) -> str:
        if self.overdue:
            return f"{self.label}已于{cn_date(self.deadline)}截止"
        return f"距{self.label}截止还有 {self.left} 个工作日（{cn_date(self.deadline)}）"


def _fallback_countdowns(found: dict, apps) -> None:
    """网上申报 where the office set no deadline (schedule.online_fallback); one query for the passes."""
    from .schedule import online_fallback, passed_on

    passed = passed_on([a.pk for a in apps]) if apps else {}
    for app in apps:
        deadline = online_fallback(app, passed[app.pk]) if app.pk in passed else None
        if deadline is not None:
            found[("网上申报", deadline)] = 1


MAX_COUNTDOWNS = 5  # the nearest ones: a page's queries stay bounded whatever the number of deadlines


def home_countdowns(user, roles, today: datetime.date, waiting: dict[str, int] | None = None) -> list[Countdown]:
    """The countdowns of the user's pending §三 work for the home page, nearest first (at most
    MAX_COUNTDOWNS): the applicant's 网上申报 and correction deadlines, unit HR's 资格预审补正 deadlines, the
    office reviewer's steps while applications wait in them (`waiting`: state → count, from the home page).
    A fixed number of queries whatever the data."""
    found: dict[tuple[str, datetime.date], int] = {}
    if Role.APPLICANT in roles:
        pending = list(Application.objects.filter(applicant=user, state__in=APPLICANT_STEPS[Step.ONLINE])
                       .select_related(_DEPTH, "campaign"))
        q = Q(pk__in=[])
        for a in pending:
            q |= Q(office_id=_office_id(a.unit), year=a.campaign.year)
        if pending:
            set_by_office = set()
            for office_id, year, ends_on in (OfficeSchedule.objects.filter(q, step=Step.ONLINE)
                                             .values_list("office_id", "year", "ends_on")):
                found[("网上申报", ends_on)] = 1
                set_by_office.add((office_id, year))
            _fallback_countdowns(found, [a for a in pending if a.state == State.PREREVIEW_PASSED
                                         and (_office_id(a.unit), a.campaign.year) not in set_by_office])
        for deadline in (ReturnRecord.objects.filter(application__applicant=user, resolved_at__isnull=True,
                                                     application__state=State.ONLINE_RETURNED,
                                                     deadline__isnull=False)
                         .values_list("deadline", flat=True).distinct()[:MAX_COUNTDOWNS]):
            found[("网上审核退回补正", deadline)] = 1
    if Role.UNIT_HR in roles:
        rows = (ReturnRecord.objects.filter(resolved_at__isnull=True, deadline__isnull=False,
                                            application__state=State.PREREVIEW_RETURNED,
                                            application__unit__role_assignments__user=user,
                                            application__unit__role_assignments__role=Role.UNIT_HR)
                .values_list("deadline", "application_id").distinct())
        for deadline, _app in rows:
            found[("资格预审补正", deadline)] = found.get(("资格预审补正", deadline), 0) + 1
    if Role.OFFICE_REVIEWER in roles and waiting:
        steps = [s for s, states in OFFICE_STEPS.items() if any(waiting.get(st) for st in states)]
        latest: dict[str, datetime.date] = {}
        for step, ends_on in (OfficeSchedule.objects.filter(
                step__in=steps, office__role_assignments__user=user,
                office__role_assignments__role=Role.OFFICE_REVIEWER).order_by("year", "ends_on")
                .values_list("step", "ends_on")):
            latest[step] = ends_on  # the latest year's
        for step, ends_on in latest.items():
            found[(Step(step).label, ends_on)] = sum(waiting.get(st, 0) for st in OFFICE_STEPS[step])
    nearest = sorted(found.items(), key=lambda kv: kv[0][1])[:MAX_COUNTDOWNS]
    # Counts today when it is a working day: on the deadline day "还有 1 个工作日".
    left = working_days_counts(today, [d for (_label, d), _n in nearest if d >= today])
    return [Countdown(label if n <= 1 else f"{label}（{n}件）", deadline, left.get(deadline, 0), deadline < today)
            for (label, deadline), n in nearest]
