from django.contrib import admin

from .models import AssessmentResult, EducationLevel, Parameter, Series, Title


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "sort", "active"]


@admin.register(Title)
class TitleAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "series", "level", "is_extension", "active"]
    list_filter = ["series", "level"]


@admin.register(EducationLevel)
class EducationLevelAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]


@admin.register(AssessmentResult)
class AssessmentResultAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "sort"]


@admin.register(Parameter)
class ParameterAdmin(admin.ModelAdmin):
    list_display = ["key", "name", "value", "unit", "source"]
