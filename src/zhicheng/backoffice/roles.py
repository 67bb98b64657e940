"""Role and scope changes (三员分立, 等保 访问控制): who may grant what, and the audit record of each change.

No account changes its own roles (a security administrator could otherwise widen its own rights). The
three administrator roles are granted only by `grant_admin_role` at deployment, never in the web UI.
Every grant, change and revocation is one audit event with the role and organisation before and after.
"""

from __future__ import annotations

from zhicheng.audit.services import record
from zhicheng.orgs.models import Organization, RoleAssignment, User
from zhicheng.orgs.roles import ADMIN_ROLES, Role

# Roles the security administrator may grant in the back office: everything but the administrators'.
UI_ROLE_CHOICES = [(value, label) for value, label in Role.choices if value not in ADMIN_ROLES]


def describe(role: str, organization: Organization | None) -> dict:
    """The audit form of one role held in one organisation (codes and Chinese names both)."""
    return {"role": role, "role_label": Role(role).label if role in Role.values else role,
            "organization_id": organization.pk if organization else None,
            "organization": organization.name if organization else ""}


def record_role_change(user: User, *, before: RoleAssignment | tuple | None, after: RoleAssignment | None,
                       actor: User | None, actor_role: str = "", actor_org: Organization | None = None,
                       ip: str | None = None, via: str = "backoffice") -> None:
    """One audit event for one assignment granted (before None), changed, or revoked (after None)."""
    def as_dict(a):
        if a is None:
            return None
        if isinstance(a, tuple):
            return describe(*a)
        return describe(a.role, a.organization)

    old, new = as_dict(before), as_dict(after)
    action = "role_grant" if old is None else "role_revoke" if new is None else "role_change"
    record(action, actor=actor, obj=user, role=actor_role, organization=actor_org, ip=ip,
           details={"user": user.username, "before": old, "after": new, "via": via})


def grant_admin_role(user: User, role: str, organization: Organization) -> RoleAssignment:
    """Deployment only (the management command): give `user` one of the three administrator roles."""
    if role not in ADMIN_ROLES:
        raise ValueError(f"{role} 不是管理员角色（system_admin / security_admin / audit_admin）。")
    assignment, created = RoleAssignment.objects.get_or_create(user=user, role=role, organization=organization)
    if created:
        record_role_change(user, before=None, after=assignment, actor=None, via="command")
    return assignment


def revoke_admin_role(user: User, role: str) -> int:
    """Deployment only: take an administrator role away again (every organisation it is held in)."""
    if role not in ADMIN_ROLES:
        raise ValueError(f"{role} 不是管理员角色（system_admin / security_admin / audit_admin）。")
    rows = list(RoleAssignment.objects.filter(user=user, role=role).select_related("organization"))
    for a in rows:
        record_role_change(user, before=a, after=None, actor=None, via="command")
        a.delete()
    return len(rows)
