"""A unit's annual campaign (年度申报工作部署), seed preamble."""

from django.conf import settings
from django.db import models

from zhicheng.codes.models import Title
from zhicheng.workflow.states import CampaignStatus


class Campaign(models.Model):
    Status = CampaignStatus  # its lifecycle is declared in the one map (workflow/states.py)

    unit = models.ForeignKey("orgs.Organization", verbose_name="用人单位", on_delete=models.PROTECT,
                             related_name="campaigns")
    year = models.PositiveIntegerField("年度")
    name = models.CharField("名称", max_length=100)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    conditions = models.TextField("申报条件", blank=True)
    policy_text = models.TextField("政策规定与工作要求", blank=True)
    open_titles = models.ManyToManyField(Title, verbose_name="开放申报的职称（系列与级别）", related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="创建人", on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "年度申报"
        ordering = ["-year", "-id"]
        indexes = [models.Index(fields=["unit", "status"])]

    def __str__(self) -> str:
        return self.name


class CampaignStage(models.Model):
    class Stage(models.TextChoices):
        APPLICATION = "application", "个人申报"
        VERIFICATION = "verification", "单位审核材料"
        WORK_REPORT = "work_report", "述职与考核答辩"
        SCORING = "scoring", "考核评议与量化赋分"
        NOTICE = "notice", "结果公示"
        SUBMISSION = "submission", "整理材料并上报"

    campaign = models.ForeignKey(Campaign, verbose_name="年度申报", on_delete=models.CASCADE, related_name="stages")
    stage = models.CharField("阶段", max_length=20, choices=Stage.choices)
    starts_on = models.DateField("开始日期")
    working_days = models.PositiveIntegerField("工作日数")
    ends_on = models.DateField("截止日期", help_text="按工作日（含法定节假日与调休）自动计算")

    class Meta:
        verbose_name = verbose_name_plural = "阶段安排"
        ordering = ["starts_on", "id"]
        constraints = [models.UniqueConstraint(fields=["campaign", "stage"], name="uniq_campaign_stage")]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} {self.starts_on}–{self.ends_on}"


class PanelMember(models.Model):
    """A member of the unit's recommendation panel (推荐组织)."""

    class Duty(models.TextChoices):
        LEADER = "leader", "组长"
        MEMBER = "member", "成员"

    campaign = models.ForeignKey(Campaign, verbose_name="年度申报", on_delete=models.CASCADE,
                                 related_name="panel_members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="成员", on_delete=models.PROTECT,
                             related_name="panel_seats")
    duty = models.CharField("职务", max_length=10, choices=Duty.choices, default=Duty.MEMBER)
    specialty = models.CharField("专业", max_length=50, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "推荐组织成员"
        constraints = [models.UniqueConstraint(fields=["campaign", "user"], name="uniq_panel_member")]

    def __str__(self) -> str:
        return f"{self.user}（{self.get_duty_display()}）"


class CampaignAttachment(models.Model):
    campaign = models.ForeignKey(Campaign, verbose_name="年度申报", on_delete=models.CASCADE,
                                 related_name="attachments")
    file = models.ForeignKey("files.StoredFile", verbose_name="文件", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("文件名称", max_length=200)

    class Meta:
        verbose_name = verbose_name_plural = "政策文件附件"

    def __str__(self) -> str:
        return self.title
