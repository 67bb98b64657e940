"""The world every stage plays in: organisations (省职改办 → 主管部门 → 用人单位, the committee host and its
committees), staff accounts and their roles, the host's expert pool. Keyed on natural keys (统一社会信用代码, user name), so a second run creates nothing."""

from __future__ import annotations

from django.core.management.base import CommandError
from django.db import transaction

from zhicheng.orgs.models import Organization, RoleAssignment, User
from zhicheng.orgs.validators import validate_credit_code, validate_id_number

from . import pool
from .context import Context
from .data import EMAIL_DOMAIN, ORGS, credit_code
from .people import Person


def populate(ctx: Context) -> None:
    with transaction.atomic():
        ctx.orgs = _orgs(ctx)
        for p in ctx.staff:
            ctx.users[p.username] = ensure_user(ctx, p)
    pool.populate(ctx)  # the host's committees and expert pool: through its services, by demo_host


def _orgs(ctx: Context) -> dict[str, Organization]:
    orgs: dict[str, Organization] = {}
    for spec in ORGS:
        parent = orgs.get(spec.parent) if spec.parent else None
        code = credit_code(spec.cc_prefix, spec.org_code) if spec.cc_prefix else None
        if code:
            validate_credit_code(code)
            org = Organization.objects.filter(credit_code=code).first()
        else:
            org = Organization.objects.filter(name=spec.name, kind=spec.kind, parent=parent).first()
        if org is None:
            org = Organization.objects.create(name=spec.name, kind=spec.kind, parent=parent, credit_code=code)
            ctx.created["组织"] += 1
        orgs[spec.key] = org
    return orgs


def ensure_user(ctx: Context, p: Person) -> User:
    """The person's account (created with the demo password if missing) and their role in their organisation."""
    user = User.objects.filter(username=p.username).first()
    if user is None:
        validate_id_number(p.id_number)
        if User.objects.filter(id_number=p.id_number).exists():
            raise CommandError(f"身份证号{p.id_number}已被其他用户使用，无法建立演示账号{p.username}。")
        user = User.objects.create_user(
            username=p.username, password=None, real_name=p.real_name, id_number=p.id_number,
            birth_date=p.birth, gender=p.gender, phone=p.phone, email=f"{p.username}@{EMAIL_DOMAIN}",
            is_staff=p.is_staff, is_superuser=p.is_superuser,
        )
        user.password = ctx.password_hash()
        user.save(update_fields=["password"])
        ctx.created["用户"] += 1
    RoleAssignment.objects.get_or_create(user=user, role=p.role, organization=ctx.orgs[p.org])
    return user
