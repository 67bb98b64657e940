"""§三(三) 交卷审查 records: the assembly rules (组卷要求), the paper dossier, the review fee, the office's
呈报意见, the routing table (who reviews which series, specialty and level) and the 报送 batches."""

from django.conf import settings
from django.db import models

from zhicheng.codes.models import Level


class AssemblyItem(models.Model):
    """One line of the 《职称申报评审纸质材料组卷要求》: the materials in the order they are assembled. Lines
    without a series are the default for every series that has none of its own (administrators edit)."""

    series = models.ForeignKey("codes.Series", verbose_name="职称系列", null=True, blank=True,
                               on_delete=models.CASCADE, related_name="+", help_text="留空：适用于未单独设置的系列")
    order = models.PositiveIntegerField("顺序")
    name = models.CharField("材料名称", max_length=100)
    required = models.BooleanField("必须提交", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "纸质材料组卷要求"
        ordering = ["series", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"


class PaperDossier(models.Model):
    """The paper dossier handed in by the unit's HR (交卷): received, checked item by item, bound (胶装)."""

    application = models.OneToOneField("dossier.Application", verbose_name="申报", on_delete=models.CASCADE,
                                       related_name="paper_dossier")
    received_on = models.DateField("接收日期")
    receiver = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="接收人", on_delete=models.PROTECT,
                                 related_name="+")
    items = models.JSONField("已收材料", default=list, help_text="按组卷要求逐项登记的材料名称")
    missing = models.JSONField("缺少材料", default=list)
    complete = models.BooleanField("材料齐全", default=False)
    note = models.CharField("备注", max_length=500, blank=True)
    bound_at = models.DateTimeField("胶装登记时间", null=True, blank=True)
    bound_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="胶装登记人", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "纸质申报材料"

    def __str__(self) -> str:
        return f"纸质材料（{'齐全' if self.complete else '不齐全'}{'，已胶装' if self.bound_at else ''}）"


class FeeRule(models.Model):
    """The review fee (评审费) of a level, per series (a row without a series: every other series)."""

    series = models.ForeignKey("codes.Series", verbose_name="职称系列", null=True, blank=True,
                               on_delete=models.CASCADE, related_name="+", help_text="留空：适用于未单独设置的系列")
    level = models.CharField("级别", max_length=20, choices=Level.choices)
    amount = models.DecimalField("金额（元）", max_digits=8, decimal_places=2)

    class Meta:
        verbose_name = verbose_name_plural = "评审费标准"
        ordering = ["series", "level"]
        constraints = [models.UniqueConstraint(fields=["series", "level"], name="uniq_fee_series_level",
                                               nulls_distinct=False)]

    def __str__(self) -> str:
        return f"{self.series or '各系列'} {self.get_level_display()} {self.amount}元"


class FeePayment(models.Model):
    application = models.OneToOneField("dossier.Application", verbose_name="申报", on_delete=models.CASCADE,
                                       related_name="fee_payment")
    amount = models.DecimalField("金额（元）", max_digits=8, decimal_places=2)
    receipt_no = models.CharField("票据号", max_length=50)
    paid_on = models.DateField("缴费日期")
    method = models.CharField("缴费方式", max_length=20, default="manual")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "评审费缴纳"

    def __str__(self) -> str:
        return f"评审费{self.amount}元（票据号{self.receipt_no}）"


class Endorsement(models.Model):
    """The office's 呈报意见, printed in its box of the 评审表 and the 一览表."""

    application = models.OneToOneField("dossier.Application", verbose_name="申报", on_delete=models.CASCADE,
                                       related_name="endorsement")
    text = models.CharField("呈报意见", max_length=500)
    signer_name = models.CharField("签名", max_length=50)
    signed_on = models.DateField("日期")
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="签署人", on_delete=models.PROTECT,
                                  related_name="+")
    signed_at = models.DateTimeField("签署时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "主管部门呈报意见"

    def __str__(self) -> str:
        return f"呈报意见（{self.signer_name}，{self.signed_on}）"


class Route(models.Model):
    """Routing table: per series, specialty (blank: any) and level, the committee host (and its committee)
    that reviews, and whether the provincial office spot-checks first (高级 always does)."""

    series = models.ForeignKey("codes.Series", verbose_name="职称系列", on_delete=models.CASCADE, related_name="+")
    specialty = models.CharField("专业", max_length=50, blank=True, help_text="留空：该系列的所有专业")
    level = models.CharField("级别", max_length=20, choices=Level.choices)
    host = models.ForeignKey("orgs.Organization", verbose_name="评委会组建单位", on_delete=models.PROTECT,
                             related_name="+", limit_choices_to={"kind": "committee_host"})
    committee = models.ForeignKey("orgs.Organization", verbose_name="评审委员会", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+", limit_choices_to={"kind": "committee"})
    spot_check_first = models.BooleanField("省职改办先行抽查", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "评审路由"
        ordering = ["series", "level", "specialty"]
        constraints = [models.UniqueConstraint(fields=["series", "specialty", "level"], name="uniq_route")]

    def __str__(self) -> str:
        return f"{self.series} {self.specialty or '各专业'} {self.get_level_display()} → {self.host}"

    def clean(self):
        from django.core.exceptions import ValidationError

        from zhicheng.codes.models import SENIOR_LEVELS

        if self.level in SENIOR_LEVELS and not self.spot_check_first:
            raise ValidationError({"spot_check_first": "高级（副高级、正高级）申报均须由省职改办先行抽查。"})


class Forwarding(models.Model):
    """One 报送 batch: the office sends its endorsed applications to a committee host or to the provincial
    office, with a transfer list (移交清单, XLSX and A4 PDF, built from the entries)."""

    class Kind(models.TextChoices):
        HOST = "host", "报送评委会组建单位"
        PROVINCE = "province", "报送省职改办抽查"

    office = models.ForeignKey("orgs.Organization", verbose_name="主管部门", on_delete=models.PROTECT,
                               related_name="+")
    to_org = models.ForeignKey("orgs.Organization", verbose_name="接收单位", on_delete=models.PROTECT,
                               related_name="+")
    kind = models.CharField("报送类别", max_length=20, choices=Kind.choices)
    year = models.PositiveIntegerField("年度")
    deadline = models.DateField("报送截止日期", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="报送人", on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField("报送时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "报送批次"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"报送批次{self.pk}：{self.office} → {self.to_org}"


class ForwardingEntry(models.Model):
    forwarding = models.ForeignKey(Forwarding, verbose_name="报送批次", on_delete=models.CASCADE,
                                   related_name="entries")
    application = models.ForeignKey("dossier.Application", verbose_name="申报", on_delete=models.PROTECT,
                                    related_name="+")
    order = models.PositiveIntegerField("序号")
    route = models.ForeignKey(Route, verbose_name="评审路由", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "报送明细"
        ordering = ["forwarding", "order"]

    def __str__(self) -> str:
        return f"{self.forwarding_id}-{self.order}"


__all__ = ["AssemblyItem", "PaperDossier", "FeeRule", "FeePayment", "Endorsement", "Route", "Forwarding",
           "ForwardingEntry"]
