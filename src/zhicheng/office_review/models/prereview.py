"""§三(一) 资格预审 records: the paper-path admission, what each one-time notice checked, the unit's
supplementary notice (补充公示) of material changed after its notice."""

from django.conf import settings
from django.db import models


class PaperAdmission(models.Model):
    """A person of a paper batch (花名册, no application in the system) admitted to pre-review by the office:
    the real-name account (not usable until the pass) and the application created in 单位已推荐上报."""

    entry = models.OneToOneField("unit_submission.SubmissionEntry", verbose_name="上报人员",
                                 on_delete=models.PROTECT, related_name="paper_admission")
    application = models.OneToOneField("dossier.Application", verbose_name="申报", on_delete=models.CASCADE,
                                       related_name="paper_admission")
    new_account = models.BooleanField("新建账号", default=True, help_text="否：该身份证号已有账号，沿用原账号")
    admitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="受理人", on_delete=models.PROTECT,
                                    related_name="+")
    admitted_at = models.DateTimeField("受理时间", auto_now_add=True)
    account_issued_at = models.DateTimeField("账号开通时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "线下推荐人员受理"

    def __str__(self) -> str:
        return f"受理:{self.entry_id}"


class PrereviewNotice(models.Model):
    """What one 预审不通过（一次性告知） read: the version returned, the engine's failed conditions listed,
    and the sections of new reasons about unchanged material the reviewer raised after the warning."""

    record = models.OneToOneField("dossier.ReturnRecord", verbose_name="退回记录", on_delete=models.CASCADE,
                                  related_name="prereview_notice")
    version_number = models.PositiveIntegerField("退回的版本号", null=True, blank=True)
    engine_failures = models.JSONField("申报条件未通过项", default=list, blank=True)
    overridden_sections = models.JSONField("经提示仍提出新问题的未修改部分", default=list, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "资格预审一次性告知"

    def __str__(self) -> str:
        return f"预审告知:{self.record_id}"


class SupplementaryNotice(models.Model):
    """补充公示: the unit published the corrected material again (its dates and the scan of the notice);
    it covers the material with this fingerprint, and lifts the refusal to send it back to the office."""

    application = models.ForeignKey("dossier.Application", verbose_name="申报", on_delete=models.CASCADE,
                                    related_name="supplementary_notices")
    starts_on = models.DateField("公示开始日期")
    ends_on = models.DateField("公示结束日期")
    scan = models.ForeignKey("files.StoredFile", verbose_name="公示扫描件", on_delete=models.PROTECT,
                             related_name="+")
    fingerprint = models.CharField("公示材料指纹", max_length=64)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "补充公示"
        ordering = ["application", "-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"补充公示:{self.application_id} {self.starts_on}–{self.ends_on}"
