"""The business audit trail: one append-only row per action (等保 安全审计)."""

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    time = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField("角色", max_length=30, blank=True)
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name="组织", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ip = models.GenericIPAddressField("来源IP", null=True, blank=True)
    action = models.CharField("操作", max_length=60)
    object_type = models.CharField("对象类型", max_length=60, blank=True)
    # No index of its own: every lookup names the object type too, and the index on (object type, object,
    # action) serves it (one index fewer to update on every audited action).
    object_id = models.CharField("对象", max_length=40, blank=True)
    from_state = models.CharField("原状态", max_length=40, blank=True)
    to_state = models.CharField("新状态", max_length=40, blank=True)
    success = models.BooleanField("结果", default=True)
    reason = models.TextField("原因/说明", blank=True)
    details = models.JSONField("详情", default=dict, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "审计事件"
        ordering = ["-time", "-id"]
        # With the state it led to: a step of the process always records one, a save, a download or a refusal
        # never does, so a dossier's steps (timeline.progress, `to_state > ''`) are one range of the index and
        # the hundreds of section_save events a busy applicant leaves are never read. (On the action, the
        # list of 47 step actions was a filter over every event of the dossier once PostgreSQL had prepared the
        # statement: 1.4 ms for 600 saves.)
        indexes = [models.Index(fields=["object_type", "object_id", "to_state"], name="audit_object_state_idx")]

    def __str__(self) -> str:
        return f"{self.time:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("审计记录不可修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("审计记录不可删除。")
