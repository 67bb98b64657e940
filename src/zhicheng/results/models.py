"""职称证书 (seed §五): one per application that passed, with a unique number and an unguessable
verification code; revoked (撤销) after fraud. Thin models: the rules live in services.py."""

from django.conf import settings
from django.db import models

from zhicheng.codes.models import Level


class Certificate(models.Model):
    class Status(models.TextChoices):
        VALID = "valid", "有效"
        REVOKED = "revoked", "已撤销"

    application = models.OneToOneField("dossier.Application", verbose_name="申报", on_delete=models.PROTECT,
                                       related_name="certificate")
    holder = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="持证人账号", on_delete=models.PROTECT,
                               related_name="certificates")
    # 冀ZC + year issued + 6-digit sequence of that year (services.next_number).
    number = models.CharField("证书编号", max_length=30, unique=True)
    holder_name = models.CharField("姓名", max_length=50)
    id_number = models.CharField("身份证号", max_length=18)  # in full; shown masked everywhere
    unit_name = models.CharField("工作单位", max_length=200)
    series = models.CharField("系列", max_length=100)
    specialty = models.CharField("专业", max_length=50)
    title = models.ForeignKey("codes.Title", verbose_name="职称", on_delete=models.PROTECT, related_name="+")
    level = models.CharField("级别", max_length=20, choices=Level.choices)
    obtained_by = models.CharField("取得方式", max_length=20, default="评审")
    committee_name = models.CharField("评审委员会", max_length=200)
    authority = models.CharField("审批（备案）机关", max_length=200)
    document_number = models.CharField("文号", max_length=100)
    obtained_on = models.DateField("取得资格时间")
    issued_on = models.DateField("发证日期")
    verification_code = models.CharField("验证码", max_length=32, unique=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.VALID)
    revoked_on = models.DateField("撤销日期", null=True, blank=True)
    revoked_reason = models.TextField("撤销理由", blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="撤销登记人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发证登记人", on_delete=models.PROTECT,
                                  related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "职称证书"
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return f"{self.number} {self.holder_name}"


class Lookup(models.Model):
    """One public lookup (证书查询), kept to rate-limit each client address (`certificate_lookups_per_hour`)."""

    ip = models.GenericIPAddressField("查询地址", null=True, blank=True)
    number = models.CharField("查询的证书编号", max_length=30, blank=True)
    found = models.BooleanField("查到", default=False)
    created_at = models.DateTimeField("查询时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = "证书查询记录"
        indexes = [models.Index(fields=["ip", "created_at"])]

    def __str__(self) -> str:
        return f"{self.ip} {self.created_at}"


from .models_appeals import Appeal, AppealEvidence, AppealStep  # noqa: E402,F401  (复查/投诉)
from .models_flow import (  # noqa: E402,F401  (§五 result notice, filing/approval, 发文)
    ResultDocument,
    ResultDocumentEntry,
    ResultNotice,
    ResultNoticeEntry,
    ResultObjection,
    ResultReport,
    ResultReportEntry,
)
