"""§五 records: the committee host's result notice (评审结果公示) with its objections, the 报送 batches to the
provincial office with each person's 备案/核准 outcome, and the result document (发文) that issues the
certificates. Thin models: the rules live in result_notice.py, filing.py and issuance.py."""

from django.conf import settings
from django.db import models

from zhicheng.publicity.models import NoticeRecord, ObjectionRecord


class ResultNotice(NoticeRecord):
    """One notice per committee batch: the committee's applications that passed, chosen by the host."""

    host = models.ForeignKey("orgs.Organization", verbose_name="评委会组建单位", on_delete=models.PROTECT,
                             related_name="result_notices")
    committee = models.ForeignKey("orgs.Organization", verbose_name="评审委员会", on_delete=models.PROTECT,
                                  related_name="+")

    class Meta(NoticeRecord.Meta):
        verbose_name = verbose_name_plural = "评审结果公示"
        indexes = [models.Index(fields=["ends_on", "starts_on"])]


class ResultNoticeEntry(models.Model):
    notice = models.ForeignKey(ResultNotice, verbose_name="公示", on_delete=models.CASCADE, related_name="entries")
    application = models.ForeignKey("dossier.Application", verbose_name="申报", on_delete=models.PROTECT,
                                    related_name="result_notice_entries")
    order = models.PositiveIntegerField("序号", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "评审结果公示人员"
        ordering = ["notice", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["notice", "application"], name="uniq_result_notice_entry")]

    def __str__(self) -> str:
        return f"{self.notice_id}:{self.application_id}"


class ResultObjection(ObjectionRecord):
    """An objection raised on the public page while the result notice runs (anyone, under their real name)."""

    class Status(models.TextChoices):
        RECEIVED = "received", "待核查"
        UNFOUNDED = "unfounded", "异议不成立"
        FOUNDED = "founded", "异议属实，取消评审通过"
        FRAUD = "fraud", "查实弄虚作假"

    notice = models.ForeignKey(ResultNotice, verbose_name="公示", on_delete=models.PROTECT,
                               related_name="objections")
    entry = models.ForeignKey(ResultNoticeEntry, verbose_name="所涉人员", on_delete=models.PROTECT,
                              related_name="objections")
    status = models.CharField("办理状态", max_length=20, choices=Status.choices, default=Status.RECEIVED)

    class Meta(ObjectionRecord.Meta):
        verbose_name = verbose_name_plural = "评审结果公示异议"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.RECEIVED


class ResultReport(models.Model):
    """报送: a batch the host sends to the provincial office for 备案 (中级、初级) or 核准 (高级); a 重新报送
    after a refusal is a batch of its own, with the host's explanation."""

    host = models.ForeignKey("orgs.Organization", verbose_name="评委会组建单位", on_delete=models.PROTECT,
                             related_name="result_reports")
    notice = models.ForeignKey(ResultNotice, verbose_name="评审结果公示", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="reports")
    explanation = models.TextField("整改说明", blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="报送人", on_delete=models.PROTECT,
                                    related_name="+")
    reported_at = models.DateTimeField("报送时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = "评审结果报送"
        ordering = ["-reported_at", "-id"]

    def __str__(self) -> str:
        return f"报送#{self.pk}"


class ResultReportEntry(models.Model):
    class Outcome(models.TextChoices):
        PENDING = "pending", "待备案/核准"
        FILED = "filed", "已备案"
        APPROVED = "approved", "已核准"
        REFUSED = "refused", "不予备案/核准"

    report = models.ForeignKey(ResultReport, verbose_name="报送批次", on_delete=models.CASCADE,
                               related_name="entries")
    application = models.ForeignKey("dossier.Application", verbose_name="申报", on_delete=models.PROTECT,
                                    related_name="result_report_entries")
    outcome = models.CharField("结果", max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    reason = models.TextField("不予备案/核准的理由", blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="办理人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField("办理时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "评审结果报送人员"
        ordering = ["report", "id"]
        constraints = [models.UniqueConstraint(fields=["report", "application"], name="uniq_result_report_entry")]

    def __str__(self) -> str:
        return f"{self.report_id}:{self.application_id}"


class ResultDocument(models.Model):
    """发文: the document (文号 unique) that confirms the titles of its list and issues their certificates —
    by the host after 备案 (中级、初级), by the provincial office after 核准 (高级)."""

    number = models.CharField("文号", max_length=100, unique=True)
    title = models.CharField("标题", max_length=200)
    authority = models.CharField("发文机关", max_length=200)
    issued_on = models.DateField("发文日期")
    issuer = models.ForeignKey("orgs.Organization", verbose_name="发文单位", on_delete=models.PROTECT,
                               related_name="result_documents")
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT,
                                  related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "评审结果发文"
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return self.number


class ResultDocumentEntry(models.Model):
    document = models.ForeignKey(ResultDocument, verbose_name="发文", on_delete=models.CASCADE,
                                 related_name="entries")
    application = models.OneToOneField("dossier.Application", verbose_name="申报", on_delete=models.PROTECT,
                                       related_name="result_document_entry")
    certificate = models.OneToOneField("results.Certificate", verbose_name="职称证书", on_delete=models.PROTECT,
                                       related_name="document_entry")
    order = models.PositiveIntegerField("序号", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "发文人员"
        ordering = ["document", "order", "id"]

    def __str__(self) -> str:
        return f"{self.document_id}:{self.application_id}"
