from django.conf import settings
from django.db import models


class OfficeSchedule(models.Model):
    """The office's deadlines for one year's §三 work, in working days like a campaign's stages: the
    office (主管部门) sets them, every part of the stage reads them (reminders, abandonment, overdue lists)."""

    class Step(models.TextChoices):
        PREREVIEW = "prereview", "资格预审"
        ONLINE = "online", "网上申报"
        HANDIN = "handin", "交卷审查（网上审核、纸质材料、评审费）"
        FORWARD = "forward", "审核报送"

    office = models.ForeignKey("orgs.Organization", verbose_name="主管部门", on_delete=models.CASCADE,
                               related_name="office_schedules")
    year = models.PositiveIntegerField("年度")
    step = models.CharField("环节", max_length=20, choices=Step.choices)
    starts_on = models.DateField("开始日期")
    working_days = models.PositiveIntegerField("工作日数")
    ends_on = models.DateField("截止日期", help_text="按工作日（含法定节假日与调休）自动计算")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="设置人", on_delete=models.PROTECT,
                                   related_name="+")
    updated_at = models.DateTimeField("设置时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "主管部门审查时间安排"
        ordering = ["office", "year", "starts_on"]
        constraints = [models.UniqueConstraint(fields=["office", "year", "step"], name="uniq_office_year_step")]

    def __str__(self) -> str:
        return f"{self.year}年 {self.get_step_display()} {self.starts_on}–{self.ends_on}"
