"""Load the code tables and default parameters (real data; administrators edit them afterwards)."""

from django.db import migrations


def load(apps, schema_editor):
    from zhicheng.codes import data
    from zhicheng.codes.models import PARAMETER_DEFAULTS

    Series = apps.get_model("codes", "Series")
    Title = apps.get_model("codes", "Title")
    EducationLevel = apps.get_model("codes", "EducationLevel")
    AssessmentResult = apps.get_model("codes", "AssessmentResult")
    Parameter = apps.get_model("codes", "Parameter")
    by_code = {}
    for i, (code, name) in enumerate(data.SERIES):
        by_code[code], _ = Series.objects.update_or_create(code=code, defaults={"name": name, "sort": i})
    for series_code, code, name, level, ext in data.TITLES:
        Title.objects.update_or_create(code=code, defaults={
            "series": by_code[series_code], "name": name, "level": level, "is_extension": ext})
    for code, name in data.EDUCATION_LEVELS:
        EducationLevel.objects.update_or_create(code=code, defaults={"name": name})
    for i, (code, name) in enumerate(data.ASSESSMENT_RESULTS):
        AssessmentResult.objects.update_or_create(code=code, defaults={"name": name, "sort": i})
    for key, (name, value, unit, source) in PARAMETER_DEFAULTS.items():
        Parameter.objects.get_or_create(key=key, defaults={"name": name, "value": value, "unit": unit,
                                                           "source": source})


class Migration(migrations.Migration):
    dependencies = [("codes", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
