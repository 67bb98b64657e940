"""Named predicates for the dossier; each returns a Decision with the Chinese reason when refused."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from zhicheng.campaigns.models import PanelMember
from zhicheng.orgs.roles import Role
from zhicheng.orgs.scope import (
    Decision,
    assignments,
    covering,
    get_with_coverage,
    org_q,
    register_rule,
    visible,
)
from zhicheng.workflow.states import (
    EDITABLE_STATES,
    OFFICE_EDITABLE_STATES,
    UPWARD_STATES,
    State,
    reachable_from,
)

from .models import Application
from .sections import ALL

# Every state in which the applicant may change the dossier: §一's draft and return, and §三's online
# application (网上申报) with its returns (预审一次性告知, 网上审核退回).
APPLICANT_EDITABLE_STATES = EDITABLE_STATES | OFFICE_EDITABLE_STATES
_AFTER_ONLINE_SUBMIT = reachable_from(State.ONLINE_SUBMITTED) - OFFICE_EDITABLE_STATES - {State.ABANDONED}

# Data scope of each role over applications (本人/本单位/本单位及下级/全部), written once: the same rule
# filters lists and checks a single record (orgs.scope.visible / covering). Committee hosts and experts
# get theirs from the committee app (applications assigned to their committee).
# A draft belongs to the applicant: the unit sees a dossier once it is submitted (a draft withdrawn
# before any submission stays the applicant's); offices and the province from the unit's submission
# upward (§二(八)), i.e. in the states the map can reach from UNIT_SUBMITTED.


def _own(a, user) -> Q:
    return Q(applicant_id=user.pk)


def _submitted_to_unit() -> Q:
    return ~Q(state=State.DRAFT) & ~Q(state=State.WITHDRAWN, submitted_at__isnull=True)


def _unit(a, user) -> Q:
    return Q(unit_id=a.organization_id) & _submitted_to_unit()


def _panel(a, user) -> Q:
    on_panel = Exists(PanelMember.objects.filter(campaign_id=OuterRef("campaign_id"), user_id=user.pk))
    return Q(on_panel, unit_id=a.organization_id) & _submitted_to_unit()


def _office(a, user) -> Q:
    return org_q(a, "unit__") & Q(state__in=UPWARD_STATES)


def _province(a, user) -> Q:
    return Q(state__in=UPWARD_STATES)


def register_rules() -> None:
    for role, rule in [(Role.APPLICANT, _own), (Role.UNIT_HR, _unit), (Role.UNIT_LEADER, _unit),
                       (Role.ASSESSOR, _panel), (Role.OFFICE_REVIEWER, _office),
                       (Role.PROVINCIAL_OFFICE, _province)]:
        register_rule("dossier.Application", role, rule)


# The application as every page and API endpoint reads it, with the five rows they show.
PAGE_ROW = Application.objects.select_related("applicant", "unit", "campaign", "title", "series")


def page_application(user, pk: int, *, steps: bool = False) -> Application | None:
    """The application with the user's scope checks fetched in the same statement (composed once per thread),
    or None when it does not exist; `can_view` then answers from what was fetched. With `steps` (the overview)
    the statement also brings the timeline's steps (`timeline.with_steps`)."""
    if steps:
        from .timeline import with_steps

        return get_with_coverage(user, "dossier.page_row_steps", lambda: with_steps(PAGE_ROW), pk)
    return get_with_coverage(user, "dossier.page_row", PAGE_ROW, pk)


def visible_applications(user) -> QuerySet[Application]:
    """Applications in the user's data scope."""
    return visible(user, Application.objects.all())


def can_view(user, application: Application) -> Decision:
    """Same rule as visible_applications, for one record (one query)."""
    decision = covering(user, application)
    return decision if decision else Decision(False, "您无权查看该申报材料。")


def record_refusal(user, application: Application, ip: str | None, path: str) -> None:
    """等保 安全审计 / ASVS 8: a refused access to a dossier is itself an audit event."""
    from zhicheng.audit.services import record

    record("access_denied", actor=user, obj=application, ip=ip, success=False, details={"path": path[:200]})


def is_owner(user, application: Application) -> Decision:
    for a in assignments(user):
        if a.role == Role.APPLICANT and application.applicant_id == user.pk:
            return Decision(True, assignment=a)
    return Decision(False, "只有申报人本人可以修改申报材料。")


def can_edit_section(user, application: Application, section_key: str) -> Decision:
    """Editable by the applicant while a draft, or after a return only in the reopened sections; in §三
    every section while 网上申报中 (预审通过), only the reopened ones after 预审/网上审核退回."""
    owner = is_owner(user, application)
    if not owner:
        return owner
    state = application.state
    if state in (State.DRAFT, State.PREREVIEW_PASSED):
        return owner
    if state in (State.RETURNED, State.PREREVIEW_RETURNED, State.ONLINE_RETURNED):
        reopened = application.reopened_sections or []
        if ALL in reopened or section_key in reopened:
            return owner
        who = "单位" if state == State.RETURNED else "主管部门"
        return Decision(False, f"该部分未被退回修改，不能更改。只能修改{who}退回时指定的部分。")
    if state in _AFTER_ONLINE_SUBMIT:
        return Decision(False, "网上申报已提交，处于锁定状态，任何方式都不能修改。如需修改，须由主管部门网上审核退回。")
    return Decision(False, "申报材料已提交，处于锁定状态，不能修改。如需修改，请联系单位人事退回。")


def can_change_attachment(user, application: Application, section_key: str) -> Decision:
    """A proof may change if its own section is open, or if 附件 itself was reopened on return."""
    own = can_edit_section(user, application, section_key)
    return own if own else can_edit_section(user, application, "attachments")


def sees_submitted_version(user, application: Application) -> bool:
    """While the applicant corrects a returned dossier, everyone else reads what was last submitted, never
    the live edits (UI and API alike)."""
    return application.state in _CORRECTED_STATES and not is_owner(user, application)


# States in which the live dossier is the applicant's work in progress, not what was submitted.
_CORRECTED_STATES = frozenset({State.RETURNED}) | OFFICE_EDITABLE_STATES
