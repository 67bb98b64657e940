"""复查申请与投诉 (seed §五): an applicant's request about their own application after the committee's
outcome (or a §四 return), handled by the committee host that reviewed it (the provincial office when no
committee was assigned). Thin models: the rules live in appeals.py."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class Appeal(models.Model):
    class Kind(models.TextChoices):
        RECHECK = "recheck", "复查申请"
        COMPLAINT = "complaint", "投诉"

    class Status(models.TextChoices):
        FILED = "filed", "已提交（待受理）"
        ACCEPTED = "accepted", "已受理（处理中）"
        CLOSED = "closed", "已办结"

    class Outcome(models.TextChoices):
        UPHELD = "upheld", "维持原结论"
        CORRECTED = "corrected", "予以纠正"
        REJECTED = "rejected", "不予受理"

    application = models.ForeignKey("dossier.Application", verbose_name="申报", on_delete=models.PROTECT,
                                    related_name="appeals")
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    text = models.TextField("事实与理由")
    # Who handles it, fixed when filed: the host of the assigned committee, or the provincial office.
    handler_org = models.ForeignKey("orgs.Organization", verbose_name="处理单位", on_delete=models.PROTECT,
                                    related_name="appeals_to_handle")
    state_when_filed = models.CharField("提出时的申报状态", max_length=30)
    status = models.CharField("办理状态", max_length=20, choices=Status.choices, default=Status.FILED)
    outcome = models.CharField("处理结论", max_length=20, choices=Outcome.choices, blank=True)
    outcome_reason = models.TextField("结论理由", blank=True)
    fraud_found = models.BooleanField("查实弄虚作假", default=False)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="提出人", on_delete=models.PROTECT,
                                 related_name="appeals")
    filed_at = models.DateTimeField("提出时间", auto_now_add=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="受理人", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    accepted_at = models.DateTimeField("受理时间", null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="办结人", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "复查申请与投诉"
        ordering = ["-filed_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["application", "kind"], condition=~Q(status="closed"),
                                               name="one_open_appeal_per_kind")]
        indexes = [models.Index(fields=["handler_org", "-filed_at", "-id"], name="results_appeal_handler")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}:{self.application_id}"

    @property
    def state_when_filed_label(self) -> str:
        from zhicheng.workflow.states import State

        return State(self.state_when_filed).label if self.state_when_filed in State.values else self.state_when_filed


class AppealStep(models.Model):
    """处理过程: one entry of the handling (受理, each step of the investigation, the outcome)."""

    appeal = models.ForeignKey(Appeal, verbose_name="复查申请或投诉", on_delete=models.CASCADE, related_name="steps")
    note = models.TextField("办理情况")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="办理人", on_delete=models.PROTECT,
                           related_name="+")
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "复查投诉处理过程"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.appeal_id} {self.at:%Y-%m-%d}"


class AppealEvidence(models.Model):
    appeal = models.ForeignKey(Appeal, verbose_name="复查申请或投诉", on_delete=models.CASCADE,
                               related_name="evidence")
    file = models.ForeignKey("files.StoredFile", verbose_name="证明材料", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "复查投诉证明材料"
        ordering = ["id"]

    def __str__(self) -> str:
        return str(self.file_id)
