"""A ban (禁申) on a person, by ID number: no application may be given, started or verified for them
from `starts_on` until the day before `ends_on`."""

from django.conf import settings
from django.db import models


class Ban(models.Model):
    id_number = models.CharField("身份证号", max_length=18, db_index=True)
    person_name = models.CharField("姓名", max_length=50)
    application = models.ForeignKey("dossier.Application", verbose_name="所涉申报", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField("禁申起始日（查实日期）")
    ends_on = models.DateField("禁申截止日（当日起可再申报）")
    authority = models.CharField("认定机关", max_length=100)
    reason = models.TextField("事实与理由")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "禁申记录"
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["id_number", "ends_on"])]

    def __str__(self) -> str:
        return f"{self.person_name} {self.starts_on}—{self.ends_on}"
