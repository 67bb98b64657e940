"""§三's daily job: 逾期视为放弃 of every application past its deadline (`prereview.deadline_of`), taken by the
office's system account (see the prereview module's docstring)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from zhicheng.dossier import models as dm
from zhicheng.orgs import accounts
from zhicheng.orgs.models import User
from zhicheng.orgs.roles import Role
from zhicheng.workdays.formats import cn_date
from zhicheng.workflow.services import transition

from . import schedule
from .prereview import ABANDON_REASONS, deadline_of


def system_actor(office) -> User:
    """The office's system account that the scheduled job acts as (inactive, no password, the office's role)."""
    return accounts.system_actor(office, Role.OFFICE_REVIEWER, "office")


def abandon(actor, application, *, today: datetime.date | None = None, ip: str | None = None):
    today = today or timezone.localdate()
    d = deadline_of(application)
    reason = ABANDON_REASONS.get(application.state, "逾期视为放弃（期限：{d}）").format(d=cn_date(d))
    return transition(application, "abandon", actor=actor, ip=ip, reason=reason, today=today.isoformat(),
                      deadline=d.isoformat() if d else "")


def abandon_overdue(today: datetime.date | None = None) -> list[dm.Application]:
    """The scheduled job: abandon every application whose deadline (`deadline_of`) is before `today`."""
    today = today or timezone.localdate()
    out = []
    apps = (dm.Application.objects.filter(state__in=list(ABANDON_REASONS))
            .select_related("unit", "campaign", "applicant").order_by("pk"))
    for app in apps:
        d = deadline_of(app)
        if d is None or not d < today:
            continue
        office = schedule.office_of(app)
        if office is None:
            continue
        out.append(abandon(system_actor(office), app, today=today))
    return out
