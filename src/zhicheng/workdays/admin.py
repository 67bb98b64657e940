from django.contrib import admin

from .models import HolidayYear, SpecialDay


class SpecialDayInline(admin.TabularInline):
    model = SpecialDay
    extra = 5


@admin.register(HolidayYear)
class HolidayYearAdmin(admin.ModelAdmin):
    list_display = ["year", "source"]
    inlines = [SpecialDayInline]
