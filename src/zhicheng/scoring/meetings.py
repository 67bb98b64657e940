"""§二(二)–(四): the work-report meeting (公开述职), the defense (考核答辩) and the evaluation (考核评议).

The unit schedules a meeting (date, place, panel members present, applicants heard in order); for each applicant
the panel records the work report summary, the defense questions and answer quality, and the evaluation notes.
The report view lists the dossier's achievements of the last `work_report_years` years first (§二(二): 重点是近五年
来的工作实绩)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from zhicheng.audit.services import record
from zhicheng.campaigns.models import PanelMember
from zhicheng.codes.models import get_param
from zhicheng.dossier import models as m
from zhicheng.dossier.models import Application
from zhicheng.http import int_param
from zhicheng.orgs.scope import is_unit_hr_of
from zhicheng.workflow.states import State

from .models import Hearing, Meeting
from .services import ScoringError, leader_assignment, require_hr

HEARD_STATES = (State.UNIT_VERIFIED,)
TEXT_MAX = 5000


def require_reader(actor, campaign) -> None:
    if is_unit_hr_of(actor, campaign.unit) or leader_assignment(actor, campaign):
        return
    if not PanelMember.objects.filter(campaign=campaign, user=actor).exists():
        raise ScoringError("只有本单位人事、领导和推荐组织成员可以查看述职与答辩记录。", forbidden=True)


def may_record(actor, campaign) -> bool:
    return bool(is_unit_hr_of(actor, campaign.unit)) or PanelMember.objects.filter(
        campaign=campaign, user=actor).exists()


@transaction.atomic
def schedule(actor, campaign, *, kind: str, held_on, place: str, member_user_ids, application_ids, ip=None
             ) -> Meeting:
    a = require_hr(actor, campaign)
    fields: dict[str, list[str]] = {}
    if kind not in Meeting.Kind.values:
        fields["kind"] = ["请选择会议类型（述职会议或考核答辩）。"]
    if not isinstance(held_on, datetime.date):
        fields["held_on"] = ["请填写会议日期。"]
    place = (place or "").strip()
    if not place:
        fields["place"] = ["请填写会议地点。"]
    elif len(place) > 100:
        fields["place"] = ["会议地点不超过100字。"]
    member_ids = [int_param(x) for x in member_user_ids or []]
    members = list(PanelMember.objects.filter(campaign=campaign, user_id__in=[x for x in member_ids if x]))
    if not member_ids:
        fields["members"] = ["请选择出席的推荐组织成员。"]
    elif None in member_ids or len(members) != len(set(member_ids)):
        fields["members"] = ["出席人员须为本年度推荐组织成员。"]
    app_ids = [int_param(x) for x in application_ids or []]
    apps = Application.objects.in_bulk([x for x in app_ids if x])
    if not app_ids:
        fields["applications"] = ["请选择参加的申报人员并排定顺序。"]
    elif len(set(app_ids)) != len(app_ids):
        fields["applications"] = ["同一申报人员不能重复排序。"]
    elif any(x not in apps or apps[x].campaign_id != campaign.pk for x in app_ids):
        fields["applications"] = ["所选申报人员不属于本年度申报。"]
    elif any(apps[x].state not in HEARD_STATES for x in app_ids):
        fields["applications"] = ["只有单位核实通过、尚未完成量化赋分的申报人员可以参加述职和答辩。"]
    if fields:
        raise ScoringError([msg for msgs in fields.values() for msg in msgs], fields)
    meeting = Meeting.objects.create(campaign=campaign, kind=kind, held_on=held_on, place=place, created_by=actor)
    meeting.members_present.set(members)
    Hearing.objects.bulk_create([Hearing(meeting=meeting, application_id=x, order=i)
                                 for i, x in enumerate(app_ids, 1)])
    record("scoring_meeting", actor=actor, obj=meeting, role=a.role, organization=a.organization, ip=ip,
           details={"kind": kind, "held_on": held_on.isoformat(), "applications": app_ids})
    return meeting


@transaction.atomic
def record_hearing(actor, hearing: Hearing, *, report_summary: str = "", questions: str = "",
                   answer_quality: str = "", evaluation: str = "", ip=None) -> Hearing:
    campaign = hearing.meeting.campaign
    if not may_record(actor, campaign):
        raise ScoringError("只有本单位人事和推荐组织成员可以记录述职与答辩情况。", forbidden=True)
    fields = {}
    values = {"report_summary": report_summary, "questions": questions, "evaluation": evaluation}
    labels = {"report_summary": "述职情况摘要", "questions": "答辩问题", "evaluation": "考核评议意见"}
    for key, value in values.items():
        values[key] = (value or "").strip()
        if len(values[key]) > TEXT_MAX:
            fields[key] = [f"{labels[key]}不超过{TEXT_MAX}字。"]
    if answer_quality and answer_quality not in Hearing.Quality.values:
        fields["answer_quality"] = ["请选择答辩情况。"]
    if hearing.meeting.kind == Meeting.Kind.WORK_REPORT and not values["report_summary"] and not fields:
        fields["report_summary"] = ["请填写述职情况摘要。"]
    if fields:
        raise ScoringError([msg for msgs in fields.values() for msg in msgs], fields)
    for key, value in values.items():
        setattr(hearing, key, value)
    hearing.answer_quality = answer_quality or ""
    hearing.recorded_by, hearing.recorded_at = actor, timezone.now()
    hearing.save()
    record("scoring_hearing", actor=actor, obj=hearing.application, ip=ip,
           details={"meeting": hearing.meeting_id, "kind": hearing.meeting.kind})
    return hearing


@dataclass
class ReportItem:
    kind: str
    text: str
    date: datetime.date | None


def report_items(app: Application) -> tuple[list[ReportItem], list[ReportItem], int]:
    """The dossier's achievements: those of the last `work_report_years` years (to the campaign year) first,
    newest first; then the older ones."""
    years = get_param("work_report_years")
    since = datetime.date(app.campaign.year - years, 1, 1)
    items = []
    for p in m.ResearchProject.objects.filter(application=app):
        items.append(ReportItem("科研项目", f"{p.name}（{p.source}，{p.get_role_display()}）", p.end_date or p.start_date))
    for a in m.ProfessionalAward.objects.filter(application=app):
        items.append(ReportItem("专业奖励", f"{a.name}（{a.grade}，第{a.rank}名）", a.awarded_on))
    for p in m.Publication.objects.filter(application=app):
        items.append(ReportItem("论文著作", f"{p.title}（{p.journal}，第{p.author_rank}作者）", p.published_on))
    for h in m.Honor.objects.filter(application=app):
        items.append(ReportItem("荣誉称号", f"{h.name}（{h.issuer}）", h.awarded_on))
    items.sort(key=lambda i: i.date or datetime.date.min, reverse=True)
    recent = [i for i in items if i.date and i.date >= since]
    older = [i for i in items if not (i.date and i.date >= since)]
    return recent, older, years
