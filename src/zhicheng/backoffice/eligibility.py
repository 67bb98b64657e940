"""申报条件 and 处分记录 for the system administrator: each year's conditions per series and level (normal and
破格) are edited here, no code change; the parameters of each condition are checked against its kind."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.html import format_html_join

from zhicheng.eligibility.models import PARAMS, Condition, ConditionSet, Kind, Sanction

from .access import RoleAdminMixin


def params_help() -> str:
    lines = []
    for kind, spec in PARAMS.items():
        keys = "；".join(f"{k}：{help_}" for k, (_t, help_) in spec.items()) or "无参数，填 {}"
        lines.append(f"{Kind(kind).label}：{keys}")
    return "\n".join(lines)


class ConditionForm(forms.ModelForm):
    class Meta:
        model = Condition
        fields = ["order", "kind", "params"]
        widgets = {"params": forms.Textarea(attrs={"rows": 2, "cols": 70})}


class ConditionInline(RoleAdminMixin, admin.TabularInline):
    model = Condition
    form = ConditionForm
    extra = 0


@admin.register(ConditionSet)
class ConditionSetAdmin(RoleAdminMixin, admin.ModelAdmin):
    list_display = ["series", "level", "exceptional", "reference", "basis"]
    list_filter = ["series", "level", "exceptional"]
    fields = ["series", "level", "exceptional", "reference_month", "reference_day", "basis", "parameter_help"]
    readonly_fields = ["parameter_help"]
    inlines = [ConditionInline]

    @admin.display(description="年限计算至")
    def reference(self, obj):
        return f"当年{obj.reference_month}月{obj.reference_day}日"

    @admin.display(description="各类条件的参数（JSON）")
    def parameter_help(self, obj):
        return format_html_join("", "<div>{}</div>", ((line,) for line in params_help().splitlines()))


@admin.register(Sanction)
class SanctionAdmin(RoleAdminMixin, admin.ModelAdmin):
    list_display = ["person_name", "kind", "starts_on", "ends_on", "authority"]
    list_filter = ["kind"]
    search_fields = ["person_name", "id_number"]
