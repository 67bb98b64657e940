"""§四(三) 评审会议准备: the meeting's agenda (评审对象) and recusals (回避), decided before anyone sees a dossier.

- The host puts IN_COMMITTEE applications assigned to the meeting's committee, at its level, on the meeting
  (one open meeting per candidate).
- A panel member from the applicant's unit is recused automatically (kind same_unit) when candidates are added
  and whenever the panel changes (a draw or a replacement: `PanelDraw` saved → `sync_seats`).
- Every other member declares, on first sight of a candidate's name and unit, 无利害关系 or a relation (→
  recused, kind declared); only then does the dossier open to them (the EXPERT record rule, `expert_rule`).
- An expert may recuse themself (kind self); the host may order a recusal (kind ordered) with a reason.
- A recused expert sees nothing of that candidate and is not among `eligible_voters`.
Each write takes the acting user, runs in one transaction and is audited."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.db.models.signals import post_save
from django.http import Http404

from zhicheng.audit.services import record
from zhicheng.dossier.models import Application
from zhicheng.errors import Refusal
from zhicheng.messaging.services import notify
from zhicheng.orgs.models import RoleAssignment
from zhicheng.orgs.roles import Role
from zhicheng.workdays.formats import cn_date
from zhicheng.workflow.states import State

from . import permissions as perm
from .models import (
    CommitteeAssignment,
    Declaration,
    Expert,
    MeetingCandidate,
    MeetingSeat,
    PanelDraw,
    Recusal,
    ReviewMeeting,
)
from .services import level_label, panel

# A meeting is open (it can take candidates, and a candidate on it cannot go on another) until cancelled; the
# vote may add a closed status, which is then not open either.
OPEN_STATUSES = (ReviewMeeting.Status.PLANNED, ReviewMeeting.Status.DRAWN)
AGENDA_PARAMETERS = {
    "discipline_panel_min": ("评议组最少专家人数", 3, "人", "省职改办规定（可调整）"),
}


# --------------------------------------------------------------------------- reading


def id_ok(value) -> bool:
    """A record id the database can hold (a hostile 10**20 is no id, not an overflow)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**31


def candidates(meeting: ReviewMeeting, session=None) -> QuerySet[MeetingCandidate]:
    """The agenda in order; once the vote is open (`session`), only the candidates frozen at opening."""
    qs = meeting.candidates.select_related("application", "application__applicant", "application__unit",
                                           "application__title").order_by("order")
    return qs.filter(application_id__in=session.application_ids) if session is not None else qs


def seated_experts(meeting: ReviewMeeting) -> list[Expert]:
    """The meeting's current panel members, in the order of `services.panel`."""
    members, _chair = panel(meeting)
    experts = {e.pk: e for e in Expert.objects.filter(pk__in=members).select_related("title", "user")}
    return [experts[i] for i in members if i in experts]


def is_recused(meeting: ReviewMeeting, expert, application) -> bool:
    expert_id = getattr(expert, "pk", expert)
    application_id = getattr(application, "pk", application)
    return Recusal.objects.filter(meeting=meeting, expert_id=expert_id, application_id=application_id).exists()


def eligible_voters(meeting: ReviewMeeting, application) -> list[int]:
    """The panel members (expert ids, in panel order) not recused for this candidate: who may vote on it."""
    members, _chair = panel(meeting)
    recused = set(Recusal.objects.filter(meeting=meeting, application_id=getattr(application, "pk", application))
                  .values_list("expert_id", flat=True))
    return [e for e in members if e not in recused]


def seat_of(user, meeting: ReviewMeeting) -> Expert | None:
    """The user's expert entry seated on this meeting, if any."""
    seat = MeetingSeat.objects.select_related("expert").filter(meeting=meeting, expert__user=user).first()
    return seat.expert if seat else None


def may_see_candidate(user, candidate: MeetingCandidate) -> bool:
    """An expert sees a candidate's dossier (and its opinions) if seated on its meeting, declared no relation
    and not recused — the same rule as `expert_rule`."""
    expert = seat_of(user, candidate.meeting)
    if candidate.meeting.status == ReviewMeeting.Status.CANCELLED:
        return False
    return bool(expert) and Declaration.objects.filter(candidate=candidate, expert=expert, related=False).exists() \
        and not is_recused(candidate.meeting, expert, candidate.application_id)


