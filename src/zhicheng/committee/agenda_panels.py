"""§四(三) 评议组: the host forms discipline panels of at least `discipline_panel_min` (3) of the meeting's
members and gives each candidate to one; a panel with fewer than the minimum members not recused for a
candidate is refused for it (and flagged when a later recusal brings it below). Panel members write an
opinion (评议意见) per candidate; the host and the meeting's members who may see the candidate read them."""

from __future__ import annotations

from django.db import transaction
from django.http import Http404

from zhicheng.audit.services import record
from zhicheng.codes.models import get_param
from zhicheng.errors import Refusal
from zhicheng.orgs.roles import Role

from . import agenda
from . import permissions as perm
from .models import (
    Declaration,
    DisciplinePanel,
    MeetingCandidate,
    MeetingSeat,
    PanelAssignment,
    PanelOpinion,
    Recusal,
    ReviewMeeting,
)

OPINION_MAX = 2000


def panel_min() -> int:
    return get_param("discipline_panel_min")


def panels(meeting: ReviewMeeting) -> list[DisciplinePanel]:
    return list(meeting.discipline_panels.prefetch_related("members"))


@transaction.atomic
def form_panel(user, meeting: ReviewMeeting, *, name: str, expert_ids: list[int],
               ip: str | None = None) -> DisciplinePanel:
    """组建评议组 from the meeting's members; an expert sits on one panel of a meeting."""
    agenda._managed(user, meeting)
    meeting = ReviewMeeting.objects.select_for_update().select_related("committee__host").get(pk=meeting.pk)
    if meeting.status not in agenda.OPEN_STATUSES:
        raise Refusal("该评审会议已取消。", conflict=True)
    ids = list(dict.fromkeys(int(i) for i in expert_ids))
    fields: dict[str, list[str]] = {}
    name = name.strip()
    if not name:
        fields["name"] = ["请填写评议组名称。"]
    elif len(name) > 100:
        fields["name"] = ["评议组名称不超过100字。"]
    seated = set(MeetingSeat.objects.filter(meeting=meeting).values_list("expert_id", flat=True))
    taken = set(DisciplinePanel.members.through.objects.filter(disciplinepanel__meeting=meeting)
                .values_list("expert_id", flat=True))
    minimum = panel_min()
    if any(i not in seated for i in ids):
        fields["expert_ids"] = ["评议组成员须为本次会议的评审专家。"]
    elif any(i in taken for i in ids):
        fields["expert_ids"] = ["有专家已在本次会议的其他评议组中。"]
    elif len(ids) < minimum:
        fields["expert_ids"] = [f"评议组至少需要{minimum}名专家，现选{len(ids)}名。"]
    if fields:
        raise Refusal([m for ms in fields.values() for m in ms], fields)
    p = DisciplinePanel.objects.create(meeting=meeting, name=name)
    p.members.set(ids)
    record("committee.panel_form", actor=user, obj=meeting, role=Role.COMMITTEE_HOST,
           organization=meeting.committee.host, ip=ip, details={"panel": p.pk, "name": p.name, "experts": ids})
    return p


def active_members(panel: DisciplinePanel, recused: set[int]) -> list:
    return [e for e in panel.members.all() if e.pk not in recused]


@transaction.atomic
def assign(user, panel: DisciplinePanel, candidate: MeetingCandidate, *, ip: str | None = None) -> PanelAssignment:
    """Give a candidate to a panel (or move it): at least the minimum of its members not recused for it."""
    meeting = panel.meeting
    agenda._managed(user, meeting)
    if candidate.meeting_id != meeting.pk:
        raise Http404
    candidate = MeetingCandidate.objects.select_for_update().select_related("application__applicant").get(
        pk=candidate.pk)
    recused = set(Recusal.objects.filter(meeting=meeting, application_id=candidate.application_id)
                  .values_list("expert_id", flat=True))
    active, minimum = active_members(panel, recused), panel_min()
    if len(active) < minimum:
        names = "、".join(e.real_name for e in panel.members.all() if e.pk in recused)
        msg = (f"{panel.name}对{candidate.application.applicant.real_name}未回避的专家只有{len(active)}名，"
               f"评议组至少需要{minimum}名（回避：{names or '无'}）。")
        raise Refusal(msg, {"panel_id": [msg]})
    a, _ = PanelAssignment.objects.update_or_create(candidate=candidate, defaults={"panel": panel})
    record("committee.panel_assign", actor=user, obj=candidate.application, role=Role.COMMITTEE_HOST,
           organization=meeting.committee.host, ip=ip, details={"meeting": meeting.pk, "panel": panel.pk})
    return a


