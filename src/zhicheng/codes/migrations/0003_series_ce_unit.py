from django.db import migrations, models

# Series that count continuing education in credits (继续医学教育学分); the others count hours.
CREDIT_SERIES = ["230"]


def credits(apps, schema_editor):
    apps.get_model("codes", "Series").objects.filter(code__in=CREDIT_SERIES).update(ce_unit="credits")


class Migration(migrations.Migration):
    dependencies = [("codes", "0002_load_code_tables")]
    operations = [
        migrations.AddField(
            model_name="series", name="ce_unit",
            field=models.CharField(choices=[("hours", "学时"), ("credits", "学分")], default="hours", max_length=10,
                                   verbose_name="继续教育计量单位"),
        ),
        migrations.RunPython(credits, migrations.RunPython.noop),
    ]
