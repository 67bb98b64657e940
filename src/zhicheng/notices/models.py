"""通知公告: notices and policy files published by the provincial office, the offices and the units.
Public: anyone may read them without an account, so they never carry applicants' data."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Notice(models.Model):
    title = models.CharField("标题", max_length=200)
    body = models.TextField("正文", max_length=20000)
    publisher = models.ForeignKey("orgs.Organization", verbose_name="发布单位", on_delete=models.PROTECT,
                                  related_name="notices")
    published_at = models.DateTimeField("发布时间", default=timezone.now, db_index=True)
    attachment = models.ForeignKey("files.StoredFile", verbose_name="附件（PDF）", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发布人", on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "通知公告"
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return self.title
