from django.db import migrations, models
from django.utils import timezone


def backfill(apps, schema_editor):
    """Versions submitted before receipts existed get their 业务流水号 in submission order."""
    Version = apps.get_model("dossier", "ApplicationVersion")
    seq: dict[str, int] = {}
    for v in Version.objects.filter(serial__isnull=True).order_by("submitted_at", "id"):
        stem = "ZC" + timezone.localtime(v.submitted_at).strftime("%Y%m%d")
        seq[stem] = seq.get(stem, 0) + 1
        v.serial = f"{stem}{seq[stem]:06d}"
        v.save(update_fields=["serial"])


class Migration(migrations.Migration):

    dependencies = [
        ('dossier', '0005_copied_items_need_review'),
    ]

    operations = [
        migrations.AddField(
            model_name='applicationversion',
            name='serial',
            field=models.CharField(blank=True, max_length=20, null=True, unique=True, verbose_name='业务流水号'),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
