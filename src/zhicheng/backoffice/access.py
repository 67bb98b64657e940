"""三员分立 in the management back office (等保 访问控制): each administrator role sees only its part.

系统管理员: configuration (code tables, parameters, calendar, organisations).
安全管理员: users, role assignments, API tokens (authorisation).
审计管理员: reads the audit records, changes nothing.
Being a Django superuser grants nothing here: the role decides. Every change is also an AuditEvent.
"""

from zhicheng.audit.services import record
from zhicheng.http import client_ip
from zhicheng.orgs.roles import Role
from zhicheng.orgs.scope import assignments


def _held(request, roles) -> bool:
    return any(a.role in roles for a in assignments(request.user))


def acting_assignment(request, roles):
    """The assignment the user acts in here (for the audit record), or None."""
    return next((a for a in assignments(request.user) if a.role in roles), None)


class RoleAdminMixin:
    edit_roles: tuple[str, ...] = (Role.SYSTEM_ADMIN,)
    view_roles: tuple[str, ...] = ()

    def has_module_permission(self, request):
        return _held(request, self.edit_roles + self.view_roles)

    def has_view_permission(self, request, obj=None):
        return _held(request, self.edit_roles + self.view_roles)

    def has_add_permission(self, request, *args):
        return _held(request, self.edit_roles)

    def has_change_permission(self, request, obj=None):
        return _held(request, self.edit_roles)

    def has_delete_permission(self, request, obj=None):
        return _held(request, self.edit_roles)

    def _audit(self, request, obj, action):
        role = acting_assignment(request, self.edit_roles)
        record(f"admin_{action}", actor=request.user, obj=obj, role=role.role if role else "",
               organization=role.organization if role else None, ip=client_ip(request),
               details={"model": obj._meta.label_lower, "repr": str(obj)[:100]})

    def log_addition(self, request, obj, message):
        self._audit(request, obj, "add")
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        self._audit(request, obj, "change")
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            self._audit(request, obj, "delete")
        return super().log_deletions(request, queryset)


SECURITY = (Role.SECURITY_ADMIN,)
AUDIT = (Role.AUDIT_ADMIN,)
