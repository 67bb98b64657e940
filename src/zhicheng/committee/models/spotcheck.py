"""§四(一) the provincial office's spot check (抽查) of a 高级 报送 batch: the reproducible draw, a finding per
sampled application, and the one-time notice (一次性告知) that returns an application to its office."""

from django.conf import settings
from django.db import models


class SpotCheck(models.Model):
    """One draw per province batch, reproducible: `random.Random(seed).sample(eligible ids ascending, size)`;
    size = ceil(share% × n), at least the minimum, at most n (parameters recorded as they were)."""

    forwarding = models.OneToOneField("office_review.Forwarding", verbose_name="报送批次", on_delete=models.PROTECT,
                                      related_name="spot_check")
    seed = models.CharField("随机种子", max_length=64)
    method = models.TextField("抽取方法")
    share_percent = models.PositiveIntegerField("抽查比例（%）")
    minimum = models.PositiveIntegerField("每批最少抽查份数")
    size = models.PositiveIntegerField("抽查份数")
    eligible_ids = models.JSONField("批次申报编号（升序）", default=list)
    sampled_ids = models.JSONField("抽中申报编号（按抽取顺序）", default=list)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="抽取人", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("抽取时间", auto_now_add=True)
    delegated_at = models.DateTimeField("委托时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "省职改办抽查"
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"报送批次{self.forwarding_id}的抽查"


class SpotFinding(models.Model):
    """The finding on one sampled application: 合格, or 存在问题 with every item listed. A corrected and resubmitted
    application waits to be checked again (待复查)."""

    class Result(models.TextChoices):
        OK = "ok", "合格"
        PROBLEM = "problem", "存在问题"
        CORRECTED = "corrected", "已补正，待复查"

    spot_check = models.ForeignKey(SpotCheck, verbose_name="抽查", on_delete=models.CASCADE, related_name="findings")
    application = models.ForeignKey("dossier.Application", verbose_name="申报", on_delete=models.PROTECT,
                                    related_name="+")
    result = models.CharField("抽查结论", max_length=20, choices=Result.choices)
    items = models.JSONField("存在的问题", default=list, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("记录时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "抽查结论"
        ordering = ["spot_check", "application"]
        constraints = [models.UniqueConstraint(fields=["spot_check", "application"], name="uniq_spot_finding")]

    def __str__(self) -> str:
        return f"{self.application_id}：{self.get_result_display()}"


class SpotReturn(models.Model):
    """A return to the office after the spot check: every problem at once, a deadline in working days; resolved
    by the office's resubmission or by abandonment the day after the deadline."""

    class Outcome(models.TextChoices):
        RESUBMITTED = "resubmitted", "已补正重新报送"
        ABANDONED = "abandoned", "逾期未补正，视为放弃"

    spot_check = models.ForeignKey(SpotCheck, verbose_name="抽查", on_delete=models.PROTECT, related_name="returns")
    application = models.ForeignKey("dossier.Application", verbose_name="申报", on_delete=models.PROTECT,
                                    related_name="+")
    reasons = models.JSONField("退回理由（一次性告知）", default=list)
    note = models.TextField("补充说明", blank=True)
    deadline = models.DateField("补正期限")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="退回人", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("退回时间", auto_now_add=True)
    resolved_at = models.DateTimeField("办结时间", null=True, blank=True)
    outcome = models.CharField("办结结果", max_length=20, choices=Outcome.choices, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "抽查退回"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.application_id} 抽查退回（期限{self.deadline}）"
