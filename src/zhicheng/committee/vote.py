"""§四(三) 评审会议: attendance, the secret ballot (2/3 of those present and not recused), the results moved
through the map, and the minutes. Each function takes the acting user, runs in one transaction and writes the
audit event; views and the API only call these.

Quorum: the meeting may vote when present × 3 ≥ members × 2. A candidate passes when agree × 3 ≥ 2 × n, n the
members present and not recused for that candidate (同意票数达到出席且未回避专家的三分之二); abstentions and
missing votes are not agreement. Integers only. Secrecy: see models/vote.py and docs/VOTING.md.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from zhicheng.audit.services import record
from zhicheng.errors import Refusal
from zhicheng.messaging.services import notify
from zhicheng.orgs.roles import Role
from zhicheng.orgs.scope import Decision, orgs_for_role
from zhicheng.workdays.formats import cn_date
from zhicheng.workflow import actions, guards
from zhicheng.workflow.services import transition_many
from zhicheng.workflow.states import State

from . import permissions as perm
from .agenda import candidates  # noqa: F401  (the agenda, frozen at opening: read here and by the minutes)
from .models import (
    Attendance,
    Ballot,
    Choice,
    Expert,
    MeetingCandidate,
    Recusal,
    ReviewMeeting,
    VoteReceipt,
    VoteSession,
)
from .services import panel

CHOICES = dict(Choice.choices)


# --------------------------------------------------------------------------- rules in integers


def quorum_met(members: int, present: int) -> bool:
    """At least two thirds of the members present (present × 3 ≥ members × 2)."""
    return members > 0 and present * 3 >= members * 2


def passes(agree: int, n: int) -> bool:
    """Agree ≥ ceil(2n/3), i.e. agree × 3 ≥ 2 × n; nobody eligible → not passed."""
    return n > 0 and agree * 3 >= 2 * n


def quorum_message(members: int, present: int) -> str:
    return f"应到{members}人，实到{present}人，不足三分之二，不能开始投票。"


# --------------------------------------------------------------------------- predicates


def can_run_vote(user, meeting: ReviewMeeting) -> Decision:
    """The meeting's host (its own committees only) records attendance, opens and closes the vote."""
    if perm.can_manage_meeting(user, meeting):
        return Decision(True)
    return Decision(False, "只有本评审会议的组建单位可以组织投票。")


def member_expert(user, meeting: ReviewMeeting, members: list[int] | None = None) -> Expert | None:
    """The expert entry through which the logged-in user sits on the meeting's panel (None: not a member).
    The voter is always the logged-in user: nobody votes for another (no proxy)."""
    if not getattr(user, "is_authenticated", False) or not orgs_for_role(user, Role.EXPERT):
        return None
    members = panel(meeting)[0] if members is None else members
    return Expert.objects.filter(user_id=user.pk, pk__in=members).first()


def can_see_result(user, meeting: ReviewMeeting, session: VoteSession | None) -> Decision:
    """The host always; the panel's members once the vote is closed (counts only, never who voted how)."""
    if can_run_vote(user, meeting):
        return Decision(True)
    if session is not None and session.status == VoteSession.Status.CLOSED and member_expert(
            user, meeting, session.member_ids):
        return Decision(True)
    return Decision(False, "您无权查看该会议的表决结果。")


def _require_host(user, meeting: ReviewMeeting) -> None:
    if not perm.is_host(user):
        raise PermissionDenied("只有评委会组建单位可以组织投票。")
    if not can_run_vote(user, meeting):
        raise Http404


# --------------------------------------------------------------------------- eligibility


def _eligible(meeting: ReviewMeeting, members: list[int], application_ids: list[int]) -> dict[int, set[int]]:
    """For each candidate, the members who may vote on it: the panel frozen at opening minus its recusals, for all
    candidates in one query (agenda.eligible_voters answers the same for one candidate and the current panel)."""
    recused: dict[int, set[int]] = {a: set() for a in application_ids}
    for expert_id, app_id in Recusal.objects.filter(meeting=meeting, application_id__in=application_ids).values_list(
            "expert_id", "application_id"):
        recused[app_id].add(expert_id)
    return {a: set(members) - recused[a] for a in application_ids}