def expert_rule(a, user) -> Q:
    """Record rule of Role.EXPERT on applications: a candidate of a meeting (not cancelled) of the role's host
    where the expert is seated, has declared no relation, and is not recused."""
    seated = MeetingSeat.objects.filter(meeting_id=OuterRef("candidate__meeting_id"), expert_id=OuterRef("expert_id"))
    recused = Recusal.objects.filter(meeting_id=OuterRef("candidate__meeting_id"), expert_id=OuterRef("expert_id"),
                                     application_id=OuterRef("candidate__application_id"))
    declared = Declaration.objects.filter(
        candidate__application_id=OuterRef("pk"), expert__user_id=user.pk, related=False,
        expert__host__path__startswith=a.organization.path,
    ).exclude(candidate__meeting__status=ReviewMeeting.Status.CANCELLED).filter(Exists(seated)).exclude(Exists(recused))
    return Q(Exists(declared))


def addable(meeting: ReviewMeeting) -> QuerySet[Application]:
    """IN_COMMITTEE applications assigned to the meeting's committee at its level, on no open meeting."""
    on_open = MeetingCandidate.objects.filter(application_id=OuterRef("pk"), meeting__status__in=OPEN_STATUSES)
    return Application.objects.filter(
        state=State.IN_COMMITTEE, level=meeting.level,
        pk__in=CommitteeAssignment.objects.filter(committee_id=meeting.committee.org_id).values("application_id"),
    ).exclude(Exists(on_open))


def my_meetings(user) -> list[dict]:
    """"我的评审": the open meetings the user sits on, each with its candidates as the expert may see them —
    a recused candidate as 已回避 only; an undeclared one by name and unit; a declared one with its dossier."""
    seats = list(MeetingSeat.objects.filter(expert__user=user, meeting__status__in=OPEN_STATUSES)
                 .select_related("meeting", "meeting__committee__org", "expert")
                 .order_by("meeting__date", "meeting_id"))
    if not seats:
        return []
    meeting_ids = [s.meeting_id for s in seats]
    expert_ids = {s.expert_id for s in seats}
    rows: dict[int, list[MeetingCandidate]] = {}
    for c in MeetingCandidate.objects.filter(meeting_id__in=meeting_ids).select_related(
            "application__applicant", "application__unit", "application__title").order_by("meeting_id", "order"):
        rows.setdefault(c.meeting_id, []).append(c)
    declared = {(d.candidate_id, d.expert_id): d for d in Declaration.objects.filter(
        expert_id__in=expert_ids, candidate__meeting_id__in=meeting_ids)}
    recused = set(Recusal.objects.filter(meeting_id__in=meeting_ids, expert_id__in=expert_ids)
                  .values_list("meeting_id", "expert_id", "application_id"))
    out = []
    for s in seats:
        cands = rows.get(s.meeting_id, [])
        for c in cands:
            c.recused = (s.meeting_id, s.expert_id, c.application_id) in recused
            d = declared.get((c.pk, s.expert_id))
            c.declaration = d
            c.visible = not c.recused and d is not None and not d.related
        out.append({"meeting": s.meeting, "expert": s.expert, "candidates": cands})
    return out


# --------------------------------------------------------------------------- automatic recusal


def _unit_people(application_ids) -> dict[int, set[int]]:
    """{application id: user ids holding a role in the application's unit}."""
    units = dict(Application.objects.filter(pk__in=application_ids).values_list("pk", "unit_id"))
    people: dict[int, set[int]] = {}
    for user_id, org_id in RoleAssignment.objects.filter(organization_id__in=set(units.values())).values_list(
            "user_id", "organization_id"):
        people.setdefault(org_id, set()).add(user_id)
    return {pk: people.get(unit, set()) for pk, unit in units.items()}


def auto_recuse(meeting: ReviewMeeting, actor, cands: list[MeetingCandidate] | None = None,
                experts: list[Expert] | None = None) -> list[Recusal]:
    """Recuse every seated expert from the applicant's unit (same unit name, or the expert's account holding a
    role in that unit) from that candidate; already recused pairs are left alone."""
    cands = list(candidates(meeting)) if cands is None else cands
    experts = seated_experts(meeting) if experts is None else experts
    if not cands or not experts:
        return []
    people = _unit_people([c.application_id for c in cands])
    done = set(Recusal.objects.filter(meeting=meeting, application_id__in=[c.application_id for c in cands])
               .values_list("expert_id", "application_id"))
    made = []
    for c in cands:
        unit = c.application.unit
        for e in experts:
            same = e.unit_name.strip() == unit.name.strip() or (e.user_id and e.user_id in people[c.application_id])
            if same and (e.pk, c.application_id) not in done:
                made.append(Recusal(meeting=meeting, expert=e, application_id=c.application_id,
                                    kind=Recusal.Kind.SAME_UNIT, reason=f"与申报人同属{unit.name}", by=actor))
    for r in made:  # one save each: the record rules' cached answers are renewed on every save (orgs.scope)
        r.save()
    if made:
        record("committee.recusal_same_unit", actor=actor, obj=meeting, role=Role.COMMITTEE_HOST,
               organization=meeting.committee.host,
               details={"pairs": [[r.expert_id, r.application_id] for r in made]})
    return made


