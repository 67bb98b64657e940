"""Holiday/调休 table for years the chinesecalendar library does not know (e.g. 2027).

The administrator copies the State Council's notice period by period: each holiday with its first and last
day, and the weekend days worked in exchange (调休上班) as ranges. A year counts only once it is marked
complete, which needs all seven statutory holidays (services.STATUTORY_HOLIDAYS).
"""

from django.db import models

PROVISIONAL_LABEL = "演示数据（非国务院公布安排）"


class HolidayYear(models.Model):
    """A year whose schedule an administrator has entered from the State Council's notice.

    Once a year is entered here, this table — not the library — decides that year; until it is complete,
    no deadline may run through it.
    """

    year = models.PositiveIntegerField("年份", unique=True)
    source = models.CharField("依据文件", max_length=200, help_text="如：国务院办公厅关于2027年部分节假日安排的通知")
    complete = models.BooleanField(
        "全年安排已录入完整", default=False,
        help_text="七个法定节假日（元旦、春节、清明节、劳动节、端午节、中秋节、国庆节）均已录入后才能勾选；"
                  "未勾选的年份不能用于计算截止日期。")
    provisional = models.BooleanField(
        PROVISIONAL_LABEL, default=False, help_text="演示环境自动生成的假定安排，不是国务院公布的安排。")

    class Meta:
        verbose_name = verbose_name_plural = "节假日安排年份"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年{PROVISIONAL_LABEL if self.provisional else ''}"


class HolidayPeriod(models.Model):
    """One holiday as the notice gives it: 春节 2月6日至12日放假."""

    year = models.ForeignKey(HolidayYear, verbose_name="年份", on_delete=models.CASCADE, related_name="periods")
    name = models.CharField("节日", max_length=30,
                            help_text="如：春节；两节合并放假时写“国庆节、中秋节”")
    first_day = models.DateField("放假首日")
    last_day = models.DateField("放假末日")

    class Meta:
        verbose_name = verbose_name_plural = "放假安排"
        ordering = ["first_day"]

    def __str__(self) -> str:
        return f"{self.name} {self.first_day}至{self.last_day}放假"


class AdjustedWorkday(models.Model):
    """Weekend days worked in exchange for a holiday (调休上班), as a range (usually one day)."""

    year = models.ForeignKey(HolidayYear, verbose_name="年份", on_delete=models.CASCADE, related_name="workdays")
    name = models.CharField("对应节日", max_length=30, blank=True, help_text="如：春节")
    first_day = models.DateField("上班首日")
    last_day = models.DateField("上班末日", help_text="只有一天时与首日相同")

    class Meta:
        verbose_name = verbose_name_plural = "调休上班"
        ordering = ["first_day"]

    def __str__(self) -> str:
        return f"{self.name} {self.first_day}至{self.last_day}上班"
