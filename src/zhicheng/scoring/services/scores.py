"""§二(五) assessors and scores: assignment from the panel, the conflict declaration (or recusal), score
sheets, the chair's reopening, finishing the scoring of a series and level, and the assessor's record rule."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from zhicheng.audit.services import record
from zhicheng.campaigns.models import Campaign, PanelMember
from zhicheng.codes.models import Series
from zhicheng.dossier.models import Application
from zhicheng.orgs.roles import Role
from zhicheng.workflow import todo
from zhicheng.workflow.services import transition_many
from zhicheng.workflow.states import State

from .. import rules
from ..models import Assignment, Category, Relation, Scheme, Score
from .access import ScoringError, is_chair, require_hr
from .ranking import sheet_applications
from .scheme import parse_points, scheme_for

DECLARE, SCORE = "scoring_declare", "scoring_score"


# ---------------------------------------------------------------- assessors
def conflict(app: Application, user) -> str:
    """Why this person may not score this application ("" = may)."""
    if app.applicant_id == user.pk:
        return f"{user.real_name}是申报人本人，不能为本人评分。"
    rel = Relation.objects.filter(campaign_id=app.campaign_id, assessor=user, applicant_id=app.applicant_id).first()
    if rel:
        return f"{user.real_name}已申报与{app.applicant.real_name}存在{rel.get_kind_display()}，须回避。"
    return ""


def _task_url(name, assignment):
    return reverse(name, args=[assignment.pk])


@transaction.atomic
def assign(actor, app: Application, user, *, ip=None) -> Assignment:
    a = require_hr(actor, app.campaign)
    if app.unit_id != app.campaign.unit_id or app.state != State.UNIT_VERIFIED:
        raise ScoringError(f"{app.applicant.real_name}的申报当前状态为“{app.get_state_display()}”，不能分配评分人。")
    if not PanelMember.objects.filter(campaign_id=app.campaign_id, user=user).exists():
        raise ScoringError(f"{user.real_name}不是本年度推荐组织成员。")
    why = conflict(app, user)
    if why:
        raise ScoringError(why)
    if Assignment.objects.filter(application=app, assessor=user).exists():
        raise ScoringError(f"{user.real_name}已是{app.applicant.real_name}的评分人。")
    asg = Assignment.objects.create(application=app, assessor=user, assigned_by=actor)
    todo.add_task(user, kind=DECLARE, label=f"利益冲突声明：{app.applicant.real_name}（{app.title.name}）",
                  url=_task_url("scoring_declare", asg), obj=asg)
    record("scoring_assign", actor=actor, obj=app, role=a.role, organization=a.organization, ip=ip,
           details={"assessor": user.real_name})
    return asg


def _own(actor, asg: Assignment) -> None:
    if asg.assessor_id != actor.pk:
        raise ScoringError("这不是分配给您的评分任务。", forbidden=True)


@transaction.atomic
def declare(actor, asg: Assignment, *, relation: str = "", ip=None) -> Assignment | None:
    """No conflict of interest (relation empty): recorded with its time; the dossier opens to the assessor.
    A declared relation recuses the assessor: the assignment is removed and the relation kept."""
    _own(actor, asg)
    asg = Assignment.objects.select_for_update().select_related("application__applicant").get(pk=asg.pk)
    if asg.declared_at:
        raise ScoringError("您已作出声明。")
    app = asg.application
    if relation:
        if relation not in Relation.Kind.values:
            raise ScoringError("请选择与申报人的关系。")
        Relation.objects.create(campaign_id=app.campaign_id, assessor=actor, applicant_id=app.applicant_id,
                                kind=relation)
        todo.complete_tasks(actor, kind=DECLARE, obj=asg)
        record("scoring_recuse", actor=actor, obj=app, role=Role.ASSESSOR, ip=ip,
               details={"relation": Relation.Kind(relation).label})
        asg.delete()
        return None
    asg.declared_at = timezone.now()
    asg.save(update_fields=["declared_at"])
    todo.complete_tasks(actor, kind=DECLARE, obj=asg)
    todo.add_task(actor, kind=SCORE, label=f"量化赋分：{app.applicant.real_name}（{app.title.name}）",
                  url=_task_url("scoring_score", asg), obj=asg)
    record("scoring_declare", actor=actor, obj=app, role=Role.ASSESSOR, ip=ip,
           details={"declared_at": asg.declared_at.isoformat()})
    return asg


def assessor_categories(scheme: Scheme) -> list[Category]:
    return [c for c in scheme.categories.all() if c.method == Category.Method.ASSESSOR]


@transaction.atomic
def save_scores(actor, asg: Assignment, values: dict, *, submit: bool, ip=None) -> Assignment:
    """values: {category code: text}. Submitting requires every category; each assessor submits once."""
    _own(actor, asg)
    asg = Assignment.objects.select_for_update().select_related("application__campaign").get(pk=asg.pk)
    app = asg.application
    if not asg.declared_at:
        raise ScoringError("请先作出无利益冲突声明。")
    if asg.submitted_at:
        raise ScoringError("您已提交评分，如需修改请联系推荐组织组长退回。")
    if app.state != State.UNIT_VERIFIED:
        raise ScoringError("该申报的量化赋分已结束。")
    scheme = scheme_for(app.campaign, app.series_id, app.level)
    problems, fields, parsed = [], {}, {}
    for c in assessor_categories(scheme):
        try:
            v = parse_points(values.get(c.code), c, allow_blank=not submit)
            if v is not None and v > c.max_points:
                raise ScoringError(f"“{c.name}”的分数不能超过满分{rules._fmt(c.max_points)}分。")
            parsed[c] = v
        except ScoringError as e:
            problems += e.problems
            fields[c.code] = e.problems
    if problems:
        raise ScoringError(problems, fields)
    for c, v in parsed.items():
        if v is None:
            Score.objects.filter(assignment=asg, category=c).delete()
        else:
            Score.objects.update_or_create(assignment=asg, category=c, defaults={"points": v})
    if submit:
        asg.submitted_at = timezone.now()
        asg.save(update_fields=["submitted_at"])
        todo.complete_tasks(actor, kind=SCORE, obj=asg)
        record("scoring_submit", actor=actor, obj=app, role=Role.ASSESSOR, ip=ip,
               details={c.code: str(v) for c, v in parsed.items()})
    return asg


@transaction.atomic
def reopen(actor, asg: Assignment, *, reason: str, ip=None) -> Assignment:
    """Only the panel chair (推荐组织组长) reopens a submitted score sheet, with a reason; audited."""
    asg = Assignment.objects.select_for_update().select_related("application__campaign", "assessor").get(pk=asg.pk)
    app = asg.application
    if not is_chair(actor, app.campaign):
        raise ScoringError("只有推荐组织组长可以退回已提交的评分。", forbidden=True)
    if not asg.submitted_at:
        raise ScoringError("该评分尚未提交，无需退回。")
    if app.state != State.UNIT_VERIFIED:
        raise ScoringError("该申报的量化赋分已结束，不能退回评分。")
    reason = (reason or "").strip()
    if not reason:
        raise ScoringError("退回评分须填写原因。", {"reason": ["请填写原因。"]})
    before = {s.category.code: str(s.points) for s in asg.scores.select_related("category")}
    asg.submitted_at = None
    asg.save(update_fields=["submitted_at"])
    todo.add_task(asg.assessor, kind=SCORE, label=f"量化赋分（组长退回修改）：{app.applicant.real_name}",
                  url=_task_url("scoring_score", asg), obj=asg)
    record("scoring_reopen", actor=actor, obj=app, role=Role.ASSESSOR, ip=ip, reason=reason[:2000],
           details={"assessor": asg.assessor.real_name, "scores": before})
    return asg


def others_scores_visible(app: Application) -> bool:
    """Individual scores stay hidden (from every assessor but their author) until scoring closes."""
    return app.state != State.UNIT_VERIFIED

# ---------------------------------------------------------------- finish scoring
def scores_complete_problems(app: Application, actor=None, details=None) -> list[str]:
    asgs = list(Assignment.objects.filter(application=app).select_related("assessor"))
    if not asgs:
        return ["尚未分配评分人。"]
    problems = [f"{a.assessor.real_name}尚未提交评分。" for a in asgs if not a.submitted_at]
    scheme = scheme_for(app.campaign, app.series_id, app.level)
    needed = {c.pk: c.name for c in assessor_categories(scheme)}
    have = set(Score.objects.filter(assignment__application=app, assignment__submitted_at__isnull=False)
               .values_list("category_id", flat=True))
    missing = [name for pk, name in needed.items() if pk not in have]
    if missing and not problems:
        problems.append(f"以下分项无人评分：{'、'.join(missing)}。")
    return problems


def finish_scoring(actor, campaign: Campaign, series: Series, level: str, *, ip=None) -> list[Application]:
    """完成量化赋分 for one series and level: all its verified applications at once (all or nothing)."""
    require_hr(actor, campaign)
    apps = sheet_applications(campaign, series.pk, level, states=[State.UNIT_VERIFIED])
    if not apps:
        raise ScoringError("该系列和级别没有待完成量化赋分的申报。")
    return transition_many(apps, "finish_scoring", actor=actor, ip=ip)


def visible_assignments(actor):
    return Assignment.objects.filter(assessor=actor)


def campaign_assignments(campaign):
    return Assignment.objects.filter(application__campaign=campaign)


def assessor_q(a, user) -> Q:
    """Record rule of the ASSESSOR role on applications: only those assigned to them, after their declaration."""
    from django.db.models import Exists, OuterRef

    assigned = Exists(Assignment.objects.filter(application_id=OuterRef("pk"), assessor_id=user.pk,
                                                declared_at__isnull=False))
    return Q(assigned, unit_id=a.organization_id) & ~Q(state=State.DRAFT)