def shortfalls(meeting: ReviewMeeting, rows: list[MeetingCandidate], recusals: dict[int, set[int]],
               panel_of: dict[int, DisciplinePanel]) -> dict[int, int]:
    """{candidate id: active members} for candidates whose panel fell below the minimum after a recusal."""
    minimum = panel_min()
    out = {}
    for c in rows:
        p = panel_of.get(c.pk)
        if p is not None:
            n = len(active_members(p, recusals.get(c.application_id, set())))
            if n < minimum:
                out[c.pk] = n
    return out


def can_read_opinions(user, candidate: MeetingCandidate) -> bool:
    """The host of the meeting, or a member seated on it who may see the candidate (declared, not recused)."""
    return perm.can_manage_meeting(user, candidate.meeting) or agenda.may_see_candidate(user, candidate)


def opinions(candidate: MeetingCandidate) -> list[PanelOpinion]:
    return list(candidate.opinions.select_related("expert").order_by("pk"))


def panel_writer(user, candidate: MeetingCandidate):
    """The user's expert entry if they sit on the candidate's discipline panel and may see the candidate."""
    expert = agenda.seat_of(user, candidate.meeting)
    if expert is None or not agenda.may_see_candidate(user, candidate):
        return None
    on_panel = PanelAssignment.objects.filter(candidate=candidate, panel__members=expert).exists()
    return expert if on_panel else None


@transaction.atomic
def write_opinion(user, candidate: MeetingCandidate, *, text: str, ip: str | None = None) -> PanelOpinion:
    """评议意见 by a member of the candidate's panel who may see it; written again replaces the text."""
    candidate = MeetingCandidate.objects.select_related("meeting__committee__host", "application").get(
        pk=candidate.pk)
    if candidate.meeting.status not in agenda.OPEN_STATUSES or not agenda.may_see_candidate(user, candidate):
        raise Http404
    expert = panel_writer(user, candidate)
    if expert is None:
        raise Refusal("只有该评审对象所在评议组的专家可以填写评议意见。", forbidden=True)
    text = text.strip()
    if not text:
        raise Refusal("请填写评议意见。", {"text": ["请填写评议意见。"]})
    if len(text) > OPINION_MAX:
        raise Refusal(f"评议意见不超过{OPINION_MAX}字。", {"text": [f"评议意见不超过{OPINION_MAX}字。"]})
    o, created = PanelOpinion.objects.update_or_create(candidate=candidate, expert=expert, defaults={"text": text})
    record("committee.opinion_write", actor=user, obj=candidate.application, role=Role.EXPERT,
           organization=candidate.meeting.committee.host, ip=ip,
           details={"meeting": candidate.meeting_id, "created": created})
    return o


def agenda_rows(meeting: ReviewMeeting) -> dict:
    """The host's view of the agenda in a fixed number of queries: each candidate with its recused experts,
    how many members declared, its discipline panel (flagged when below the minimum) and opinion count."""
    rows = list(agenda.candidates(meeting))
    recusals: dict[int, list[Recusal]] = {}
    for r in Recusal.objects.filter(meeting=meeting).select_related("expert", "by"):
        recusals.setdefault(r.application_id, []).append(r)
    declared: dict[int, int] = {}
    for cid in Declaration.objects.filter(candidate__meeting=meeting, related=False).values_list("candidate_id",
                                                                                                flat=True):
        declared[cid] = declared.get(cid, 0) + 1
    opinions: dict[int, int] = {}
    for cid in PanelOpinion.objects.filter(candidate__meeting=meeting).values_list("candidate_id", flat=True):
        opinions[cid] = opinions.get(cid, 0) + 1
    groups = panels(meeting)
    by_id = {p.pk: p for p in groups}
    panel_of = {cid: by_id[pid] for cid, pid in PanelAssignment.objects.filter(
        candidate__meeting=meeting).values_list("candidate_id", "panel_id") if pid in by_id}
    recused_ids = {a: {r.expert_id for r in rs} for a, rs in recusals.items()}
    short = shortfalls(meeting, rows, recused_ids, panel_of)
    for c in rows:
        c.recusals = recusals.get(c.application_id, [])
        c.declared = declared.get(c.pk, 0)
        c.opinion_count = opinions.get(c.pk, 0)
        c.panel = panel_of.get(c.pk)
        c.short = short.get(c.pk)
        if c.panel:
            for e in c.panel.members.all():
                e.recused_here = e.pk in recused_ids.get(c.application_id, set())
    return {"rows": rows, "panels": groups, "members": agenda.seated_experts(meeting)}
