"""The ban registry (禁申): who may not be given, start or be verified for an application, and the one way
a fraud finding (伪造、剽窃) is recorded — the ban and the disqualification together, in one transaction.

Shared app: it reads the application it is given and moves it through the map, but imports no stage app."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from zhicheng.audit.services import record
from zhicheng.codes.models import get_param
from zhicheng.errors import Refusal
from zhicheng.orgs.roles import Role
from zhicheng.orgs.scope import assignments, covering, is_unit_hr_of
from zhicheng.workdays.formats import cn_date
from zhicheng.workflow.services import transition
from zhicheng.workflow.states import State

from .models import Ban

# While the unit's own review runs (§二(七) notice and its aftermath) the unit records the finding; once it
# has submitted upward, the office (§三), the provincial office and the committee host (§四) do.
UNIT_STATES = frozenset({State.IN_NOTICE, State.UNDER_INVESTIGATION, State.NOTICE_PASSED})
UPPER_ROLES = (Role.OFFICE_REVIEWER, Role.PROVINCIAL_OFFICE, Role.COMMITTEE_HOST)
# Who may read the whole registry (masked ID numbers): offices and the provincial office.
REGISTRY_ROLES = (Role.OFFICE_REVIEWER, Role.PROVINCIAL_OFFICE)


class IntegrityRefusal(Refusal):
    """A refused integrity step."""


def active_ban(id_number, on): return Ban.objects.filter(id_number=id_number, starts_on__lte=on, ends_on__gt=on).first()


def ban_message(ban: Ban) -> str:
    """What the banned person (and the HR trying to act for them) is told: until when and by whom."""
    return (f"经{ban.authority}查实存在弄虚作假行为，自{cn_date(ban.starts_on)}起禁止申报职称，"
            f"{cn_date(ban.ends_on)}起方可重新申报。")


def ban_problems(id_number: str | None, on: datetime.date | None = None) -> list[str]:
    """[] or the one message naming the ban in force on `on` (today by default)."""
    if not id_number:
        return []
    ban = active_ban(id_number, on or timezone.localdate())
    return [ban_message(ban)] if ban else []


def years_later(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` later; 29 February becomes 1 March in a common year (the full term is served)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return datetime.date(day.year + years, 3, 1)


def finding_problems(application, actor) -> list[str]:
    """Who may record a fraud finding at the application's stage: the unit's HR while the unit's own review
    runs, the office / provincial office / committee host once it has gone upward."""
    if application.state in UNIT_STATES:
        if not is_unit_hr_of(actor, application.unit):
            return ["公示期间查实的弄虚作假由用人单位人事部门登记。"]
        return []
    if not any(a.role in UPPER_ROLES for a in assignments(actor)) or not covering(actor, application, UPPER_ROLES):
        return ["单位上报后查实的弄虚作假由主管部门、省职改办或评委会组建单位登记。"]
    return []


def guard_fraud_finding_recorded(application, actor, details) -> list[str]:
    problems = finding_problems(application, actor)
    if problems or "ban_id" not in details:  # without a ban id: the button is offered, the form records it
        return problems
    if not Ban.objects.filter(pk=details["ban_id"], application_id=application.pk).exists():
        return ["须先登记查实的弄虚作假情况（认定机关与事实）。"]
    return []


@transaction.atomic
def record_fraud_finding(actor, application, *, reason: str, authority: str, ip: str | None = None):
    """查实弄虚作假: ban the person for `ban_years` from today (the finding date) and disqualify the
    application. Returns (application, ban)."""
    reason, authority = (reason or "").strip(), (authority or "").strip()
    problems = []
    if not reason:
        problems.append("请填写查实的事实与理由。")
    if not authority:
        problems.append("请填写认定机关。")
    elif len(authority) > 100:
        problems.append("认定机关不超过100字。")
    if problems:
        raise IntegrityRefusal(problems)
    person = application.applicant
    today = timezone.localdate()
    ban = Ban.objects.create(id_number=person.id_number or "", person_name=person.real_name, application=application,
                             starts_on=today, ends_on=years_later(today, get_param("ban_years")),
                             authority=authority[:100], reason=reason, recorded_by=actor)
    app = transition(application, "disqualify", actor=actor, ip=ip, reason=reason, ban_id=ban.pk,
                     authority=authority[:100], ban_ends_on=ban.ends_on.isoformat())
    return app, ban


def record_ban(actor, *, id_number: str, person_name: str, starts_on: datetime.date, authority: str, reason: str,
               application=None, ban_years: int | None = None, ip: str | None = None) -> Ban:
    """Record a ban only (no step of the application): for a title revoked after fraud (撤销, seed §五), the
    person may not apply for `ban_years` (parameter `ban_years` by default) from `starts_on`. The caller
    decides who may; this writes the ban and its audit event in the caller's transaction."""
    reason, authority = (reason or "").strip(), (authority or "").strip()
    if not id_number or not reason or not authority:
        raise IntegrityRefusal("禁申登记须有身份证号、认定机关和事实与理由。")
    if len(authority) > 100:
        raise IntegrityRefusal("认定机关不超过100字。", {"authority": ["认定机关不超过100字。"]})
    years = get_param("ban_years") if ban_years is None else ban_years
    with transaction.atomic():
        ban = Ban.objects.create(id_number=id_number, person_name=person_name, application=application,
                                 starts_on=starts_on, ends_on=years_later(starts_on, years), authority=authority,
                                 reason=reason, recorded_by=actor)
        record("integrity.ban", actor=actor, obj=ban, ip=ip, reason=reason,
               details={"starts_on": starts_on.isoformat(), "ends_on": ban.ends_on.isoformat(), "years": years})
    return ban


def registry_allowed(user) -> bool:
    return any(a.role in REGISTRY_ROLES for a in assignments(user))


def registry(user) -> QuerySet[Ban]:
    """The whole registry for offices and the provincial office (shared across units); nothing for others."""
    if not registry_allowed(user):
        return Ban.objects.none()
    return Ban.objects.select_related("application__unit").order_by("-starts_on", "-id")


def own_bans(user) -> QuerySet[Ban]:
    """The person's own bans (the banned person sees why)."""
    return Ban.objects.filter(id_number=user.id_number or "-").order_by("-starts_on", "-id")
