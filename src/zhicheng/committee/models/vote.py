"""The review meeting's attendance, secret ballot and minutes (§四(三)).

Secrecy by construction: a `Ballot` says what was chosen for whom, never by whom or when (random UUID key, no
voter, no timestamp); a `VoteReceipt` says only that an expert has voted on a candidate (unique: no second
vote). Both are written in one transaction and nothing joins them (docs/VOTING.md: how, and the limits).
"""

import uuid

from django.conf import settings
from django.db import models


class Attendance(models.Model):
    """Whether a member of the meeting's panel is present (签到), recorded by the host before the vote opens."""

    meeting = models.ForeignKey("committee.ReviewMeeting", verbose_name="评审会议", on_delete=models.CASCADE,
                                related_name="attendance")
    expert = models.ForeignKey("committee.Expert", verbose_name="专家", on_delete=models.PROTECT, related_name="+")
    present = models.BooleanField("出席")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("登记时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "会议出席"
        ordering = ["meeting", "expert"]
        constraints = [models.UniqueConstraint(fields=["meeting", "expert"], name="uniq_attendance")]

    def __str__(self) -> str:
        return f"{self.expert} {'出席' if self.present else '缺席'}"


class VoteSession(models.Model):
    """The meeting's one vote: opened by the host once the quorum (2/3) is present, then closed. The members,
    those present and the candidates voted on are frozen at opening."""

    class Status(models.TextChoices):
        OPEN = "open", "投票中"
        CLOSED = "closed", "已结束"

    meeting = models.OneToOneField("committee.ReviewMeeting", verbose_name="评审会议", on_delete=models.PROTECT,
                                   related_name="vote_session")
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.OPEN)
    member_ids = models.JSONField("应到专家编号", default=list)
    present_ids = models.JSONField("实到专家编号", default=list)
    chair_id = models.IntegerField("主任委员编号", null=True, blank=True)
    application_ids = models.JSONField("表决对象（申报编号）", default=list)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="开始人", on_delete=models.PROTECT,
                                  related_name="+")
    opened_at = models.DateTimeField("开始时间", auto_now_add=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="结束人", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)
    results = models.JSONField("表决结果（仅票数）", default=dict, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "投票表决"

    def __str__(self) -> str:
        return f"{self.meeting} 表决"


class Choice(models.TextChoices):
    AGREE = "agree", "同意"
    DISAGREE = "disagree", "不同意"
    ABSTAIN = "abstain", "弃权"


class Ballot(models.Model):
    """One secret ballot: for whom and what, never by whom or when (no voter, no time; a random key)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(VoteSession, verbose_name="投票表决", on_delete=models.PROTECT, related_name="+")
    application = models.ForeignKey("dossier.Application", verbose_name="评审对象", on_delete=models.PROTECT,
                                    related_name="+")
    choice = models.CharField("表决意见", max_length=10, choices=Choice.choices)

    class Meta:
        verbose_name = verbose_name_plural = "选票"
        default_permissions = ()  # never listed in the back office

    def __str__(self) -> str:
        return "选票"


class VoteReceipt(models.Model):
    """That an expert has voted on a candidate (not how): one per expert and candidate."""

    session = models.ForeignKey(VoteSession, verbose_name="投票表决", on_delete=models.PROTECT, related_name="receipts")
    expert = models.ForeignKey("committee.Expert", verbose_name="专家", on_delete=models.PROTECT, related_name="+")
    application = models.ForeignKey("dossier.Application", verbose_name="评审对象", on_delete=models.PROTECT,
                                    related_name="+")
    at = models.DateTimeField("投票时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "投票记录"
        constraints = [models.UniqueConstraint(fields=["session", "expert", "application"], name="uniq_vote_receipt")]

    def __str__(self) -> str:
        return f"{self.expert} 已投票"


class Minutes(models.Model):
    """会议纪要: an A4 PDF generated once when the vote closes, served from storage, its SHA-256 checked."""

    session = models.OneToOneField(VoteSession, verbose_name="投票表决", on_delete=models.PROTECT,
                                   related_name="minutes")
    file = models.FileField("PDF文件", upload_to="minutes/%Y/", max_length=200)
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveIntegerField("大小（字节）")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="生成人", on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField("生成时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "会议纪要"

    def __str__(self) -> str:
        return f"{self.session.meeting} 会议纪要"
