"""The files app's parameters: PDF parsing limits and the per-application storage quota."""

from django.db import migrations


def load(apps, schema_editor):
    from zhicheng.files.parameters import FILE_PARAMETERS

    Parameter = apps.get_model("codes", "Parameter")
    for key, (name, value, unit, source) in FILE_PARAMETERS.items():
        Parameter.objects.get_or_create(key=key, defaults={"name": name, "value": value, "unit": unit,
                                                           "source": source})


class Migration(migrations.Migration):
    dependencies = [("files", "0002_initial"), ("codes", "0002_load_code_tables")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
