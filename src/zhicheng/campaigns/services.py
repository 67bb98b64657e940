"""Campaign rules: open, publish, attach policy files. Each takes the acting user."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from zhicheng.audit.services import record
from zhicheng.errors import Refusal
from zhicheng.orgs.models import User
from zhicheng.orgs.roles import Role
from zhicheng.orgs.scope import is_unit_hr_of, org_q, register_rule, visible
from zhicheng.workdays.formats import cn_date

from .models import Campaign, CampaignAttachment, CampaignStage, PanelMember
from .schedule import plan


class CampaignError(Refusal):
    """A refused campaign step."""


def _unit_staff(a, user) -> Q:
    return Q(unit_id=a.organization_id)


def _unit_members_rule(a, user) -> Q:
    return Q(unit_id=a.organization_id, status__in=[Campaign.Status.OPEN, Campaign.Status.CLOSED])


def _scope(a, user) -> Q:
    return org_q(a, "unit__")


def register_rules() -> None:
    """Unit staff: their unit's campaigns (members only once published); office: units under it; province: all."""
    for role, rule in [(Role.UNIT_HR, _unit_staff), (Role.UNIT_LEADER, _unit_staff),
                       (Role.APPLICANT, _unit_members_rule), (Role.ASSESSOR, _unit_members_rule),
                       (Role.OFFICE_REVIEWER, _scope), (Role.PROVINCIAL_OFFICE, _scope)]:
        register_rule("campaigns.Campaign", role, rule)


def visible_campaigns(user: User) -> QuerySet[Campaign]:
    return visible(user, Campaign.objects.all()).select_related("unit")


def can_manage(user: User, campaign: Campaign) -> bool:
    return bool(is_unit_hr_of(user, campaign.unit))


def _unit_members(unit) -> set[int]:
    return set(User.objects.filter(role_assignments__organization=unit).values_list("pk", flat=True))


@transaction.atomic
def save_campaign(actor: User, *, unit, data: dict, titles, stages: list[tuple[str, datetime.date, int]],
                  panel: list[tuple[User, str]], campaign: Campaign | None = None, ip: str | None = None
                  ) -> Campaign:
    """Create or update a campaign with its open titles, stage deadlines (in working days) and panel."""
    decision = is_unit_hr_of(actor, unit)
    if not decision:
        raise CampaignError(decision.reason, forbidden=True)
    if campaign is not None:  # one editor at a time; the second waits and then works on the saved state
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    fields: dict[str, list[str]] = {}  # named as the API names them; the screen puts them beside its fields

    def refuse(field: str, message: str) -> None:
        fields.setdefault(field, []).append(message)

    if not titles:
        refuse("title_ids", "请至少选择一个开放申报的职称。")
    if campaign is not None:
        in_use = set(campaign.applications.values_list("title__name", flat=True).distinct())
        dropped = sorted(in_use - {t.name for t in titles})
        if dropped:
            refuse("title_ids", f"已有人申报{'、'.join(dropped)}，不能从开放职称中移除。")
    members = _unit_members(unit)
    applying = set(campaign.applications.values_list("applicant_id", flat=True)) if campaign else set()
    for user, _duty in panel:
        if user.pk not in members:
            refuse("panel", f"{user.real_name}不是本单位人员，不能担任推荐组织成员。")
        elif user.pk in applying:
            refuse("panel", f"{user.real_name}本年度参加申报，须回避，不能担任推荐组织成员。")
    if sum(1 for _user, duty in panel if duty == PanelMember.Duty.LEADER) > 1:
        refuse("panel", "推荐组织只能有一名组长。")
    inactive = [t.name for t in titles if not t.active]
    if inactive:
        refuse("title_ids", f"以下职称已停用，不能开放申报：{'、'.join(inactive)}。")
    computed, stage_problems = plan(stages)
    for _stage, _cell, message in stage_problems:
        refuse("stages", message)
    problems = list(dict.fromkeys(msg for msgs in fields.values() for msg in msgs))
    if problems:
        raise CampaignError(problems, fields)
    created = campaign is None
    if created:
        campaign = Campaign(unit=unit, created_by=actor)
    for field in ("year", "name", "conditions", "policy_text"):
        setattr(campaign, field, data.get(field, getattr(campaign, field)))
    campaign.save()
    campaign.open_titles.set(titles)
    campaign.stages.all().delete()
    CampaignStage.objects.bulk_create(
        CampaignStage(campaign=campaign, stage=s, starts_on=b, working_days=d, ends_on=e) for s, b, d, e in computed
    )
    campaign.panel_members.all().delete()
    PanelMember.objects.bulk_create(PanelMember(campaign=campaign, user=u, duty=d) for u, d in panel)
    record("campaign_create" if created else "campaign_update", actor=actor, obj=campaign, role=Role.UNIT_HR,
           organization=unit, ip=ip, details={"year": campaign.year, "titles": [t.pk for t in titles]})
    return campaign


