"""API tokens expire, are read-only or read-write, and are bound to their owner's password (issue 6 §2).

Tokens issued before this migration: read-write as before, bound to the owner's current password, and
expiring api_token_days after their creation.
"""

import datetime
import hashlib

from django.db import migrations, models

PARAMETERS = {
    "api_token_days": ("接口令牌有效期", 90, "天", "到期后令牌失效，须重新申请"),
}


def fill(apps, schema_editor):
    ApiToken = apps.get_model("orgs", "ApiToken")
    for token in ApiToken.objects.select_related("user"):
        token.expires_at = token.created_at + datetime.timedelta(days=PARAMETERS["api_token_days"][1])
        token.password_stamp = hashlib.sha256(f"api-token:{token.user.password}".encode()).hexdigest()
        token.access = "read_write"
        token.save(update_fields=["expires_at", "password_stamp", "access"])
    Parameter = apps.get_model("codes", "Parameter")
    for key, (name, value, unit, source) in PARAMETERS.items():
        Parameter.objects.get_or_create(key=key, defaults={"name": name, "value": value, "unit": unit,
                                                           "source": source})


def unfill(apps, schema_editor):
    apps.get_model("codes", "Parameter").objects.filter(key__in=PARAMETERS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0003_account_parameters"),
        ("codes", "0002_load_code_tables"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken", name="access",
            field=models.CharField(choices=[("read", "只读（仅查询）"), ("read_write", "读写")], default="read",
                                   max_length=12, verbose_name="权限"),
        ),
        migrations.AddField(
            model_name="apitoken", name="expires_at",
            field=models.DateTimeField(null=True, verbose_name="有效期至"),
        ),
        migrations.AddField(
            model_name="apitoken", name="password_stamp",
            field=models.CharField(default="", editable=False, max_length=64),
        ),
        migrations.AlterField(
            model_name="apitoken", name="key_hash",
            field=models.CharField(editable=False, max_length=64, unique=True),
        ),
        migrations.AlterField(
            model_name="apitoken", name="last_used_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="最近使用"),
        ),
        migrations.RunPython(fill, unfill),
        migrations.AlterField(
            model_name="apitoken", name="expires_at",
            field=models.DateTimeField(verbose_name="有效期至"),
        ),
    ]