def sync_seats(meeting: ReviewMeeting, actor) -> None:
    """Keep MeetingSeat equal to the panel after a draw or a replacement, then recuse the new members who
    come from a candidate's unit."""
    members, _chair = panel(meeting)
    MeetingSeat.objects.filter(meeting=meeting).exclude(expert_id__in=members).delete()
    have = set(MeetingSeat.objects.filter(meeting=meeting).values_list("expert_id", flat=True))
    for e in members:
        if e not in have:  # saved one by one so that orgs.scope's cached coverage is renewed
            MeetingSeat.objects.create(meeting=meeting, expert_id=e)
    auto_recuse(meeting, actor)


def _draw_saved(sender, instance: PanelDraw, created: bool, **kwargs) -> None:
    if created and not kwargs.get("raw"):
        meeting = ReviewMeeting.objects.select_related("committee", "committee__host").get(pk=instance.meeting_id)
        sync_seats(meeting, instance.by)


# --------------------------------------------------------------------------- the agenda


def _managed(user, meeting: ReviewMeeting) -> None:
    if not perm.is_host(user):
        raise PermissionDenied("只有评委会组建单位可以安排评审会议。")
    if not perm.can_manage_meeting(user, meeting):
        raise Http404


@transaction.atomic
def add_candidates(user, meeting: ReviewMeeting, application_ids: list[int], *,
                   ip: str | None = None) -> list[MeetingCandidate]:
    """列入评审对象, after those already on the meeting, in the order given. Every refusal at once."""
    _managed(user, meeting)
    meeting = ReviewMeeting.objects.select_for_update().select_related("committee", "committee__org",
                                                                       "committee__host").get(pk=meeting.pk)
    if meeting.status not in OPEN_STATUSES:
        raise Refusal("该评审会议已取消，不能列入评审对象。", conflict=True)
    ids = list(dict.fromkeys(int(i) for i in application_ids))
    if any(not id_ok(i) for i in ids):
        raise Refusal("所选申报不存在。", {"application_ids": ["所选申报不存在。"]})
    if not ids:
        raise Refusal("请选择要列入的申报。", {"application_ids": ["请选择要列入的申报。"]})
    apps = {a.pk: a for a in Application.objects.select_for_update().filter(pk__in=ids)}
    assigned = dict(CommitteeAssignment.objects.filter(application_id__in=ids).values_list("application_id",
                                                                                        "committee_id"))
    on_open = dict(MeetingCandidate.objects.filter(application_id__in=ids, meeting__status__in=OPEN_STATUSES)
                   .values_list("application_id", "meeting_id"))
    names = dict(Application.objects.filter(pk__in=ids).values_list("pk", "applicant__real_name"))
    problems = []
    for i in ids:
        a, who = apps.get(i), names.get(i, f"编号{i}")
        if a is None or assigned.get(i) != meeting.committee.org_id:
            # Not revealing whether another committee's application exists.
            problems.append(f"申报（编号{i}）未委托本评审委员会评审。")
        elif a.level != meeting.level:
            problems.append(f"{who}申报{level_label(a.level)}，本会议评审{level_label(meeting.level)}。")
        elif a.state != State.IN_COMMITTEE:
            problems.append(f"{who}的申报当前为“{a.get_state_display()}”，只有“评审中”的申报可以列入评审会议。")
        elif i in on_open:
            problems.append(f"{who}已列入{'本' if on_open[i] == meeting.pk else '另一'}评审会议。")
    if problems:
        raise Refusal(problems, {"application_ids": problems})
    start = meeting.candidates.aggregate(m=Max("order"))["m"] or 0
    made = MeetingCandidate.objects.bulk_create([MeetingCandidate(meeting=meeting, application=apps[i], order=start + n)
                                                 for n, i in enumerate(ids, 1)])
    for c in made:
        record("committee.candidate_add", actor=user, obj=c.application, role=Role.COMMITTEE_HOST,
               organization=meeting.committee.host, ip=ip, details={"meeting": meeting.pk, "order": c.order})
    made = list(candidates(meeting).filter(application_id__in=ids))
    auto_recuse(meeting, user, made)
    return made


# --------------------------------------------------------------------------- declarations and recusals


def _candidate_for_expert(user, candidate: MeetingCandidate) -> Expert:
    if candidate.meeting.status not in OPEN_STATUSES:
        raise Http404
    expert = seat_of(user, candidate.meeting)
    if expert is None:
        raise Http404
    return expert


