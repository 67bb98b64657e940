"""The management back office (Django admin) with 三员分立: see access.py for who sees what.

Top layer: it imports the apps' models; no app imports it.
"""

from django.contrib import admin
from django.contrib.auth.models import Group

from zhicheng.codes.models import AssessmentResult, EducationLevel, Series, Title

from . import (  # noqa: F401  (they register their models)
    audit,
    calendar_admin,
    eligibility,
    handin_admin,
    parameters,
    tokens,
    users,
)
from .access import RoleAdminMixin

admin.site.site_header = "职称申报评审系统 管理后台"
admin.site.site_title = "职称系统管理"


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


admin.site.unregister(Group)  # roles are RoleAssignments, not Django groups
