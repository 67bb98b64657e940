"""The office's §三 deadlines (OfficeSchedule): set by the office, read by every part of the stage."""

import datetime

from django.db import transaction

from zhicheng.audit.services import record
from zhicheng.errors import Refusal
from zhicheng.orgs.roles import OrgKind, Role
from zhicheng.orgs.scope import orgs_for_role
from zhicheng.workdays.services import add_working_days

from .models import OfficeSchedule

Step = OfficeSchedule.Step


class ScheduleError(Refusal):
    pass


def office_of(application):
    """The office (主管部门) a unit's applications go to: the nearest office above the unit."""
    org = application.unit
    while org is not None and org.kind != OrgKind.OFFICE:
        org = org.parent
    return org


def deadline(office, year: int, step: str) -> datetime.date | None:
    """The last day of `step` for the office's `year`, or None when the office has not set it."""
    if office is None:
        return None
    return (OfficeSchedule.objects.filter(office=office, year=year, step=step)
            .values_list("ends_on", flat=True).first())


def passed_on(app_ids) -> dict[int, datetime.date]:
    """The day each application passed 资格预审 (its audit event; one query for all of them)."""
    from django.utils import timezone

    from zhicheng.audit.models import AuditEvent

    out: dict[int, datetime.date] = {}
    for object_id, time in (AuditEvent.objects.filter(action="prereview_pass", object_type="dossier.application",
                                                      object_id__in=[str(i) for i in app_ids], to_state__gt="",  # a step: one index range
                                                      success=True)
                            .order_by("time", "id").values_list("object_id", "time")):
        out[int(object_id)] = timezone.localdate(time)  # the latest pass wins
    return out


def online_fallback(application, passed: datetime.date | None = None) -> datetime.date | None:
    """The 网上申报 deadline when the office has set none: `online_application_working_days` working days
    counted from the day after 预审通过. None when the pass is not found (nothing to count from)."""
    from zhicheng.codes.models import get_param

    passed = passed or passed_on([application.pk]).get(application.pk)
    if passed is None:
        return None
    try:
        return add_working_days(passed + datetime.timedelta(days=1), get_param("online_application_working_days"))
    except Exception:  # an unknown year of the holiday calendar: no deadline rather than a wrong one
        return None


def set_step(actor, office, year: int, step: str, *, starts_on: datetime.date, working_days: int,
             ip: str | None = None) -> OfficeSchedule:
    """Set (or change) one step's period; the end day is counted on the working-day calendar."""
    if step not in Step.values:
        raise ScheduleError("未知的环节。")
    if office not in orgs_for_role(actor, Role.OFFICE_REVIEWER):
        raise ScheduleError("只有本主管部门的审核人员可以设置审查时间安排。", forbidden=True)
    if working_days < 1 or working_days > 200:
        raise ScheduleError("工作日数应在1至200之间。", fields={"working_days": ["工作日数应在1至200之间。"]})
    try:
        ends_on = add_working_days(starts_on, working_days)
    except Exception as exc:  # an unknown year of the holiday calendar is refused with its own message
        raise ScheduleError(str(exc)) from exc
    with transaction.atomic():
        row, _ = OfficeSchedule.objects.update_or_create(
            office=office, year=year, step=step,
            defaults={"starts_on": starts_on, "working_days": working_days, "ends_on": ends_on,
                      "updated_by": actor})
        record("office_schedule_set", actor=actor, obj=row, organization=office, ip=ip,
               details={"step": step, "starts_on": starts_on.isoformat(), "working_days": working_days,
                        "ends_on": ends_on.isoformat()})
    return row
