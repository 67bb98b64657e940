"""Data scope per role (本人 / 本单位 / 本单位及下级 / 全部) and named permission predicates.

A predicate returns a Decision: truthy when allowed, with the Chinese reason when refused and the
role assignment that granted it (recorded in the audit event).
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import RoleAssignment, User
from .roles import Role

# Which organisations a role held in org X may see: "self" = X only, "subtree" = X and below, "all".
ROLE_SCOPE = {
    Role.APPLICANT: "own",
    Role.UNIT_HR: "self",
    Role.UNIT_LEADER: "self",
    Role.ASSESSOR: "self",
    Role.OFFICE_REVIEWER: "subtree",
    Role.PROVINCIAL_OFFICE: "all",
    Role.COMMITTEE_HOST: "none",  # sees applications delegated to it (later stage)
    Role.EXPERT: "none",
    Role.SYSTEM_ADMIN: "none",
    Role.SECURITY_ADMIN: "none",
    Role.AUDIT_ADMIN: "none",
}


@dataclass
class Decision:
    allowed: bool
    reason: str = ""
    assignment: RoleAssignment | None = None

    def __bool__(self) -> bool:
        return self.allowed


def assignments(user: User) -> list[RoleAssignment]:
    """The user's role assignments, loaded once per user object."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_zc_assignments", None)
    if cached is None:
        cached = list(RoleAssignment.objects.filter(user=user).select_related("organization"))
        user._zc_assignments = cached
    return cached


def roles_of(user: User) -> set[str]:
    return {a.role for a in assignments(user)}


def has_role(user: User, role: str) -> bool:
    return role in roles_of(user)


def assignment_covers_org(a: RoleAssignment, org_id: int, org_path: str) -> bool:
    scope = ROLE_SCOPE.get(a.role, "none")
    if scope == "all":
        return True
    if scope == "self":
        return a.organization_id == org_id
    if scope == "subtree":
        return org_path.startswith(a.organization.path)
    return False


def orgs_for_role(user: User, role: str) -> list:
    return [a.organization for a in assignments(user) if a.role == role]


def is_unit_hr_of(user: User, unit) -> Decision:
    for a in assignments(user):
        if a.role == Role.UNIT_HR and a.organization_id == unit.pk:
            return Decision(True, assignment=a)
    return Decision(False, "您不是该单位的人事工作人员，无权进行此操作。")