def session_of(meeting: ReviewMeeting) -> VoteSession | None:
    return VoteSession.objects.filter(meeting=meeting).first()


# --------------------------------------------------------------------------- attendance


@transaction.atomic
def record_attendance(user, meeting: ReviewMeeting, *, present_ids: list[int], ip: str | None = None) -> dict:
    """签到: each member of the panel present or absent. Frozen once the vote has opened."""
    _require_host(user, meeting)
    meeting = ReviewMeeting.objects.select_for_update().select_related("committee").get(pk=meeting.pk)
    if VoteSession.objects.filter(meeting=meeting).exists():
        raise Refusal("投票已开始，出席情况不能再修改。", conflict=True)
    members, _ = panel(meeting)
    if not members:
        raise Refusal("该会议尚未抽取评审专家。")
    present = {int(i) for i in present_ids}
    if present - set(members):
        raise Refusal("只能登记本次会议评审专家的出席情况。", {"present_ids": ["只能登记本次会议评审专家的出席情况。"]})
    for expert_id in members:
        Attendance.objects.update_or_create(meeting=meeting, expert_id=expert_id,
                                            defaults={"present": expert_id in present, "by": user})
    record("committee.attendance", actor=user, obj=meeting, role=Role.COMMITTEE_HOST,
           organization=meeting.committee.host, ip=ip,
           details={"members": len(members), "present_ids": sorted(present)})
    return {"members": len(members), "present": len(present), "quorum": quorum_met(len(members), len(present))}


def attendance_of(meeting: ReviewMeeting, members: list[int]) -> dict[int, bool]:
    rows = dict(Attendance.objects.filter(meeting=meeting).values_list("expert_id", "present"))
    return {e: rows.get(e) for e in members}


# --------------------------------------------------------------------------- open and close


@transaction.atomic
def open_vote(user, meeting: ReviewMeeting, *, ip: str | None = None) -> VoteSession:
    """开始投票, once: the quorum must be present; the members and those present are frozen."""
    _require_host(user, meeting)
    meeting = ReviewMeeting.objects.select_for_update().select_related("committee").get(pk=meeting.pk)
    if VoteSession.objects.filter(meeting=meeting).exists():
        raise Refusal("该会议已开始过投票，不能再次开始。", conflict=True)
    members, chair = panel(meeting)
    if not members:
        raise Refusal("该会议尚未抽取评审专家。")
    present = [e for e, here in attendance_of(meeting, members).items() if here]
    if not quorum_met(len(members), len(present)):
        raise Refusal(quorum_message(len(members), len(present)))
    agenda = candidates(meeting)
    if not agenda:
        raise Refusal("该会议没有评审对象，不能开始投票。")
    wrong = [c.application.applicant.real_name for c in agenda if c.application.state != State.IN_COMMITTEE]
    if wrong:
        raise Refusal(f"以下评审对象不在“评审中”状态：{'、'.join(wrong)}。")
    session = VoteSession.objects.create(meeting=meeting, member_ids=members, present_ids=present, chair_id=chair,
                                         application_ids=[c.application_id for c in agenda], opened_by=user)
    experts = Expert.objects.filter(pk__in=present, user__isnull=False).select_related("user")
    for e in experts:
        notify(e.user, subject="评审会议投票已开始",
               body=f"{meeting.committee}于{cn_date(meeting.date)}召开的评审会议已开始无记名投票，请登录系统投票。",
               link=reverse("committee_ballot", args=[meeting.pk]), key=f"vote-open-{session.pk}")
    record("committee.vote_open", actor=user, obj=meeting, role=Role.COMMITTEE_HOST,
           organization=meeting.committee.host, ip=ip,
           details={"members": len(members), "present": len(present), "candidates": len(agenda)})
    return session