def save_campaign_form(actor: User, form, *, unit, campaign: Campaign | None = None, ip: str | None = None
                       ) -> Campaign:
    """Save what a bound CampaignForm validated — the screen's form or the API's JSON read into it
    (`CampaignForm.from_json`) — so both refuse with the same messages; then `save_campaign`'s own rules."""
    decision = is_unit_hr_of(actor, unit)
    if not decision:
        raise CampaignError(decision.reason, forbidden=True)
    if not form.is_valid():
        raise CampaignError(form.problems(), form.error_fields())
    return save_campaign(actor, unit=unit, data=form.cleaned_data, titles=list(form.cleaned_data["titles"]),
                         stages=form.stages(), panel=form.panel_members(), campaign=campaign, ip=ip)


def publish_problems(campaign: Campaign, actor, details) -> list[str]:
    problems = []
    if not campaign.open_titles.exists():
        problems.append("尚未选择开放申报的职称。")
    if not campaign.stages.filter(stage=CampaignStage.Stage.APPLICATION).exists():
        problems.append("尚未设置“个人申报”阶段的时间。")
    return problems


def close_problems(campaign: Campaign, actor, details) -> list[str]:
    _start, end = application_window(campaign)
    if end and timezone.localdate() <= end:
        return [f"个人申报至{cn_date(end)}截止，截止后才能结束本年度申报。"]
    return []


def publish_campaign(actor: User, campaign: Campaign, *, ip: str | None = None) -> Campaign:
    """发布: through the campaign's map (states.CAMPAIGN_TRANSITIONS); the caller's object shows the new state."""
    return step(actor, campaign, "publish", ip=ip)


def close_campaign(actor: User, campaign: Campaign, *, ip: str | None = None) -> Campaign:
    """结束: no new application may start; dossiers already in the process go on."""
    return step(actor, campaign, "close", ip=ip)


def available_steps(actor: User, campaign: Campaign) -> list:
    """The campaign steps this user can take now (the buttons on the campaign page)."""
    from zhicheng.workflow import guards
    from zhicheng.workflow.services import may_act
    from zhicheng.workflow.states import CAMPAIGN_TRANSITIONS

    return [t for t in CAMPAIGN_TRANSITIONS.values() if campaign.status in t.sources
            and may_act(actor, campaign, t) and not guards.check(t.guard, campaign, actor, {})]


def step(actor: User, campaign: Campaign, action: str, *, ip: str | None = None) -> Campaign:
    from zhicheng.workflow.services import TransitionError, transition

    try:
        return transition(campaign, action, actor=actor, ip=ip)
    except TransitionError as exc:
        raise CampaignError(exc.problems, forbidden=exc.forbidden, conflict=exc.conflict) from None


def add_attachment(actor: User, campaign: Campaign, uploaded, title: str, *, ip: str | None = None
                   ) -> CampaignAttachment:
    """A policy file. Checked by content before the transaction (parsing a 10 MB PDF holds no lock); the
    file is moved into storage inside it and removed again if anything after that fails."""
    from zhicheng.files.services import kept_only_if_committed, store, validate_upload

    decision = is_unit_hr_of(actor, campaign.unit)
    if not decision:
        raise CampaignError(decision.reason, forbidden=True)
    kind = validate_upload(uploaded)
    with transaction.atomic(), kept_only_if_committed() as keep:
        stored = keep(store(uploaded, kind, actor=actor))
        att = CampaignAttachment.objects.create(campaign=campaign, file=stored,
                                                title=((title or "").strip() or stored.original_name)[:200])
        record("campaign_attach", actor=actor, obj=campaign, role=Role.UNIT_HR, organization=campaign.unit,
               ip=ip, details={"file": stored.pk})
    return att


def application_window(campaign: Campaign) -> tuple[datetime.date | None, datetime.date | None]:
    """(first day, last day) of the 个人申报 stage, or (None, None) if it has none."""
    for s in campaign.stages.all():
        if s.stage == CampaignStage.Stage.APPLICATION:
            return s.starts_on, s.ends_on
    return None, None
