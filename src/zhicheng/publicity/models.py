"""A unit's public notice (公示) and what it published: one notice covers a batch (the unit's
recommended applicants of a campaign). Its dates are what the guards read; each entry keeps the
fingerprint of the version published, so material changed afterwards cannot be recommended."""

from django.conf import settings
from django.db import models


class PublicNotice(models.Model):
    campaign = models.ForeignKey("campaigns.Campaign", verbose_name="年度申报", on_delete=models.PROTECT,
                                 related_name="public_notices")
    unit = models.ForeignKey("orgs.Organization", verbose_name="用人单位", on_delete=models.PROTECT,
                             related_name="public_notices")
    title = models.CharField("标题", max_length=200)
    starts_on = models.DateField("公示开始日期")
    ends_on = models.DateField("公示结束日期")
    working_days = models.PositiveIntegerField("公示工作日数")
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发布人", on_delete=models.PROTECT,
                                     related_name="+")
    published_at = models.DateTimeField("发布时间", auto_now_add=True)
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "单位公示"
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["ends_on", "unit"])]

    def __str__(self) -> str:
        return self.title


class NoticeEntry(models.Model):
    notice = models.ForeignKey(PublicNotice, verbose_name="公示", on_delete=models.CASCADE, related_name="entries")
    application = models.ForeignKey("dossier.Application", verbose_name="申报", on_delete=models.PROTECT,
                                    related_name="notice_entries")
    version_number = models.PositiveIntegerField("公示的申报版本号")
    fingerprint = models.CharField("公示材料指纹", max_length=64)
    order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "公示人员"
        ordering = ["notice", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["notice", "application"], name="uniq_notice_entry")]

    def __str__(self) -> str:
        return f"{self.notice_id}:{self.application_id}"
