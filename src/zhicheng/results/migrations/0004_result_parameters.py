"""The result notice's length as a parameter an administrator edits (data, not a constant)."""

from django.db import migrations


def load(apps, schema_editor):
    from zhicheng.results.steps import RESULT_PARAMETERS

    Parameter = apps.get_model("codes", "Parameter")
    for key, (name, value, unit, source) in RESULT_PARAMETERS.items():
        Parameter.objects.get_or_create(key=key, defaults={"name": name, "value": value, "unit": unit,
                                                           "source": source})


class Migration(migrations.Migration):
    dependencies = [("results", "0003_result_flow"), ("codes", "0002_load_code_tables")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
