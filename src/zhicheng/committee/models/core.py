"""Which review committee an application is assigned to (§四). Thin model; no column on Application."""

from django.db import models

from zhicheng.codes.models import Level


class CommitteeAssignment(models.Model):
    application = models.OneToOneField("dossier.Application", verbose_name="申报", on_delete=models.CASCADE,
                                       related_name="committee_assignment")
    committee = models.ForeignKey("orgs.Organization", verbose_name="评审委员会", on_delete=models.PROTECT,
                                  related_name="assigned_applications",
                                  limit_choices_to={"kind": "committee"})
    assigned_at = models.DateTimeField("委托时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "委托评审"

    def __str__(self) -> str:
        return f"{self.application_id} → {self.committee}"


class Committee(models.Model):
    """A review committee (评审委员会) formed by a host: the committee organisation and its approval data."""

    org = models.OneToOneField("orgs.Organization", verbose_name="评审委员会机构", on_delete=models.PROTECT,
                               related_name="committee_record", limit_choices_to={"kind": "committee"})
    host = models.ForeignKey("orgs.Organization", verbose_name="组建单位", on_delete=models.PROTECT,
                             related_name="hosted_committees", limit_choices_to={"kind": "committee_host"})
    series = models.ForeignKey("codes.Series", verbose_name="系列", on_delete=models.PROTECT)
    specialty = models.CharField("专业", max_length=100, blank=True, help_text="空白表示按系列组建")
    levels = models.JSONField("评审级别", default=list)
    approval_number = models.CharField("核准文号", max_length=100)
    approval_date = models.DateField("核准日期")
    valid_from = models.DateField("有效期起")
    valid_until = models.DateField("有效期止")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "评审委员会"
        ordering = ["-valid_until", "pk"]

    def __str__(self) -> str:
        return self.org.name


class Expert(models.Model):
    """An entry of a host's expert pool (专家库)."""

    host = models.ForeignKey("orgs.Organization", verbose_name="组建单位", on_delete=models.PROTECT,
                             related_name="experts", limit_choices_to={"kind": "committee_host"})
    real_name = models.CharField("姓名", max_length=50)
    unit_name = models.CharField("工作单位", max_length=200)
    title = models.ForeignKey("codes.Title", verbose_name="职称", on_delete=models.PROTECT)
    specialty = models.CharField("专业", max_length=100)
    term_start = models.DateField("聘期起")
    term_end = models.DateField("聘期止")
    user = models.ForeignKey("orgs.User", verbose_name="系统账号", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="expert_entries")

    class Meta:
        verbose_name = verbose_name_plural = "评审专家"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.real_name

    @property
    def level(self) -> str:
        return self.title.level


class ReviewMeeting(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", "待抽取专家"
        DRAWN = "drawn", "已抽取专家"
        CANCELLED = "cancelled", "已取消"

    committee = models.ForeignKey(Committee, verbose_name="评审委员会", on_delete=models.PROTECT,
                                  related_name="meetings")
    level = models.CharField("评审级别", max_length=20, choices=Level.choices)
    date = models.DateField("评审日期")
    place = models.CharField("地点", max_length=200)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.PLANNED)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "评审会议"
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.committee} {self.date}"


class PanelDraw(models.Model):
    """One random draw of experts for a meeting, reproducible: `random.Random(seed).sample(eligible_ids, size)`
    over the eligible ids in ascending order, recorded as drawn (in order)."""

    class Kind(models.TextChoices):
        INITIAL = "initial", "首次抽取"
        REPLACEMENT = "replacement", "补充抽取"

    meeting = models.ForeignKey(ReviewMeeting, verbose_name="评审会议", on_delete=models.PROTECT,
                                related_name="draws")
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    seed = models.CharField("随机种子", max_length=64)
    method = models.TextField("抽取方法")
    size = models.PositiveIntegerField("抽取人数")
    eligible_ids = models.JSONField("候选专家编号（升序）", default=list)
    drawn_ids = models.JSONField("抽中专家编号（按抽取顺序）", default=list)
    replaced_ids = models.JSONField("被替换专家编号", default=list, blank=True)
    chair = models.ForeignKey(Expert, verbose_name="主任委员", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    by = models.ForeignKey("orgs.User", verbose_name="抽取人", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("抽取时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "专家抽取"
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.meeting} {self.get_kind_display()}"