def _recuse(actor, candidate, expert, kind, reason, *, role, ip) -> Recusal:
    if Recusal.objects.filter(meeting=candidate.meeting, expert=expert, application=candidate.application).exists():
        raise Refusal(f"{expert.real_name}已回避该评审对象。", conflict=True)
    r = Recusal.objects.create(meeting=candidate.meeting, expert=expert, application=candidate.application,
                               kind=kind, reason=reason, by=actor)
    record(f"committee.recusal_{kind}", actor=actor, obj=candidate.application, role=role,
           organization=candidate.meeting.committee.host, ip=ip,
           details={"meeting": candidate.meeting_id, "expert": expert.pk, "reason": reason})
    return r


def _short(text: str, field: str, label: str, limit: int = 200) -> None:
    if len(text) > limit:
        raise Refusal(f"{label}不超过{limit}字。", {field: [f"{label}不超过{limit}字。"]})


def _lock(candidate: MeetingCandidate) -> MeetingCandidate:
    return MeetingCandidate.objects.select_for_update().select_related(
        "meeting", "meeting__committee", "meeting__committee__host", "application").get(pk=candidate.pk)


@transaction.atomic
def declare(user, candidate: MeetingCandidate, *, related: bool, detail: str = "",
            ip: str | None = None) -> Declaration:
    """The expert's declaration on first sight: 无利害关系 opens the dossier; a relation recuses them."""
    candidate = _lock(candidate)
    expert = _candidate_for_expert(user, candidate)
    if is_recused(candidate.meeting, expert, candidate.application_id):
        raise Refusal("您已回避该评审对象，无需声明。", conflict=True)
    if Declaration.objects.filter(candidate=candidate, expert=expert).exists():
        raise Refusal("您已就该评审对象作出声明。", conflict=True)
    detail = detail.strip()
    if related and not detail:
        raise Refusal("请说明与申报人的关系。", {"detail": ["请说明与申报人的关系。"]})
    _short(detail, "detail", "关系说明")
    d = Declaration.objects.create(candidate=candidate, expert=expert, related=related, detail=detail)
    record("committee.declare", actor=user, obj=candidate.application, role=Role.EXPERT,
           organization=candidate.meeting.committee.host, ip=ip,
           details={"meeting": candidate.meeting_id, "expert": expert.pk, "related": related})
    if related:
        _recuse(user, candidate, expert, Recusal.Kind.DECLARED, detail, role=Role.EXPERT, ip=ip)
    return d


@transaction.atomic
def recuse_self(user, candidate: MeetingCandidate, *, reason: str, ip: str | None = None) -> Recusal:
    """本人申请回避: at any time before the meeting closes, with a reason."""
    candidate = _lock(candidate)
    expert = _candidate_for_expert(user, candidate)
    reason = reason.strip()
    if not reason:
        raise Refusal("请填写回避事由。", {"reason": ["请填写回避事由。"]})
    _short(reason, "reason", "回避事由")
    return _recuse(user, candidate, expert, Recusal.Kind.SELF, reason, role=Role.EXPERT, ip=ip)


@transaction.atomic
def order_recusal(user, candidate: MeetingCandidate, expert_id: int, *, reason: str,
                  ip: str | None = None) -> Recusal:
    """组建单位决定回避: a seated expert, with a reason; the expert is told."""
    _managed(user, candidate.meeting)
    candidate = _lock(candidate)
    if candidate.meeting.status not in OPEN_STATUSES:
        raise Refusal("该评审会议已取消。", conflict=True)
    seat = MeetingSeat.objects.select_related("expert").filter(
        meeting=candidate.meeting, expert_id=expert_id).first() if id_ok(expert_id) else None
    fields = {}
    if seat is None:
        fields["expert_id"] = ["只能决定本次会议的评审专家回避。"]
    if not reason.strip():
        fields["reason"] = ["请填写回避事由。"]
    elif len(reason.strip()) > 200:
        fields["reason"] = ["回避事由不超过200字。"]
    if fields:
        raise Refusal([m for ms in fields.values() for m in ms], fields)
    r = _recuse(user, candidate, seat.expert, Recusal.Kind.ORDERED, reason.strip(),
                role=Role.COMMITTEE_HOST, ip=ip)
    if seat.expert.user_id:
        notify(seat.expert.user, subject="评审回避通知",
               body=f"组建单位决定您在{cn_date(candidate.meeting.date)}的评审会议中回避第{candidate.order}号评审对象。",
               link="/committee/agenda/mine/", key=f"recusal-{r.pk}")
    return r


def register() -> None:
    """Wired from CommitteeConfig.ready(): the experts' record rule, the parameter default, the panel hook."""
    from zhicheng.codes.models import PARAMETER_DEFAULTS
    from zhicheng.orgs.scope import register_rule

    register_rule("dossier.Application", Role.EXPERT, expert_rule)
    for key, default in AGENDA_PARAMETERS.items():
        PARAMETER_DEFAULTS.setdefault(key, default)
    post_save.connect(_draw_saved, sender=PanelDraw, dispatch_uid="committee_agenda_sync_seats")
