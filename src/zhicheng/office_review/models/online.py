from django.conf import settings
from django.db import models


class OnlineSubmission(models.Model):
    """One 网上申报 (§三(二)) as submitted: the version it created and the differences from the material
    published in the unit's notice at that moment (上传材料与纸质填报材料内容完全一致), with whether the
    applicant confirmed them — what the office's reviewer reads (网上审核)."""

    application = models.ForeignKey("dossier.Application", verbose_name="申报", on_delete=models.CASCADE,
                                    related_name="online_submissions")
    version_number = models.PositiveIntegerField("网上申报版本号")
    published_version = models.PositiveIntegerField("公示的版本号", null=True, blank=True,
                                                    help_text="空：纸质途径，无公示的网上材料可比对")
    differences = models.JSONField("与公示材料的差异", default=list, blank=True)
    confirmed = models.BooleanField("申报人确认差异与纸质材料一致", default=False)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="提交人", on_delete=models.PROTECT,
                                     related_name="+")
    submitted_at = models.DateTimeField("提交时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "网上申报记录"
        ordering = ["application", "-submitted_at", "-id"]

    def __str__(self) -> str:
        return f"{self.application_id}:第{self.version_number}版"
