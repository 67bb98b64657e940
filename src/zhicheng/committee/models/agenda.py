"""A meeting's agenda and recusals (§四(三)): shared by the panels, the recusal rules and the vote."""

from django.conf import settings
from django.db import models


class MeetingCandidate(models.Model):
    """An application placed on a review meeting's agenda (the host puts its IN_COMMITTEE applications there)."""

    meeting = models.ForeignKey("committee.ReviewMeeting", verbose_name="评审会议", on_delete=models.CASCADE,
                                related_name="candidates")
    application = models.ForeignKey("dossier.Application", verbose_name="申报", on_delete=models.PROTECT,
                                    related_name="+")
    order = models.PositiveIntegerField("序号")
    added_at = models.DateTimeField("列入时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "评审对象"
        ordering = ["meeting", "order"]
        constraints = [models.UniqueConstraint(fields=["meeting", "application"], name="uniq_meeting_candidate")]

    def __str__(self) -> str:
        return f"{self.meeting} #{self.order}"


class Recusal(models.Model):
    """An expert who must not see or vote on one candidate (回避): automatic (same unit), declared (a relation),
    by the expert (自行回避) or ordered by the host. A recused expert sees nothing of that candidate."""

    class Kind(models.TextChoices):
        SAME_UNIT = "same_unit", "同一单位（自动回避）"
        DECLARED = "declared", "申报利害关系"
        SELF = "self", "本人申请回避"
        ORDERED = "ordered", "组建单位决定回避"

    meeting = models.ForeignKey("committee.ReviewMeeting", verbose_name="评审会议", on_delete=models.CASCADE,
                                related_name="recusals")
    expert = models.ForeignKey("committee.Expert", verbose_name="专家", on_delete=models.PROTECT, related_name="+")
    application = models.ForeignKey("dossier.Application", verbose_name="申报", on_delete=models.PROTECT,
                                    related_name="+")
    kind = models.CharField("回避类型", max_length=20, choices=Kind.choices)
    reason = models.CharField("回避事由", max_length=200, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                           on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "专家回避"
        ordering = ["meeting", "application", "expert"]
        constraints = [models.UniqueConstraint(fields=["meeting", "expert", "application"], name="uniq_recusal")]

    def __str__(self) -> str:
        return f"{self.expert} 回避 {self.application_id}"
