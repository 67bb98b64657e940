"""The dossier's limits as business parameters (issue 6 §3): items per section, free-text lengths."""

from django.db import migrations


def load(apps, schema_editor):
    from zhicheng.dossier.forms import LIMIT_DEFAULTS

    Parameter = apps.get_model("codes", "Parameter")
    for key, (name, value, unit, source) in LIMIT_DEFAULTS.items():
        Parameter.objects.get_or_create(key=key, defaults={"name": name, "value": value, "unit": unit,
                                                           "source": source})


class Migration(migrations.Migration):
    dependencies = [("dossier", "0006_version_serial"), ("codes", "0002_load_code_tables")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
