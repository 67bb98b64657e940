"""§四(二) 资格审查: the host's return to the office (一次性告知) with its reasons and correction deadline."""

from django.conf import settings
from django.db import models


class HostReturn(models.Model):
    """One 资格审查不通过 by a committee host: every reason at once, the deadline in working days, and how it
    ended — resubmitted by the office within the deadline, or abandoned by the daily job the day after it."""

    class Outcome(models.TextChoices):
        OPEN = "", "待补正"
        RESUBMITTED = "resubmitted", "已补正重新报送"
        ABANDONED = "abandoned", "逾期未补正，视为放弃"

    application = models.ForeignKey("dossier.Application", verbose_name="申报", on_delete=models.CASCADE,
                                    related_name="host_returns")
    host = models.ForeignKey("orgs.Organization", verbose_name="评委会组建单位", on_delete=models.PROTECT,
                             related_name="+")
    office = models.ForeignKey("orgs.Organization", verbose_name="补正的主管部门", on_delete=models.PROTECT,
                               null=True, related_name="+")
    reasons = models.JSONField("不通过原因", default=list)
    deadline = models.DateField("补正期限")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="退回人", on_delete=models.PROTECT,
                           related_name="+")
    at = models.DateTimeField("退回时间", auto_now_add=True)
    resolved_at = models.DateTimeField("办结时间", null=True, blank=True)
    outcome = models.CharField("办理结果", max_length=20, choices=Outcome.choices, default="", blank=True)
    correction_note = models.TextField("补正说明", blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="补正报送人", on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "组建单位资格审查退回"
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["office", "resolved_at"], name="committee_hostret_office"),
                   models.Index(fields=["resolved_at", "deadline"], name="committee_hostret_due")]

    def __str__(self) -> str:
        return f"{self.application_id} 退回（期限{self.deadline}）"
