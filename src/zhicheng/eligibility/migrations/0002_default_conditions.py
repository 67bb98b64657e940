"""Default conditions for every series in the code tables (administrators edit them afterwards)."""

from django.db import migrations


def load(apps, schema_editor):
    from zhicheng.eligibility.defaults import load as load_defaults

    load_defaults(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("eligibility", "0001_initial"), ("codes", "0003_series_ce_unit")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
