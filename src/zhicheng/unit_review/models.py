"""§二(一) 材料核实: one mark per dossier item (or single section, or attachment) of a submitted version."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class VerificationMark(models.Model):
    """Unit HR's check of one item against the original: 已核（与原件一致）, or a problem in words.

    ``item_id`` is the item's id for sections of many items and for attachments (section "attachments"),
    and empty for a single section (基本信息, 现任专业技术职务, 任现职以来主要业绩, 工作总结) checked as a whole.
    Marks belong to the submitted version checked; a new version is checked again."""

    class Status(models.TextChoices):
        VERIFIED = "verified", "已核（与原件一致）"
        PROBLEM = "problem", "有问题"

    application = models.ForeignKey("dossier.Application", verbose_name="申报", on_delete=models.CASCADE,
                                    related_name="verification_marks")
    version = models.PositiveIntegerField("核实的版本号")
    section = models.CharField("材料部分", max_length=30)
    item_id = models.PositiveBigIntegerField("条目", null=True, blank=True)
    status = models.CharField("核实结果", max_length=10, choices=Status.choices)
    note = models.TextField("问题说明", blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="核实人", on_delete=models.PROTECT,
                                   related_name="+")
    checked_on = models.DateField("核实日期")
    updated_at = models.DateTimeField("记录时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "材料核实记录"
        ordering = ["application", "version", "section", "item_id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "version", "section", "item_id"],
                                    condition=Q(item_id__isnull=False), name="uniq_verification_item"),
            models.UniqueConstraint(fields=["application", "version", "section"],
                                    condition=Q(item_id__isnull=True), name="uniq_verification_section"),
        ]

    def __str__(self) -> str:
        return f"{self.section}#{self.item_id or '-'} {self.get_status_display()}"
