"""People's accounts, made and reset by the staff who know them (issue 6 §2).

Unit HR makes the accounts of its own unit's people; the office (主管部门审核人员) those of the units under
it. Both reset their people's passwords. Each account gets a random initial password, shown once, that must
be changed at first login. Plain functions taking the acting user; one transaction; one audit event each.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet

from zhicheng.audit.services import record
from zhicheng.errors import Refusal

from .models import Organization, RoleAssignment, User
from .passwords import random_password
from .roles import UNIT_ROLES, OrgKind, Role
from .scope import Decision, assignments, org_q
from .validators import (
    birth_date_from_id,
    normalize_id_number,
    validate_id_number,
    validate_phone,
)

# Whose accounts each managing role may reset: HR its applicants and assessors, the office anyone holding
# only unit roles (HR and leaders included). Never someone with a role elsewhere: resetting a person's
# password hands the person's every role to whoever reads the new password.
MANAGED_ROLES = {
    Role.UNIT_HR: {Role.APPLICANT, Role.ASSESSOR},
    Role.OFFICE_REVIEWER: set(UNIT_ROLES),
}
NOT_YOURS = "该人员不属于您管理的单位，无权操作。"
RACED = "有身份证号刚刚已由他人创建账号，未创建任何账号，请刷新后重试。"


@dataclass
class Issued:
    """An account with the password just given to it: shown once, never stored in clear."""

    user: User
    password: str
    unit: Organization
    row: int | None = None


@dataclass
class ImportResult:
    issued: list[Issued] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _managing(actor: User) -> list[RoleAssignment]:
    return [a for a in assignments(actor) if a.role in MANAGED_ROLES]


def manageable_units(actor: User) -> QuerySet[Organization]:
    """The units whose people the actor manages: HR its own unit, the office every unit under it."""
    managing = _managing(actor)
    if not managing:
        return Organization.objects.none()
    q = Q(pk__in=[])
    for a in managing:
        q |= org_q(a)
    return Organization.objects.filter(q, kind=OrgKind.UNIT).order_by("path")


def may_manage_unit(actor: User, unit: Organization) -> Decision:
    """Named predicate: the actor makes accounts in this unit (HR of it, or the office above it)."""
    if unit.kind == OrgKind.UNIT:
        for a in _managing(actor):
            if a.organization_id == unit.pk or (a.role == Role.OFFICE_REVIEWER
                                                and unit.path.startswith(a.organization.path)):
                return Decision(True, assignment=a)
    return Decision(False, "您不是该单位的人事工作人员或其主管部门审核人员，无权管理该单位人员账号。")


def people(actor: User) -> QuerySet[User]:
    """The accounts the actor may reset: every role they hold is one the actor's role manages, in a unit
    the actor manages; the actor itself and back-office staff excluded."""
    managing = _managing(actor)
    if not managing:
        return User.objects.none()
    mine = Q(pk__in=[])
    for a in managing:
        mine |= Q(role__in=MANAGED_ROLES[a.role], organization__kind=OrgKind.UNIT) & org_q(a, "organization__")
    inside = RoleAssignment.objects.filter(mine, user=OuterRef("pk"))
    outside = RoleAssignment.objects.filter(user=OuterRef("pk")).exclude(mine)
    return (User.objects.filter(Exists(inside)).exclude(Exists(outside))
            .exclude(pk=actor.pk).exclude(is_staff=True).exclude(is_superuser=True))


def may_manage_person(actor: User, person: User) -> Decision:
    if person.pk == actor.pk:
        return Decision(False, "不能重置自己的密码，请使用“修改密码”。")
    if not people(actor).filter(pk=person.pk).exists():
        return Decision(False, NOT_YOURS)
    unit = person.role_assignments.select_related("organization").first().organization
    return may_manage_unit(actor, unit)


def _unique_username() -> str:
    # People log in by ID number; the user name is a fallback that must not look like an ID number.
    while True:
        name = f"zc{secrets.randbelow(10**8):08d}"
        if not User.objects.filter(username=name).exists():
            return name


def check_person(real_name: str, id_number: str, phone: str) -> tuple[dict, dict[str, list[str]]]:
    """The cleaned fields and every problem with them, by field (GB 11643 check digit included)."""
    cleaned = {"real_name": (real_name or "").strip(), "id_number": normalize_id_number(id_number),
               "phone": (phone or "").strip()}
    errors: dict[str, list[str]] = {}
    if not cleaned["real_name"]:
        errors["real_name"] = ["请填写姓名。"]
    elif len(cleaned["real_name"]) > 50:
        errors["real_name"] = ["姓名不能超过50个字。"]
    for name, check in (("id_number", validate_id_number), ("phone", validate_phone)):
        if not cleaned[name]:
            errors[name] = ["请填写身份证号。" if name == "id_number" else "请填写手机号码。"]
            continue
        try:
            check(cleaned[name])
        except ValidationError as exc:
            errors[name] = list(exc.messages)
    if "id_number" not in errors and User.objects.filter(id_number=cleaned["id_number"]).exists():
        errors["id_number"] = ["该身份证号已有账号，无需重复创建；如忘记密码，可为其重置密码。"]
    return cleaned, errors


def _make(actor: User, unit: Organization, grant: RoleAssignment, cleaned: dict, *, ip: str | None,
          via: str, row: int | None = None) -> Issued:
    idn = cleaned["id_number"]
    user = User(username=_unique_username(), real_name=cleaned["real_name"], id_number=idn, phone=cleaned["phone"],
                birth_date=birth_date_from_id(idn), gender="1" if int(idn[16]) % 2 else "2",
                must_change_password=True)
    password = random_password(user)
    user.set_password(password)
    user.save()
    RoleAssignment.objects.create(user=user, role=Role.APPLICANT, organization=unit)
    record("account_create", actor=actor, obj=user, role=grant.role, organization=unit, ip=ip,
           details={"unit": unit.pk, "role_added": Role.APPLICANT, "via": via, **({"row": row} if row else {})})
    return Issued(user, password, unit, row)


def _grant(actor: User, unit: Organization) -> RoleAssignment:
    decision = may_manage_unit(actor, unit)
    if not decision:
        raise Refusal(decision.reason, forbidden=True)
    return decision.assignment


def create_person(actor: User, *, unit: Organization, real_name: str, id_number: str, phone: str,
                  ip: str | None = None) -> Issued:
    """One person's account in `unit`, holding the 申报人员 role, with a random initial password."""
    grant = _grant(actor, unit)
    cleaned, errors = check_person(real_name, id_number, phone)
    if errors:
        raise Refusal([m for ms in errors.values() for m in ms], errors)
    try:
        with transaction.atomic():
            return _make(actor, unit, grant, cleaned, ip=ip, via="form")
    except IntegrityError:  # the same ID number saved by someone else a moment ago
        raise Refusal(RACED, conflict=True) from None


