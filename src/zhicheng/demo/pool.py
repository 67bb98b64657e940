"""§四 the host's review committees and expert pool, entered through the committee services by demo_host, as
the host would on its pages: the senior (高级) and the 中级 committee of 工程技术 with their approval, placed
around today (valid for the longest the rules allow, covering the meetings of stage_committee), and the
pool (data.EXPERT_POOL, people.plan_experts) with the expert accounts linked to their entries.

Keyed on names: a committee is found by its organisation's name under the host, an expert by name in the
host's pool, so a second run creates nothing."""

from __future__ import annotations

import datetime

from django.core.management.base import CommandError
from django.db import transaction

from zhicheng.committee import services as cs
from zhicheng.committee.models import Committee, Expert
from zhicheng.errors import Refusal

from .context import Context
from .data import COMMITTEES, ENGINEERING_SERIES, D
from .people import plan_experts

HOST_USER = "demo_host"
APPROVAL_LEAD_DAYS = 20  # the approval is dated some days before the committee's validity starts


def populate(ctx: Context) -> None:
    try:
        with transaction.atomic():
            for spec in COMMITTEES:
                ctx.orgs[spec.key] = ensure_committee(ctx, spec).org
            ensure_pool(ctx)
    except Refusal as exc:
        raise CommandError(f"演示数据（评审委员会和专家库）未能建立：{exc}") from exc


def committee_dates(today: datetime.date, years_before: int) -> tuple[datetime.date, datetime.date, datetime.date]:
    """(approval date, valid from, valid until): valid from 1 January `years_before` years back, for the
    longest period allowed (validity_limit: 3 years), so today and the weeks ahead are covered."""
    valid_from = D(today.year - years_before, 1, 1)
    return valid_from - datetime.timedelta(days=APPROVAL_LEAD_DAYS), valid_from, cs.validity_limit(valid_from)


def ensure_committee(ctx: Context, spec) -> Committee:
    host = ctx.orgs["host"]
    found = Committee.objects.filter(host=host, org__name=spec.name).select_related("org").first()
    if found is not None:
        return found
    approved, valid_from, valid_until = committee_dates(ctx.today, spec.years_before)
    committee = cs.create_committee(
        ctx.users[HOST_USER], name=spec.name, series_code=ENGINEERING_SERIES, levels=list(spec.levels),
        approval_number=spec.approval_number.format(year=approved.year), approval_date=approved,
        valid_from=valid_from, valid_until=valid_until, host_id=host.pk)
    ctx.created["组织"] += 1
    ctx.created["评委会"] += 1
    return committee


def ensure_pool(ctx: Context) -> None:
    """Every planned expert in the pool, with a term covering both committees' validity (so today too)."""
    host, actor = ctx.orgs["host"], ctx.users[HOST_USER]
    existing = set(Expert.objects.filter(host=host).values_list("real_name", flat=True))
    terms = [committee_dates(ctx.today, spec.years_before)[1:] for spec in COMMITTEES]
    term_start, term_end = min(t[0] for t in terms), max(t[1] for t in terms)
    for plan in plan_experts(ctx.staff, ctx.applicants):
        if plan.real_name in existing:
            continue
        account = ctx.users[plan.account].pk if plan.account else None
        cs.add_expert(actor, real_name=plan.real_name, unit_name=plan.unit_name, title_code=plan.title_code,
                      specialty=plan.specialty, term_start=term_start, term_end=term_end, user_id=account,
                      host_id=host.pk)
        ctx.created["专家"] += 1
