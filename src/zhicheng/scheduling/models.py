from django.db import models


class JobRun(models.Model):
    """One job's run on one day: at most one a day (the unique key), a failure kept with its error."""

    name = models.CharField("任务", max_length=100)
    day = models.DateField("日期")
    started_at = models.DateTimeField("开始时间", auto_now_add=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    result = models.TextField("结果", blank=True)
    error = models.TextField("错误", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "定时任务运行记录"
        ordering = ["-day", "name"]
        constraints = [models.UniqueConstraint(fields=["name", "day"], name="uniq_jobrun_name_day")]

    def __str__(self) -> str:
        return f"{self.name} {self.day}"

    @property
    def ok(self) -> bool:
        return self.finished_at is not None and not self.error
