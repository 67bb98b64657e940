"""Records of §二(二)–(六): the scoring scheme, assessors' assignments and scores, the quota, the leadership's
collective decision, and the work-report / defense meetings. Applications change state only through the map."""

from django.conf import settings
from django.db import models

from zhicheng.codes.models import Level, Series


class Scheme(models.Model):
    """The scoring scheme of a campaign (series and level empty) or of one series/level of it."""

    class Aggregation(models.TextChoices):
        MEAN = "mean", "算术平均"
        TRIMMED = "trimmed", "去掉一个最高分和一个最低分后平均（评分人不少于5人时）"

    campaign = models.ForeignKey("campaigns.Campaign", verbose_name="年度申报", on_delete=models.CASCADE,
                                 related_name="scoring_schemes")
    series = models.ForeignKey(Series, verbose_name="系列", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+")
    level = models.CharField("级别", max_length=20, choices=Level.choices, blank=True)
    aggregation = models.CharField("分项汇总方式", max_length=10, choices=Aggregation.choices,
                                   default=Aggregation.MEAN)
    tie_break = models.JSONField("同分排序依据（分项代码，依次比较）", default=list, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "量化赋分方案"
        constraints = [
            models.UniqueConstraint(fields=["campaign", "series", "level"], condition=models.Q(series__isnull=False),
                                    name="uniq_series_scheme"),
            models.UniqueConstraint(fields=["campaign"], condition=models.Q(series__isnull=True),
                                    name="uniq_campaign_scheme"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} {self.series or '通用'}{self.get_level_display() if self.level else ''}"


class Category(models.Model):
    class Method(models.TextChoices):
        ASSESSOR = "assessor", "评分人打分"
        RULE = "rule", "按规则由材料计算"

    class Rule(models.TextChoices):
        EDUCATION = "education", "学历学位"
        YEARS = "years", "从事专业技术工作年限"
        ASSESSMENT = "assessment", "年度考核结果"
        TRAINING = "training", "继续教育学时"

    scheme = models.ForeignKey(Scheme, verbose_name="方案", on_delete=models.CASCADE, related_name="categories")
    code = models.CharField("代码", max_length=20)
    name = models.CharField("分项名称", max_length=50)
    order = models.PositiveSmallIntegerField("顺序")
    max_points = models.DecimalField("满分", max_digits=5, decimal_places=1)
    method = models.CharField("赋分方式", max_length=10, choices=Method.choices, default=Method.ASSESSOR)
    rule = models.CharField("计算规则", max_length=12, choices=Rule.choices, blank=True)
    rule_table = models.JSONField("规则表", default=list, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "量化赋分分项"
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="uniq_category_code")]

    def __str__(self) -> str:
        return self.name


class Relation(models.Model):
    """A relation an assessor declared with an applicant: the assessor is recused from that dossier."""

    class Kind(models.TextChoices):
        RELATIVE = "relative", "亲属关系"
        RESEARCH_GROUP = "research_group", "同一课题组"
        SUPERIOR = "superior", "直接上下级"

    campaign = models.ForeignKey("campaigns.Campaign", verbose_name="年度申报", on_delete=models.CASCADE,
                                 related_name="+")
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="评分人", on_delete=models.PROTECT,
                                 related_name="+")
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="申报人", on_delete=models.PROTECT,
                                  related_name="+")
    kind = models.CharField("关系", max_length=20, choices=Kind.choices)
    declared_at = models.DateTimeField("申报时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "回避关系"

    def __str__(self) -> str:
        return f"{self.assessor}—{self.applicant}：{self.get_kind_display()}"


class Assignment(models.Model):
    """An assessor assigned to score one application."""

    application = models.ForeignKey("dossier.Application", verbose_name="申报", on_delete=models.CASCADE,
                                    related_name="scoring_assignments")
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="评分人", on_delete=models.PROTECT,
                                 related_name="scoring_assignments")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="分配人", on_delete=models.PROTECT,
                                    related_name="+")
    assigned_at = models.DateTimeField("分配时间", auto_now_add=True)
    declared_at = models.DateTimeField("无利益冲突声明时间", null=True, blank=True)
    submitted_at = models.DateTimeField("提交评分时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "评分分配"
        ordering = ["application_id", "id"]
        constraints = [models.UniqueConstraint(fields=["application", "assessor"], name="uniq_assignment")]

    def __str__(self) -> str:
        return f"{self.assessor} → {self.application}"


class Score(models.Model):
    assignment = models.ForeignKey(Assignment, verbose_name="评分分配", on_delete=models.CASCADE,
                                   related_name="scores")
    category = models.ForeignKey(Category, verbose_name="分项", on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField("分数", max_digits=5, decimal_places=1)

    class Meta:
        verbose_name = verbose_name_plural = "评分"
        constraints = [models.UniqueConstraint(fields=["assignment", "category"], name="uniq_score")]

    def __str__(self) -> str:
        return f"{self.category}：{self.points}"


class Quota(models.Model):
    campaign = models.ForeignKey("campaigns.Campaign", verbose_name="年度申报", on_delete=models.CASCADE,
                                 related_name="quotas")
    series = models.ForeignKey(Series, verbose_name="系列", on_delete=models.PROTECT, related_name="+")
    level = models.CharField("级别", max_length=20, choices=Level.choices)
    count = models.PositiveIntegerField("推荐名额")
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="设定人", on_delete=models.PROTECT,
                               related_name="+")
    updated_at = models.DateTimeField("设定时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "推荐名额"
        constraints = [models.UniqueConstraint(fields=["campaign", "series", "level"], name="uniq_quota")]

    def __str__(self) -> str:
        return f"{self.series}{self.get_level_display()}：{self.count}名"


class CollectiveDecision(models.Model):
    """集体研究确定推荐人选: the leadership meeting over one whole ranking sheet."""

    campaign = models.ForeignKey("campaigns.Campaign", verbose_name="年度申报", on_delete=models.PROTECT,
                                 related_name="collective_decisions")
    series = models.ForeignKey(Series, verbose_name="系列", on_delete=models.PROTECT, related_name="+")
    level = models.CharField("级别", max_length=20, choices=Level.choices)
    meeting_date = models.DateField("会议日期")
    leaders_present = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name="出席领导", related_name="+")
    decision = models.TextField("研究决定")
    minutes = models.TextField("会议纪要", blank=True)
    minutes_file = models.ForeignKey("files.StoredFile", verbose_name="会议纪要扫描件", on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+")
    quota = models.PositiveIntegerField("推荐名额")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "集体研究决定"
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.campaign} {self.series}{self.get_level_display()} 集体研究决定"


class DecisionEntry(models.Model):
    decision = models.ForeignKey(CollectiveDecision, verbose_name="决定", on_delete=models.CASCADE,
                                 related_name="entries")
    application = models.ForeignKey("dossier.Application", verbose_name="申报", on_delete=models.PROTECT,
                                    related_name="decision_entries")
    rank = models.PositiveIntegerField("排名")
    total = models.DecimalField("总分", max_digits=6, decimal_places=2)
    recommended = models.BooleanField("推荐")
    departure_reason = models.TextField("未按排名顺序确定的理由", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "决定名单"
        ordering = ["rank", "id"]

    def __str__(self) -> str:
        return f"{self.application}：{'推荐' if self.recommended else '不推荐'}"


class Meeting(models.Model):
    """述职会议 or 考核答辩 held by the unit's recommendation panel."""

    class Kind(models.TextChoices):
        WORK_REPORT = "work_report", "述职会议"
        DEFENSE = "defense", "考核答辩"

    campaign = models.ForeignKey("campaigns.Campaign", verbose_name="年度申报", on_delete=models.CASCADE,
                                 related_name="scoring_meetings")
    kind = models.CharField("类型", max_length=12, choices=Kind.choices)
    held_on = models.DateField("日期")
    place = models.CharField("地点", max_length=100)
    members_present = models.ManyToManyField("campaigns.PanelMember", verbose_name="出席的推荐组织成员",
                                             related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="安排人", on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "述职与答辩会议"
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on}"


class Hearing(models.Model):
    """One applicant heard at a meeting, in order, with what the panel recorded."""

    class Quality(models.TextChoices):
        EXCELLENT = "excellent", "优秀"
        GOOD = "good", "良好"
        FAIR = "fair", "一般"
        POOR = "poor", "较差"

    meeting = models.ForeignKey(Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="hearings")
    application = models.ForeignKey("dossier.Application", verbose_name="申报", on_delete=models.CASCADE,
                                    related_name="hearings")
    order = models.PositiveSmallIntegerField("顺序")
    report_summary = models.TextField("述职情况摘要", blank=True, max_length=5000)
    questions = models.TextField("答辩问题", blank=True, max_length=5000)
    answer_quality = models.CharField("答辩情况", max_length=10, choices=Quality.choices, blank=True)
    evaluation = models.TextField("考核评议意见", blank=True, max_length=5000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    recorded_at = models.DateTimeField("记录时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "述职答辩记录"
        ordering = ["meeting_id", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "application"], name="uniq_hearing")]

    def __str__(self) -> str:
        return f"{self.meeting}：{self.application}"
