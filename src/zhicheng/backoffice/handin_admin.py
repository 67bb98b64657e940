"""§三(三) data the system administrator keeps: the 组卷要求, the review fee per series and level, and the
routing table (who reviews which series, specialty and level). Every change is audited (RoleAdminMixin)."""

from django.contrib import admin

from zhicheng.office_review.models import AssemblyItem, FeeRule, Route

from .access import RoleAdminMixin


@admin.register(AssemblyItem)
class AssemblyItemAdmin(RoleAdminMixin, admin.ModelAdmin):
    list_display = ["series", "order", "name", "required"]
    list_filter = ["series"]


@admin.register(FeeRule)
class FeeRuleAdmin(RoleAdminMixin, admin.ModelAdmin):
    list_display = ["series", "level", "amount"]
    list_filter = ["level"]


@admin.register(Route)
class RouteAdmin(RoleAdminMixin, admin.ModelAdmin):
    list_display = ["series", "specialty", "level", "host", "committee", "spot_check_first"]
    list_filter = ["series", "level", "spot_check_first"]