def reset_password(actor: User, person: User, *, ip: str | None = None) -> Issued:
    """A new random password, shown once; the person must change it at the next login; the lockout lifted."""
    decision = may_manage_person(actor, person)
    if not decision:
        raise Refusal(decision.reason, forbidden=True)
    with transaction.atomic():
        person = User.objects.select_for_update().get(pk=person.pk)
        password = random_password(person)
        person.set_password(password)
        person.must_change_password = True
        person.save(update_fields=["password", "must_change_password"])
        record("password_reset", actor=actor, obj=person, role=decision.assignment.role,
               organization=decision.assignment.organization, ip=ip)
        _unlock(person)  # axes keeps its attempts in this database: lifted with the reset, or not at all
    return Issued(person, password, decision.assignment.organization)


def _unlock(person: User) -> None:
    from axes.utils import reset

    reset(username=person.username)  # the person was probably locked out: that is why they asked


def import_people(actor: User, *, unit: Organization, rows: list[tuple[int, dict]], good_rows: bool = False,
                  ip: str | None = None) -> ImportResult:
    """Accounts for a roster's rows ((row number, {real_name, id_number, phone})). Every bad row is reported
    at once by its number; nothing is created when any row fails, unless `good_rows` asks for the rest."""
    grant = _grant(actor, unit)
    result = ImportResult()
    good: list[tuple[int, dict]] = []
    seen: dict[str, int] = {}
    for number, values in rows:
        cleaned, errors = check_person(values.get("real_name", ""), values.get("id_number", ""),
                                       values.get("phone", ""))
        idn = cleaned["id_number"]
        if "id_number" not in errors and idn in seen:
            errors["id_number"] = [f"身份证号与第{seen[idn]}行重复。"]
        seen.setdefault(idn, number)
        if errors:
            result.problems.append(f"第{number}行：" + "；".join(m for ms in errors.values() for m in ms))
        else:
            good.append((number, cleaned))
    if not rows:
        raise Refusal("名册中没有人员数据，请在模板第2行起填写。")
    if result.problems and not good_rows:
        raise Refusal([*result.problems, "名册有误，未创建任何账号。请改正后重新导入，或选择“仅导入无误的行”。"])
    try:
        with transaction.atomic():
            for number, cleaned in good:
                result.issued.append(_make(actor, unit, grant, cleaned, ip=ip, via="import", row=number))
            _record_import(actor, unit, grant, result, ip)
    except IntegrityError:
        raise Refusal(RACED, conflict=True) from None
    return result


def _record_import(actor, unit, grant, result, ip) -> None:
    record("roster_import", actor=actor, obj=unit, role=grant.role, organization=unit, ip=ip,
           success=not result.problems,
           details={"created": len(result.issued), "bad_rows": len(result.problems)})


def system_actor(org: Organization, role: str, kind: str) -> User:
    """The system account a scheduled job acts as for `org` (`kind`: office, province, host): inactive, no
    usable password, holding `role` at `org`, so the job's step passes the same permission and record rules
    as a person's and its audit events name an account."""
    user, _ = User.objects.get_or_create(username=f"system-{kind}-{org.pk}",
                                         defaults={"real_name": f"系统（{org.name}逾期处理）", "is_active": False})
    if user.has_usable_password():
        user.set_unusable_password()
        user.save(update_fields=["password"])
    RoleAssignment.objects.get_or_create(user=user, role=role, organization=org)
    return user
