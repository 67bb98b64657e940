"""Work that is not a transition (scoring a dossier, casting a vote, declaring no conflict): a task
assigned to a person, shown in their 待办 until done. Stage apps create and complete tasks."""

from django.conf import settings
from django.db import models


class Task(models.Model):
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="办理人", on_delete=models.CASCADE,
                                 related_name="tasks")
    kind = models.CharField("类型", max_length=40)
    label = models.CharField("事项", max_length=200)
    url = models.CharField("办理地址", max_length=300)
    # The record it is about, by label and id: workflow is a shared app and may not point at stage models.
    object_type = models.CharField("对象类型", max_length=60, blank=True)
    object_id = models.PositiveBigIntegerField("对象编号", null=True, blank=True)
    due_on = models.DateField("办理期限", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    done_at = models.DateTimeField("办结时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "待办任务"
        ordering = ["due_on", "created_at", "id"]
        indexes = [models.Index(fields=["assignee", "done_at"])]

    def __str__(self) -> str:
        return self.label
