"""Who may do what in §二(八), as named predicates returning a Decision, and the record rules of batches."""

from __future__ import annotations

from django.db.models import Q

from zhicheng.orgs.roles import Role
from zhicheng.orgs.scope import Decision, assignments, covering, org_q, register_rule
from zhicheng.workflow.states import UPWARD_STATES


def unit_role(user, unit_id: int, roles) -> Decision:
    for a in assignments(user):
        if a.role in roles and a.organization_id == unit_id:
            return Decision(True, assignment=a)
    return Decision(False)


def can_write_opinion(user, application) -> Decision:
    """单位意见: the unit's HR or leader, never on their own application."""
    if application.applicant_id == user.pk:
        return Decision(False, "不能为本人的申报填写单位意见（须回避）。")
    d = unit_role(user, application.unit_id, (Role.UNIT_HR, Role.UNIT_LEADER))
    return d if d else Decision(False, "只有本单位人事或单位领导可以填写、签署单位意见。")


def can_see_pledge(user, application) -> Decision:
    """The applicant, and the unit's HR and leader."""
    if application.applicant_id == user.pk:
        for a in assignments(user):
            if a.role == Role.APPLICANT:
                return Decision(True, assignment=a)
    d = unit_role(user, application.unit_id, (Role.UNIT_HR, Role.UNIT_LEADER))
    if not d and application.state in UPWARD_STATES:  # the office receives it with the batch
        d = covering(user, application, (Role.OFFICE_REVIEWER, Role.PROVINCIAL_OFFICE))
    return d if d else Decision(False, "您无权查看该承诺书。")


def pledge_role(user, application) -> Decision:
    """Who confirms: the applicant (own application) or a leader of the unit (not for their own)."""
    if application.applicant_id == user.pk:
        for a in assignments(user):
            if a.role == Role.APPLICANT:
                return Decision(True, assignment=a)
        return Decision(False, "只有申报人本人和本单位领导可以确认承诺书。")
    d = unit_role(user, application.unit_id, (Role.UNIT_LEADER,))
    return d if d else Decision(False, "只有申报人本人和本单位领导可以确认承诺书。")


def is_unit_hr(user, unit_id: int) -> Decision:
    d = unit_role(user, unit_id, (Role.UNIT_HR,))
    return d if d else Decision(False, "只有本单位人事可以办理推荐上报。")


# Batches: the unit's staff see their own; offices the batches of the units under them; the province all.
def _unit(a, user) -> Q:
    return Q(unit_id=a.organization_id)


def _office(a, user) -> Q:
    return org_q(a, "unit__")


def _province(a, user) -> Q:
    return Q()


def register_rules() -> None:
    for role, rule in [(Role.UNIT_HR, _unit), (Role.UNIT_LEADER, _unit), (Role.OFFICE_REVIEWER, _office),
                       (Role.PROVINCIAL_OFFICE, _province)]:
        register_rule("unit_submission.UnitSubmission", role, rule)
