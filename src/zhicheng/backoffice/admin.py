"""The management back office (Django admin) with 三员分立: see access.py for who sees what.

Top layer: it imports the apps' models; no app imports it.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group

from zhicheng.audit.models import AuditEvent
from zhicheng.codes.models import AssessmentResult, EducationLevel, Parameter, Series, Title
from zhicheng.orgs.forms import UserChangeAdminForm
from zhicheng.orgs.models import ApiToken, Organization, RoleAssignment, User

from . import calendar_admin  # noqa: F401 — registers the working-day calendar
from .access import AUDIT, SECURITY, RoleAdminMixin

admin.site.site_header = "职称申报评审系统 管理后台"
admin.site.site_title = "职称系统管理"


@admin.register(Organization)
class OrganizationAdmin(RoleAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "credit_code"]
    list_filter = ["kind"]
    search_fields = ["name", "credit_code"]


class RoleInline(RoleAdminMixin, admin.TabularInline):
    edit_roles = SECURITY
    model = RoleAssignment
    extra = 1
    autocomplete_fields = ["organization"]


@admin.register(User)
class UserAdmin(RoleAdminMixin, BaseUserAdmin):
    edit_roles = SECURITY
    form = UserChangeAdminForm
    list_display = ["username", "real_name", "masked_id_number", "is_active"]
    search_fields = ["username", "real_name"]
    ordering = ["username"]
    inlines = [RoleInline]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("实名信息", {"fields": ("real_name", "id_number", "birth_date", "gender", "phone", "email")}),
        ("状态", {"fields": ("is_active", "is_staff", "must_change_password")}),
    )
    add_fieldsets = ((None, {"fields": ("username", "real_name", "id_number", "password1", "password2")}),)

    @admin.display(description="身份证号")
    def masked_id_number(self, obj):
        return obj.masked_id_number


@admin.register(ApiToken)
class ApiTokenAdmin(RoleAdminMixin, admin.ModelAdmin):
    edit_roles = SECURITY
    list_display = ["name", "user", "created_at", "last_used_at", "revoked"]
    readonly_fields = ["key_hash"]





@admin.register(Series)
class SeriesAdmin(RoleAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "sort", "active"]


@admin.register(Title)
class TitleAdmin(RoleAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "series", "level", "is_extension", "active"]
    list_filter = ["series", "level"]


@admin.register(EducationLevel)
class EducationLevelAdmin(RoleAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name"]


@admin.register(AssessmentResult)
class AssessmentResultAdmin(RoleAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "sort"]


@admin.register(Parameter)
class ParameterAdmin(RoleAdminMixin, admin.ModelAdmin):
    list_display = ["key", "name", "value", "unit", "source"]


@admin.register(AuditEvent)
class AuditEventAdmin(RoleAdminMixin, admin.ModelAdmin):
    """审计管理员 reads; nobody changes or deletes."""

    edit_roles = ()
    view_roles = AUDIT
    list_display = ["time", "actor", "role", "action", "object_type", "object_id", "from_state", "to_state", "ip"]
    list_filter = ["action", "role"]
    search_fields = ["object_id", "action"]


admin.site.unregister(Group)  # roles are RoleAssignments, not Django groups
