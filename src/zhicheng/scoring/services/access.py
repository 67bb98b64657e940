"""Who may act in scoring: the refusal type and the role predicates shared by the other modules."""

from __future__ import annotations

from zhicheng.campaigns.models import Campaign, PanelMember
from zhicheng.errors import Refusal
from zhicheng.orgs.roles import Role
from zhicheng.orgs.scope import assignments, is_unit_hr_of


class ScoringError(Refusal):
    """A refused scoring step."""


# ---------------------------------------------------------------- who may
def require_hr(actor, campaign: Campaign):
    decision = is_unit_hr_of(actor, campaign.unit)
    if not decision:
        raise ScoringError(decision.reason, forbidden=True)
    return decision.assignment


def leader_assignment(actor, campaign: Campaign):
    for a in assignments(actor):
        if a.role == Role.UNIT_LEADER and a.organization_id == campaign.unit_id:
            return a
    return None


def require_decider(actor, campaign: Campaign):
    """Unit leader or unit HR of the campaign's unit (the roles of recommend / not_recommend)."""
    a = leader_assignment(actor, campaign) or is_unit_hr_of(actor, campaign.unit).assignment
    if a is None:
        raise ScoringError("只有本单位领导或人事工作人员可以记录集体研究决定。", forbidden=True)
    return a


def is_chair(actor, campaign: Campaign) -> bool:
    return PanelMember.objects.filter(campaign=campaign, user=actor, duty=PanelMember.Duty.LEADER).exists()


def in_scope(actor, campaign: Campaign) -> bool:
    """HR, leaders and panel members of the campaign's unit."""
    if is_unit_hr_of(actor, campaign.unit) or leader_assignment(actor, campaign):
        return True
    return PanelMember.objects.filter(campaign=campaign, user=actor).exists()
