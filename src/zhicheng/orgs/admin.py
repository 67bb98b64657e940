from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .forms import UserAdminForm
from .models import ApiToken, Organization, RoleAssignment, User


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "credit_code"]
    list_filter = ["kind"]
    search_fields = ["name", "credit_code"]


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    extra = 1
    autocomplete_fields = ["organization"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserAdminForm
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
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "created_at", "last_used_at", "revoked"]
    readonly_fields = ["key_hash"]
