"""The working-day calendar in the back office (系统管理员): a year's holidays and 调休 days entered as
ranges, complete only with all seven statutory holidays; the list says which years are built in."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from zhicheng.workdays.models import AdjustedWorkday, HolidayPeriod, HolidayYear
from zhicheng.workdays.services import STATUTORY_HOLIDAYS, builtin_years, missing_holidays, schedule_problems

from .access import RoleAdminMixin


def _ranges(formset) -> list[tuple]:
    return [(f.cleaned_data.get("name", ""), f.cleaned_data["first_day"], f.cleaned_data["last_day"])
            for f in formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
            and f.cleaned_data.get("first_day") and f.cleaned_data.get("last_day")]


class PeriodFormSet(forms.BaseInlineFormSet):
    """The whole schedule is checked here, where the year's form (complete, year) is already applied."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        year = self.instance
        if not year.year:
            return
        workdays = self.sibling_ranges() if hasattr(self, "sibling_ranges") else []
        problems = schedule_problems(year.year, complete=year.complete, periods=_ranges(self), workdays=workdays)
        if problems:
            raise ValidationError(problems)


class PeriodInline(RoleAdminMixin, admin.TabularInline):
    model = HolidayPeriod
    formset = PeriodFormSet
    extra = 7


class WorkdayInline(RoleAdminMixin, admin.TabularInline):
    model = AdjustedWorkday
    extra = 3


@admin.register(HolidayYear)
class HolidayYearAdmin(RoleAdminMixin, admin.ModelAdmin):
    list_display = ["year", "source", "complete", "provisional", "missing"]
    fields = ["year", "source", "complete", "provisional"]
    inlines = [PeriodInline, WorkdayInline]

    @admin.display(description="尚缺法定节假日")
    def missing(self, obj: HolidayYear) -> str:
        return "、".join(missing_holidays(obj.periods.values_list("name", flat=True))) or "无"

    def _create_formsets(self, request, obj, change):
        # The periods' check also needs the 调休 ranges of the same submission (one schedule, two tables).
        formsets, inlines = super()._create_formsets(request, obj, change)
        periods = next((f for f in formsets if isinstance(f, PeriodFormSet)), None)
        workdays = next((f for f in formsets if f.model is AdjustedWorkday), None)
        if periods is not None and workdays is not None:
            periods.sibling_ranges = lambda: _ranges(workdays) if workdays.is_valid() else []
        return formsets, inlines

    def changelist_view(self, request, extra_context=None):
        built_in = builtin_years()
        extra_context = {**(extra_context or {}),
                         "builtin_note": f"系统内置{built_in.start}–{built_in.stop - 1}年的国务院节假日安排"
                                         f"（chinesecalendar），这些年份无需录入。其他年份须依据国务院办公厅的通知"
                                         f"录入全部七个法定节假日（{'、'.join(STATUTORY_HOLIDAYS)}）及调休上班日，"
                                         f"并勾选“全年安排已录入完整”，才能按工作日计算截止日期。"}
        return super().changelist_view(request, extra_context=extra_context)
