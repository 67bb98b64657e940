from django.db import migrations

# Business parameters of the accounts (a row here, read with codes.get_param; administrators edit it).
PARAMETERS = {
    "roster_max_rows": ("人员名册导入最多行数", 1000, "行", "一次导入的人员数上限，防止超大文件拖慢服务"),
}


def add(apps, schema_editor):
    Parameter = apps.get_model("codes", "Parameter")
    for key, (name, value, unit, source) in PARAMETERS.items():
        Parameter.objects.get_or_create(key=key, defaults={"name": name, "value": value, "unit": unit,
                                                           "source": source})


def remove(apps, schema_editor):
    apps.get_model("codes", "Parameter").objects.filter(key__in=PARAMETERS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0002_password_history"),
        ("codes", "0002_load_code_tables"),
    ]

    operations = [migrations.RunPython(add, remove)]
