"""Periods and 调休 ranges replace the day-by-day table; entered days become one-day ranges."""

import django.db.models.deletion
from django.db import migrations, models

SEVEN = ("元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节")


def days_to_ranges(apps, schema_editor):
    HolidayYear = apps.get_model("workdays", "HolidayYear")
    SpecialDay = apps.get_model("workdays", "SpecialDay")
    HolidayPeriod = apps.get_model("workdays", "HolidayPeriod")
    AdjustedWorkday = apps.get_model("workdays", "AdjustedWorkday")
    for day in SpecialDay.objects.all():
        model = AdjustedWorkday if day.is_workday else HolidayPeriod
        model.objects.create(year_id=day.year_id, name=day.name or ("调休" if day.is_workday else "节假日"),
                             first_day=day.date, last_day=day.date)
    for year in HolidayYear.objects.all():
        names = " ".join(HolidayPeriod.objects.filter(year=year).values_list("name", flat=True))
        year.complete = all(h in names for h in SEVEN)
        year.save(update_fields=["complete"])


class Migration(migrations.Migration):

    dependencies = [
        ("workdays", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="holidayyear",
            name="complete",
            field=models.BooleanField(default=False, help_text="七个法定节假日（元旦、春节、清明节、劳动节、端午节、中秋节、国庆节）均已录入后才能勾选；未勾选的年份不能用于计算截止日期。", verbose_name="全年安排已录入完整"),
        ),
        migrations.AddField(
            model_name="holidayyear",
            name="provisional",
            field=models.BooleanField(default=False, help_text="演示环境自动生成的假定安排，不是国务院公布的安排。", verbose_name="演示数据（非国务院公布安排）"),
        ),
        migrations.CreateModel(
            name="HolidayPeriod",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(help_text="如：春节；两节合并放假时写“国庆节、中秋节”", max_length=30, verbose_name="节日")),
                ("first_day", models.DateField(verbose_name="放假首日")),
                ("last_day", models.DateField(verbose_name="放假末日")),
                ("year", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="periods", to="workdays.holidayyear", verbose_name="年份")),
            ],
            options={"verbose_name": "放假安排", "verbose_name_plural": "放假安排", "ordering": ["first_day"]},
        ),
        migrations.CreateModel(
            name="AdjustedWorkday",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(blank=True, help_text="如：春节", max_length=30, verbose_name="对应节日")),
                ("first_day", models.DateField(verbose_name="上班首日")),
                ("last_day", models.DateField(help_text="只有一天时与首日相同", verbose_name="上班末日")),
                ("year", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="workdays", to="workdays.holidayyear", verbose_name="年份")),
            ],
            options={"verbose_name": "调休上班", "verbose_name_plural": "调休上班", "ordering": ["first_day"]},
        ),
        migrations.RunPython(days_to_ranges, migrations.RunPython.noop),
        migrations.DeleteModel(name="SpecialDay"),
    ]
