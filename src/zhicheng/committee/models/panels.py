"""§四(三) preparing a review meeting: who sits on it (kept as rows so the experts' data scope is one SQL
filter), the experts' declarations on each candidate, discipline panels (评议组) and their opinions."""

from django.db import models


class MeetingSeat(models.Model):
    """A current member of a meeting's panel, kept in step with the draws (services.panel): replaced experts
    lose their seat. The experts' record rule reads these rows."""

    meeting = models.ForeignKey("committee.ReviewMeeting", verbose_name="评审会议", on_delete=models.CASCADE,
                                related_name="seats")
    expert = models.ForeignKey("committee.Expert", verbose_name="专家", on_delete=models.PROTECT, related_name="seats")

    class Meta:
        verbose_name = verbose_name_plural = "会议评审专家"
        ordering = ["meeting", "pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "expert"], name="uniq_meeting_seat")]

    def __str__(self) -> str:
        return f"{self.meeting} {self.expert}"


class Declaration(models.Model):
    """An expert's declaration on one candidate, made on first sight of its name and unit, before the
    dossier opens: 无利害关系 (`related` false) or a relation (then a Recusal of kind declared)."""

    candidate = models.ForeignKey("committee.MeetingCandidate", verbose_name="评审对象", on_delete=models.CASCADE,
                                  related_name="declarations")
    expert = models.ForeignKey("committee.Expert", verbose_name="专家", on_delete=models.PROTECT, related_name="+")
    related = models.BooleanField("存在利害关系")
    detail = models.CharField("关系说明", max_length=200, blank=True)
    at = models.DateTimeField("声明时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "利害关系声明"
        ordering = ["candidate", "expert"]
        constraints = [models.UniqueConstraint(fields=["candidate", "expert"], name="uniq_declaration")]

    def __str__(self) -> str:
        return f"{self.expert} {'有' if self.related else '无'}利害关系"


class DisciplinePanel(models.Model):
    """评议组: at least `discipline_panel_min` of the meeting's members, who discuss the candidates assigned
    to it and write an opinion on each."""

    meeting = models.ForeignKey("committee.ReviewMeeting", verbose_name="评审会议", on_delete=models.CASCADE,
                                related_name="discipline_panels")
    name = models.CharField("评议组名称", max_length=100)
    members = models.ManyToManyField("committee.Expert", verbose_name="成员", related_name="+")
    created_at = models.DateTimeField("组建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "评议组"
        ordering = ["meeting", "pk"]

    def __str__(self) -> str:
        return self.name


class PanelAssignment(models.Model):
    """A candidate given to one discipline panel of its meeting."""

    panel = models.ForeignKey(DisciplinePanel, verbose_name="评议组", on_delete=models.CASCADE,
                              related_name="assignments")
    candidate = models.OneToOneField("committee.MeetingCandidate", verbose_name="评审对象", on_delete=models.CASCADE,
                                     related_name="panel_assignment")

    class Meta:
        verbose_name = verbose_name_plural = "评议组分工"
        ordering = ["panel", "candidate"]

    def __str__(self) -> str:
        return f"{self.panel} {self.candidate}"


class PanelOpinion(models.Model):
    """评议意见 of one panel member on one candidate assigned to the panel (rewritten until the meeting)."""

    candidate = models.ForeignKey("committee.MeetingCandidate", verbose_name="评审对象", on_delete=models.CASCADE,
                                  related_name="opinions")
    expert = models.ForeignKey("committee.Expert", verbose_name="专家", on_delete=models.PROTECT, related_name="+")
    text = models.TextField("评议意见")
    at = models.DateTimeField("填写时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "评议意见"
        ordering = ["candidate", "pk"]
        constraints = [models.UniqueConstraint(fields=["candidate", "expert"], name="uniq_panel_opinion")]

    def __str__(self) -> str:
        return f"{self.expert} 对 {self.candidate}"
