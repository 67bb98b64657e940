"""A unit's public notice (公示) and what it published: one notice covers a batch (the unit's
recommended applicants of a campaign). Its dates are what the guards read; each entry keeps the
fingerprint of the version published, so material changed afterwards cannot be recommended."""

from django.conf import settings
from django.db import models


class NoticeRecord(models.Model):
    """What a public notice (公示) holds, §二's and §五's alike: its title, its period in working days, who
    published it and when. Each kind adds whose notice it is."""

    title = models.CharField("标题", max_length=200)
    starts_on = models.DateField("公示开始日期")
    ends_on = models.DateField("公示结束日期")
    working_days = models.PositiveIntegerField("公示工作日数")
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发布人", on_delete=models.PROTECT,
                                     related_name="+")
    published_at = models.DateTimeField("发布时间", auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return self.title


class PublicNotice(NoticeRecord):
    campaign = models.ForeignKey("campaigns.Campaign", verbose_name="年度申报", on_delete=models.PROTECT,
                                 related_name="public_notices")
    unit = models.ForeignKey("orgs.Organization", verbose_name="用人单位", on_delete=models.PROTECT,
                             related_name="public_notices")
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta(NoticeRecord.Meta):
        verbose_name = verbose_name_plural = "单位公示"
        indexes = [models.Index(fields=["ends_on", "unit"])]


class NoticeEntry(models.Model):
    notice = models.ForeignKey(PublicNotice, verbose_name="公示", on_delete=models.CASCADE, related_name="entries")
    application = models.ForeignKey("dossier.Application", verbose_name="申报", on_delete=models.PROTECT,
                                    related_name="notice_entries")
    version_number = models.PositiveIntegerField("公示的申报版本号")
    fingerprint = models.CharField("公示材料指纹", max_length=64)
    order = models.PositiveIntegerField("排序", default=0)
    # set when the notice closed for this application without an open objection (close_notice)
    passed_at = models.DateTimeField("公示期满无异议时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "公示人员"
        ordering = ["notice", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["notice", "application"], name="uniq_notice_entry")]

    def __str__(self) -> str:
        return f"{self.notice_id}:{self.application_id}"


class ObjectionRecord(models.Model):
    """What an objection to a public notice holds, §二's and §五's alike: who raised it (real name, contact,
    address), the facts, and how it was handled. Each kind adds its notice, its entry and its statuses."""

    real_name = models.CharField("反映人姓名", max_length=50)
    contact = models.CharField("联系方式", max_length=100)
    facts = models.TextField("反映的问题与事实")
    ip = models.GenericIPAddressField("提交地址", null=True, blank=True)
    created_at = models.DateTimeField("提交时间", auto_now_add=True, db_index=True)
    investigation = models.TextField("核查情况", blank=True)
    finding = models.TextField("核查结论", blank=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="办理人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    handled_at = models.DateTimeField("办结时间", null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["ip", "created_at"])]

    def __str__(self) -> str:
        return f"异议#{self.pk}"


class Objection(ObjectionRecord):
    """An objection (反映问题) raised on the public page while the notice runs, by anyone, under their real
    name. Who raised it is the unit's business: the applicant concerned never sees it."""

    class Status(models.TextChoices):
        RECEIVED = "received", "待核查"
        INVESTIGATING = "investigating", "核查中"
        UNFOUNDED = "unfounded", "异议不成立"
        RETURNED = "returned", "异议属实，退回更正"
        WITHDRAWN = "withdrawn", "异议属实，撤销推荐"
        FRAUD = "fraud", "查实弄虚作假"

    OPEN = (Status.RECEIVED, Status.INVESTIGATING)

    notice = models.ForeignKey(PublicNotice, verbose_name="公示", on_delete=models.PROTECT, related_name="objections")
    entry = models.ForeignKey(NoticeEntry, verbose_name="所涉人员", on_delete=models.PROTECT,
                              related_name="objections")
    status = models.CharField("办理状态", max_length=20, choices=Status.choices, default=Status.RECEIVED)

    class Meta(ObjectionRecord.Meta):
        verbose_name = verbose_name_plural = "公示异议"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class ObjectionEvidence(models.Model):
    objection = models.ForeignKey(Objection, verbose_name="异议", on_delete=models.CASCADE, related_name="evidence")
    file = models.ForeignKey("files.StoredFile", verbose_name="证据文件", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "异议证据"
        ordering = ["id"]

    def __str__(self) -> str:
        return str(self.file_id)