def _locked_session(meeting: ReviewMeeting) -> VoteSession:
    session = VoteSession.objects.select_for_update().filter(meeting=meeting).first()
    if session is None:
        raise Refusal("投票尚未开始。")
    if session.status != VoteSession.Status.OPEN:
        raise Refusal("投票已结束。", conflict=True)
    return session


def tally(session: VoteSession, agenda: list[MeetingCandidate]) -> dict[int, dict]:
    """Counts per candidate (two queries): n = present and not recused (plus anyone who voted and was recused
    after voting: the anonymous ballot cannot be taken out, so it stays counted in n)."""
    app_ids = [c.application_id for c in agenda]
    eligible = _eligible(session.meeting, session.member_ids, app_ids)
    present = set(session.present_ids)
    counts = {a: {c: 0 for c in CHOICES} for a in app_ids}
    for app_id, choice, n in Ballot.objects.filter(session=session, application_id__in=app_ids).values_list(
            "application_id", "choice").annotate(n=Count("id")).order_by():
        counts[app_id][choice] = n
    voted: dict[int, set[int]] = {a: set() for a in app_ids}
    for expert_id, app_id in VoteReceipt.objects.filter(session=session).values_list("expert_id", "application_id"):
        voted.setdefault(app_id, set()).add(expert_id)
    out = {}
    for a in app_ids:
        n = len((eligible[a] & present) | voted[a])
        c = counts[a]
        cast = c["agree"] + c["disagree"] + c["abstain"]
        out[a] = {"eligible": n, "agree": c["agree"], "disagree": c["disagree"], "abstain": c["abstain"],
                  "missing": max(n - cast, 0), "voted": cast, "passed": passes(c["agree"], n)}
    return out


@transaction.atomic
def close_vote(user, meeting: ReviewMeeting, *, ip: str | None = None) -> VoteSession:
    """结束投票: the tally is frozen (counts only) and every candidate moves — 评审通过 or 评审未通过 — through
    the map (`committee_pass` / `committee_fail`, their guards reading the tally); the minutes are generated."""
    _require_host(user, meeting)
    session = _locked_session(meeting)
    session.meeting = meeting
    agenda = candidates(meeting, session)
    results = tally(session, agenda)
    session.status, session.closed_by, session.closed_at = VoteSession.Status.CLOSED, user, timezone.now()
    session.results = {str(a): r for a, r in results.items()}
    session.save(update_fields=["status", "closed_by", "closed_at", "results"])
    # A candidate no longer in committee (e.g. disqualified during the meeting) keeps its counts, not moved.
    moving = [c for c in agenda if c.application.state == State.IN_COMMITTEE]
    passed = [c.application for c in moving if results[c.application_id]["passed"]]
    failed = [c.application for c in moving if not results[c.application_id]["passed"]]
    if passed:
        transition_many(passed, "committee_pass", actor=user, ip=ip, meeting=meeting.pk)
    if failed:
        transition_many(failed, "committee_fail", actor=user, ip=ip, meeting=meeting.pk)
    record("committee.vote_close", actor=user, obj=meeting, role=Role.COMMITTEE_HOST,
           organization=meeting.committee.host, ip=ip,
           details={"passed": [a.pk for a in passed], "failed": [a.pk for a in failed]})
    from .minutes import generate_minutes

    generate_minutes(user, meeting, ip=ip)
    return session


# --------------------------------------------------------------------------- voting


def _cast(user, meeting: ReviewMeeting, session: VoteSession, expert: Expert, application_id: int,
          choice: str, agenda_ids: set[int]) -> None:
    if choice not in CHOICES:
        raise Refusal("请选择同意、不同意或弃权。", {"choice": ["请选择同意、不同意或弃权。"]})
    if application_id not in agenda_ids:
        raise Refusal("该申报不是本次会议的评审对象。")
    if expert.pk not in session.present_ids:
        raise Refusal("您未登记出席本次会议，不能投票。", forbidden=True)
    if expert.pk not in _eligible(meeting, session.member_ids, [application_id])[application_id]:
        raise Refusal("您须回避该评审对象，不能对其投票。", forbidden=True)
    try:
        with transaction.atomic():  # the receipt's unique key refuses a second vote, even a concurrent one
            VoteReceipt.objects.create(session=session, expert=expert, application_id=application_id)
    except IntegrityError:
        raise Refusal("您已对该评审对象投过票，不能重复投票。", conflict=True) from None
    Ballot.objects.create(session=session, application_id=application_id, choice=choice)


