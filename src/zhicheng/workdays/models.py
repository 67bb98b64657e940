"""Holiday/调休 table for years the chinesecalendar library does not know (e.g. 2027)."""

from django.db import models


class HolidayYear(models.Model):
    """A year whose schedule an administrator has entered from the State Council's notice.

    Once a year is entered here, this table — not the library — decides that year.
    """

    year = models.PositiveIntegerField("年份", unique=True)
    source = models.CharField("依据文件", max_length=200, help_text="如：国务院办公厅关于2027年部分节假日安排的通知")

    class Meta:
        verbose_name = verbose_name_plural = "节假日安排年份"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年"


class SpecialDay(models.Model):
    """A weekday that is a holiday, or a weekend day that is a working day (调休上班)."""

    year = models.ForeignKey(HolidayYear, verbose_name="年份", on_delete=models.CASCADE, related_name="days")
    date = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("调休上班", default=False, help_text="勾选表示周末调为工作日；不勾选表示放假")
    name = models.CharField("名称", max_length=30, blank=True, help_text="如：春节")

    class Meta:
        verbose_name = verbose_name_plural = "节假日/调休日"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {'上班' if self.is_workday else '放假'} {self.name}"
