"""Business parameters for the system administrator: Chinese names, sizes in MB, no internal notes.

A parameter whose unit is 字节 is shown and edited in MB (stored in bytes, as get_param returns it).
Parameters are defined by the code that reads them: none is added or deleted here, and the key and
the source note (依据, written for developers) are not shown.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.contrib import admin

from zhicheng.codes.models import Parameter

from .access import RoleAdminMixin

MB = 1024 * 1024
BYTES = "字节"
MAX_MB = 2047  # under 2 GiB, so the byte count fits the integer column on PostgreSQL; a typo in bytes is caught


def format_mb(value: int) -> str:
    """10485760 → '10'; 1572864 → '1.5' (at most two decimals, no trailing zeros)."""
    mb = (Decimal(value) / MB).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{mb:f}".rstrip("0").rstrip(".")


def shown_value(p: Parameter) -> str:
    return f"{format_mb(p.value)} MB" if p.unit == BYTES else f"{p.value} {p.unit}".strip()


class ParameterForm(forms.ModelForm):
    value = forms.IntegerField(label="数值", min_value=0)

    class Meta:
        model = Parameter
        fields = ["value"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.unit == BYTES:
            self.fields["value"] = forms.DecimalField(
                label="数值（MB）", min_value=Decimal("0.01"), max_value=MAX_MB, decimal_places=2,
                help_text=f"以 MB 为单位，最多两位小数，不超过 {MAX_MB} MB。")
            self.initial["value"] = format_mb(self.instance.value)
        elif self.instance.unit:
            self.fields["value"].label = f"数值（{self.instance.unit}）"

    def clean_value(self):
        value = self.cleaned_data["value"]
        if self.instance.unit == BYTES:
            return int((value * MB).to_integral_value(rounding=ROUND_HALF_UP))
        return value


@admin.register(Parameter)
class ParameterAdmin(RoleAdminMixin, admin.ModelAdmin):
    form = ParameterForm
    change_form_template = "backoffice/parameter_change_form.html"
    list_display = ["name", "shown"]
    list_display_links = ["name"]
    ordering = ["name"]
    fields = ["name", "value"]
    readonly_fields = ["name"]
    search_fields = ["name"]

    @admin.display(description="数值")
    def shown(self, obj):
        return shown_value(obj)

    def has_add_permission(self, request, *args):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        extra_context = {**(extra_context or {}), "subtitle": obj.name if obj else None}
        return super().change_view(request, object_id, form_url, extra_context)
