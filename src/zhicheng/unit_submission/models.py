"""§二(八) records: the unit opinion on the 评审表/一览表 (bound to the notice whose dates it states), the
integrity pledge (真实性承诺书) with the applicant's and the unit leader's confirmations, and the batch the
unit submits to its office (`UnitSubmission` with its `SubmissionEntry` rows) — online, or recorded from a
§二 run on paper, so the office receives the same record either way."""

from django.conf import settings
from django.db import models

from zhicheng.codes.models import Level


class UnitOpinion(models.Model):
    """单位意见 for one application after one notice. Editable by the unit until signed, then frozen. A new
    notice (material changed and published again) needs a new opinion: the old one stays as history."""

    application = models.ForeignKey("dossier.Application", verbose_name="申报", on_delete=models.CASCADE,
                                    related_name="unit_opinions")
    notice = models.ForeignKey("publicity.PublicNotice", verbose_name="依据的公示", on_delete=models.PROTECT,
                               related_name="+")
    review_text = models.TextField("评审表单位意见", max_length=1000)
    roster_text = models.TextField("一览表单位意见", max_length=500)
    responsible_person = models.CharField("负责人", max_length=50)
    opinion_date = models.DateField("意见日期")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="填写人", on_delete=models.PROTECT,
                                   related_name="+")
    updated_at = models.DateTimeField("填写时间", auto_now=True)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="签署人", on_delete=models.PROTECT,
                                  null=True, blank=True, related_name="+")
    signed_at = models.DateTimeField("签署时间", null=True, blank=True)
    signed_ip = models.GenericIPAddressField("签署IP", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "单位意见"
        constraints = [models.UniqueConstraint(fields=["application", "notice"], name="uniq_opinion_per_notice")]

    def __str__(self) -> str:
        return f"{self.application_id}:{self.notice_id}"

    @property
    def signed(self) -> bool:
        return self.signed_at is not None


class Pledge(models.Model):
    """《职称申报评审真实性承诺书》 of one application: who confirmed it in the system, when, from which
    address, for which submitted version (a later version needs new confirmations); the signed, sealed scan."""

    application = models.OneToOneField("dossier.Application", verbose_name="申报", on_delete=models.CASCADE,
                                       related_name="pledge")
    applicant_confirmed_at = models.DateTimeField("申报人确认时间", null=True, blank=True)
    applicant_ip = models.GenericIPAddressField("申报人确认IP", null=True, blank=True)
    applicant_version = models.PositiveIntegerField("申报人确认的版本", null=True, blank=True)
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="单位领导", on_delete=models.PROTECT,
                               null=True, blank=True, related_name="+")
    leader_confirmed_at = models.DateTimeField("单位领导确认时间", null=True, blank=True)
    leader_ip = models.GenericIPAddressField("单位领导确认IP", null=True, blank=True)
    leader_version = models.PositiveIntegerField("单位领导确认的版本", null=True, blank=True)
    scan = models.ForeignKey("files.StoredFile", verbose_name="签字盖章扫描件", on_delete=models.PROTECT,
                             null=True, blank=True, related_name="+")
    scan_uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="扫描件上传人",
                                         on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    scan_uploaded_at = models.DateTimeField("扫描件上传时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "真实性承诺书"

    def __str__(self) -> str:
        return f"承诺书:{self.application_id}"


class UnitSubmission(models.Model):
    """One batch a unit submits to its office (推荐上报): who, when, the roster (花名册), the entries."""

    class Kind(models.TextChoices):
        ONLINE = "online", "系统内审核推荐"
        PAPER = "paper", "线下审核推荐（登记结果）"

    campaign = models.ForeignKey("campaigns.Campaign", verbose_name="年度申报", on_delete=models.PROTECT,
                                 related_name="unit_submissions")
    unit = models.ForeignKey("orgs.Organization", verbose_name="用人单位", on_delete=models.PROTECT,
                             related_name="unit_submissions")
    kind = models.CharField("方式", max_length=10, choices=Kind.choices, default=Kind.ONLINE)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="上报人", on_delete=models.PROTECT,
                                     related_name="+")
    submitted_at = models.DateTimeField("上报时间", auto_now_add=True)
    roster = models.ForeignKey("files.StoredFile", verbose_name="花名册", on_delete=models.PROTECT, null=True,
                               blank=True, related_name="+")
    # The paper path: what the unit ran on paper, as scans and dates.
    ranking_scan = models.ForeignKey("files.StoredFile", verbose_name="推荐排名表扫描件", on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+")
    notice_scan = models.ForeignKey("files.StoredFile", verbose_name="公示材料扫描件", on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    opinion_scan = models.ForeignKey("files.StoredFile", verbose_name="单位意见扫描件", on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+")
    notice_starts_on = models.DateField("公示开始日期", null=True, blank=True)
    notice_ends_on = models.DateField("公示结束日期", null=True, blank=True)
    opinion_text = models.TextField("单位意见", max_length=1000, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "推荐上报批次"
        ordering = ["-submitted_at", "-id"]
        # the office's 资格预审 batch list, newest first, paged ids first
        indexes = [models.Index(fields=["unit", "campaign"]),
                   models.Index(fields=["-submitted_at", "-id"], name="unitsub_recent")]

    def __str__(self) -> str:
        return f"{self.unit_id}-{self.campaign_id}-{self.pk}"


class SubmissionEntry(models.Model):
    """One person of a batch: an application of the system (with the version submitted), or — on the paper
    path — a person with no application here, entered by name, ID number, title sought and specialty."""

    submission = models.ForeignKey(UnitSubmission, verbose_name="上报批次", on_delete=models.CASCADE,
                                   related_name="entries")
    application = models.ForeignKey("dossier.Application", verbose_name="申报", on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="submission_entries")
    order = models.PositiveIntegerField("序号")
    name = models.CharField("姓名", max_length=50)
    id_number = models.CharField("身份证号", max_length=18)
    gender = models.CharField("性别", max_length=2, blank=True)
    title = models.ForeignKey("codes.Title", verbose_name="申报职称", on_delete=models.PROTECT, related_name="+")
    level = models.CharField("级别", max_length=20, choices=Level.choices)
    specialty = models.CharField("申报专业", max_length=100)
    version_number = models.PositiveIntegerField("上报版本号", null=True, blank=True)
    fingerprint = models.CharField("上报材料指纹", max_length=64, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "上报人员"
        ordering = ["submission", "order", "id"]

    def __str__(self) -> str:
        return self.name