@transaction.atomic
def cast_votes(user, meeting: ReviewMeeting, choices: dict[int, str], *, ip: str | None = None) -> int:
    """The logged-in expert's votes (one or more candidates, all or none): a ballot and a receipt each."""
    session = VoteSession.objects.filter(meeting=meeting).first()
    expert = member_expert(user, meeting, session.member_ids if session else None)
    if expert is None:
        raise Refusal("您不是本次评审会议的评审专家，不能投票。", forbidden=True)
    session = _locked_session(meeting)
    if not choices:
        raise Refusal("请至少对一个评审对象表决。")
    agenda_ids = set(session.application_ids)
    for application_id, choice in choices.items():
        _cast(user, meeting, session, expert, int(application_id), choice, agenda_ids)
    # The audit trail says that the expert voted, never on what or how (the receipt says as much).
    record("committee.vote_cast", actor=user, obj=meeting, role=Role.EXPERT,
           organization=meeting.committee.host, ip=ip, details={"count": len(choices)})
    return len(choices)


def ballot_rows(user, meeting: ReviewMeeting) -> tuple[VoteSession | None, Expert, list[dict]]:
    """The expert's own page: the candidates they may vote on (recused ones left out) and whether they have
    voted (never what). Constant queries."""
    session = session_of(meeting)
    expert = member_expert(user, meeting, session.member_ids if session else None)
    if expert is None:
        raise Http404
    agenda = candidates(meeting, session)
    app_ids = [c.application_id for c in agenda]
    members = session.member_ids if session else panel(meeting)[0]
    eligible = _eligible(meeting, members, app_ids)
    done = set(VoteReceipt.objects.filter(session=session, expert=expert).values_list(
        "application_id", flat=True)) if session else set()
    rows = [{"candidate": c, "application": c.application, "voted": c.application_id in done}
            for c in agenda if expert.pk in eligible[c.application_id]]
    return session, expert, rows


def meetings_of_expert(user):
    """The meetings the expert attends (attendance recorded present), newest first (a queryset, for paging)."""
    if not orgs_for_role(user, Role.EXPERT):
        return ReviewMeeting.objects.none()
    ids = Attendance.objects.filter(expert__user_id=user.pk, present=True).values_list("meeting_id", flat=True)
    return ReviewMeeting.objects.filter(pk__in=ids).order_by("-date", "-pk")


# --------------------------------------------------------------------------- guards


def _latest_result(application) -> dict | None:
    session = VoteSession.objects.filter(status=VoteSession.Status.CLOSED, results__has_key=str(application.pk)
                                         ).order_by("-closed_at", "-pk").first()
    return None if session is None else session.results.get(str(application.pk))


def vote_passed(application, actor, details) -> list[str]:
    result = _latest_result(application)
    if result is None:
        return ["评审会议尚未完成投票表决。"]
    return [] if result["passed"] else ["表决同意票未达到出席且未回避专家的三分之二，不能评为通过。"]


def vote_failed(application, actor, details) -> list[str]:
    result = _latest_result(application)
    if result is None:
        return ["评审会议尚未完成投票表决。"]
    return ["表决同意票已达到三分之二，不能评为未通过。"] if result["passed"] else []


def register() -> None:
    guards.register("vote_passed")(vote_passed)
    guards.register("vote_failed")(vote_failed)
    # No handler: the close moves every candidate; the generic step is possible only as the tally says.
    actions.register("committee_pass")
    actions.register("committee_fail")
