"""Users, their roles and the organisation tree in the back office (安全管理员 / 系统管理员).

The security administrator assigns roles: it reads the organisation tree (the picker needs it), never
its own roles, never an administrator role, and never an administrator's account (whose password it
could otherwise reset to take over that account's rights). Administrator roles come from
`python -m zhicheng grant_admin_role` only. Each role change is audited with before and after.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied

from zhicheng.http import client_ip
from zhicheng.orgs.forms import StaffSetPasswordForm, StaffUserCreationForm, UserChangeAdminForm
from zhicheng.orgs.models import Organization, RoleAssignment, User
from zhicheng.orgs.roles import ADMIN_ROLES

from .access import SECURITY, RoleAdminMixin, acting_assignment
from .roles import UI_ROLE_CHOICES, record_role_change


def holds_admin_role(user: User | None) -> bool:
    return user is not None and user.role_assignments.filter(role__in=ADMIN_ROLES).exists()


@admin.register(Organization)
class OrganizationAdmin(RoleAdminMixin, admin.ModelAdmin):
    # The security administrator reads the tree: the organisation picker of a role assignment
    # (autocomplete) asks this admin's view permission, and answered 403 without it.
    view_roles = SECURITY
    list_display = ["name", "kind", "parent", "credit_code"]
    list_filter = ["kind"]
    search_fields = ["name", "credit_code"]


class RoleInline(RoleAdminMixin, admin.TabularInline):
    edit_roles = SECURITY
    model = RoleAssignment
    extra = 1
    autocomplete_fields = ["organization"]
    verbose_name_plural = "角色分配（管理员角色仅能由部署命令授予）"

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(role__in=ADMIN_ROLES)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role":
            kwargs["choices"] = [("", "---------"), *UI_ROLE_CHOICES]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def _may_edit(self, request, obj) -> bool:
        # obj is the user being edited: nobody changes its own roles.
        return obj is None or obj.pk != request.user.pk

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._may_edit(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_edit(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may_edit(request, obj)


@admin.register(User)
class UserAdmin(RoleAdminMixin, BaseUserAdmin):
    edit_roles = SECURITY
    form = UserChangeAdminForm
    add_form = StaffUserCreationForm  # passwords set by staff must be changed at the next login
    change_password_form = StaffSetPasswordForm
    list_display = ["username", "real_name", "masked_id_number", "is_active"]
    search_fields = ["username", "real_name"]
    ordering = ["username"]
    inlines = [RoleInline]
    readonly_fields = ["admin_roles"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("实名信息", {"fields": ("real_name", "id_number", "birth_date", "gender", "phone", "email")}),
        ("状态", {"fields": ("is_active", "is_staff", "must_change_password")}),
        ("管理员角色", {"fields": ("admin_roles",)}),
    )
    add_fieldsets = ((None, {"fields": ("username", "real_name", "id_number", "password1", "password2")}),)

    @admin.display(description="身份证号")
    def masked_id_number(self, obj):
        return obj.masked_id_number

    @admin.display(description="管理员角色")
    def admin_roles(self, obj):
        held = [str(a) for a in obj.role_assignments.filter(role__in=ADMIN_ROLES).select_related("organization")]
        return "；".join(held) or "无（管理员角色只能在部署时用 grant_admin_role 命令授予）"

    def has_change_permission(self, request, obj=None):
        # An administrator's account (one's own included) is managed at deployment, not here.
        return super().has_change_permission(request, obj) and not holds_admin_role(obj)

    def has_delete_permission(self, request, obj=None):
        return (super().has_delete_permission(request, obj) and not holds_admin_role(obj)
                and (obj is None or obj.pk != request.user.pk))

    def user_change_password(self, request, id, form_url=""):
        target = User.objects.filter(pk=id).first()
        if holds_admin_role(target):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def _who(self, request) -> dict:
        acting = acting_assignment(request, self.edit_roles)
        return {"actor": request.user, "actor_role": acting.role if acting else "",
                "actor_org": acting.organization if acting else None, "ip": client_ip(request)}

    def _record_revocations(self, request, users) -> None:
        """Deleting an account takes its roles away: each is audited like any revocation."""
        who = self._who(request)
        for a in RoleAssignment.objects.filter(user__in=users).select_related("user", "organization"):
            record_role_change(a.user, before=a, after=None, **who)

    def delete_model(self, request, obj):
        self._record_revocations(request, [obj])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        self._record_revocations(request, list(queryset))
        super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        if formset.model is not RoleAssignment:
            return super().save_formset(request, form, formset, change)
        user = form.instance
        before = {a.pk: (a.role, a.organization) for a in
                  RoleAssignment.objects.filter(user=user).select_related("organization")}
        formset.save()
        who = self._who(request)
        for obj in formset.new_objects:
            record_role_change(user, before=None, after=obj, **who)
        for obj, _fields in formset.changed_objects:
            record_role_change(user, before=before.get(obj.pk), after=obj, **who)
        for obj in formset.deleted_objects:
            record_role_change(user, before=obj, after=None, **who)  # obj keeps its role and organisation
