"""The committee sizes and the validity limit as parameters an administrator edits."""

from django.db import migrations


def load(apps, schema_editor):
    from zhicheng.committee.parameters import COMMITTEE_PARAMETERS

    Parameter = apps.get_model("codes", "Parameter")
    for key, (name, value, unit, source) in COMMITTEE_PARAMETERS.items():
        Parameter.objects.get_or_create(key=key, defaults={"name": name, "value": value, "unit": unit,
                                                           "source": source})


class Migration(migrations.Migration):
    dependencies = [("committee", "0002_committee_expert_reviewmeeting_paneldraw"),
                    ("codes", "0002_load_code_tables")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
