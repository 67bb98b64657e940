"""审查时间安排: the office's §三 deadlines of a year, read and set by its reviewers (as /office/schedule/)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from ninja import Router, Schema

from zhicheng.http import client_ip
from zhicheng.office_review import schedule
from zhicheng.office_review.models import OfficeSchedule
from zhicheng.orgs.roles import Role
from zhicheng.orgs.scope import orgs_for_role

from .common import Problem

router = Router(tags=["审查时间安排"])
Step = OfficeSchedule.Step


class StepOut(Schema):
    step: str
    step_label: str
    starts_on: datetime.date | None
    working_days: int | None
    ends_on: datetime.date | None


class ScheduleOut(Schema):
    office_id: int
    office: str
    year: int
    steps: list[StepOut]


class StepIn(Schema):
    starts_on: datetime.date
    working_days: int


def _office(request, office_id: int | None):
    offices = orgs_for_role(request.auth, Role.OFFICE_REVIEWER)
    if not offices:
        raise PermissionDenied("只有主管部门的审核人员可以查看和设置审查时间安排。")
    office = offices[0] if office_id is None else next((o for o in offices if o.pk == office_id), None)
    if office is None:
        raise Http404
    return office


def _schedule(office, year: int) -> dict:
    rows = {r.step: r for r in OfficeSchedule.objects.filter(office=office, year=year)}
    return {"office_id": office.pk, "office": office.name, "year": year, "steps": [
        {"step": value, "step_label": label, "starts_on": getattr(rows.get(value), "starts_on", None),
         "working_days": getattr(rows.get(value), "working_days", None),
         "ends_on": getattr(rows.get(value), "ends_on", None)} for value, label in Step.choices]}


def _year(year: int | None) -> int:
    year = year or timezone.localdate().year
    if not 2000 <= year <= 2100:
        raise Http404
    return year


@router.get("", response={200: ScheduleOut, 403: Problem, 404: Problem}, summary="本主管部门某年度的审查时间安排")
def get_schedule(request, year: int | None = None, office_id: int | None = None):
    return _schedule(_office(request, office_id), _year(year))


@router.put("/{step}", response={200: ScheduleOut, 403: Problem, 404: Problem, 422: Problem},
            summary="设置一个环节（开始日期与工作日数；截止日期按工作日日历计算）")
def set_step(request, step: str, data: StepIn, year: int | None = None, office_id: int | None = None):
    office, year = _office(request, office_id), _year(year)
    if step not in Step.values:
        raise Http404
    schedule.set_step(request.auth, office, year, step, starts_on=data.starts_on, working_days=data.working_days,
                      ip=client_ip(request))
    return _schedule(office, year)
