"""The applicant's dossier (§一): an Application and its sections. Thin models."""

from django.conf import settings
from django.db import models

from zhicheng.codes.models import AssessmentResult, EducationLevel, Level, Series, Title
from zhicheng.workflow.states import State

_STATE_LABELS = {value: str(label) for value, label in State.choices}


class Application(models.Model):
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="申报人", on_delete=models.PROTECT,
                                  related_name="applications")
    campaign = models.ForeignKey("campaigns.Campaign", verbose_name="年度申报", on_delete=models.PROTECT,
                                 related_name="applications")
    # Denormalised from the campaign: every scope query filters on it.
    unit = models.ForeignKey("orgs.Organization", verbose_name="用人单位", on_delete=models.PROTECT,
                             related_name="applications")
    series = models.ForeignKey(Series, verbose_name="申报系列", on_delete=models.PROTECT, related_name="+")
    title = models.ForeignKey(Title, verbose_name="申报职称", on_delete=models.PROTECT, related_name="+")
    level = models.CharField("申报级别", max_length=20, choices=Level.choices)
    specialty = models.CharField("申报专业", max_length=50)
    is_exceptional = models.BooleanField("破格申报", default=False)
    state = models.CharField("状态", max_length=30, choices=State.choices, default=State.DRAFT, db_index=True)
    reopened_sections = models.JSONField("退回后可修改的部分", default=list, blank=True)
    return_reason = models.TextField("退回原因", blank=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    # Read with the row when a transition locks it (workflow.services.transition_many): the guard, the
    # messages and submit's snapshot use them.
    LOCK_RELATED = ("unit", "applicant", "campaign", "series", "title")

    class Meta:
        verbose_name = verbose_name_plural = "申报"
        ordering = ["-updated_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["applicant", "campaign"], name="one_application_per_campaign")]
        indexes = [
            # the unit's lists and their counts (the HR list leaves out drafts and never-submitted withdrawals):
            # with submitted_at in the index, PostgreSQL counts a unit's applications from the index alone
            models.Index(fields=["unit", "state", "submitted_at"], name="dossier_app_unit_state"),
            models.Index(fields=["campaign", "state"]),
            # the unit HR list: newest first within a unit
            models.Index(fields=["unit", "-updated_at", "-id"], name="dossier_app_unit_recent"),
            # the office's queues (网上审核 by state, oldest first): the scope's unit read from the index too
            # (PostgreSQL: an index-only scan; `include` is left out on SQLite)
            models.Index(fields=["state", "updated_at", "id"], include=["unit"], name="dossier_app_state_updated"),
        ]

    def __str__(self) -> str:
        return f"{self.applicant} 申报{self.title}"

    def get_state_display(self) -> str:
        # Django's own rebuilds a dict of the ~40 states on every call: a list page asks twenty times.
        return _STATE_LABELS.get(self.state, self.state)


class ApplicationVersion(models.Model):
    """Every submitted version, kept whole (a JSON snapshot of all sections)."""

    application = models.ForeignKey(Application, verbose_name="申报", on_delete=models.CASCADE,
                                    related_name="versions")
    number = models.PositiveIntegerField("版本号")
    snapshot = models.JSONField("内容")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="提交人", on_delete=models.PROTECT,
                                     related_name="+")
    submitted_at = models.DateTimeField("提交时间", auto_now_add=True)
    # 业务流水号 of the submission's receipt (回执): ZC + date + a sequence of the day (receipts.py).
    serial = models.CharField("业务流水号", max_length=20, unique=True, null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "申报版本"
        ordering = ["application", "number"]
        constraints = [models.UniqueConstraint(fields=["application", "number"], name="uniq_version")]

    def __str__(self) -> str:
        return f"第{self.number}版"


class VersionDocument(models.Model):
    """A submitted version's 一览表 or 评审表 PDF, built once and then served from storage (issue 6 §3).

    ``basis`` is the digest of everything the PDF prints (the version's content, the applicant's name,
    the opinion boxes later stages fill): when any of it changes the PDF is built again and replaces this."""

    class Doc(models.TextChoices):
        ROSTER = "roster", "一览表"
        REVIEW_FORM = "review_form", "评审表"

    version = models.ForeignKey(ApplicationVersion, verbose_name="申报版本", on_delete=models.CASCADE,
                                related_name="documents")
    doc = models.CharField("文书", max_length=20, choices=Doc.choices)
    basis = models.CharField("内容摘要", max_length=64)
    file = models.FileField("PDF文件", upload_to="documents/%Y/", max_length=200)
    size = models.PositiveIntegerField("大小（字节）")
    created_at = models.DateTimeField("生成时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "已生成的评审表、一览表"
        constraints = [models.UniqueConstraint(fields=["version", "doc"], name="uniq_version_document")]

    def __str__(self) -> str:
        return f"{self.version} {self.get_doc_display()}"


class ReturnRecord(models.Model):
    """A return or notice to correct (退回修改 / 一次性告知): the whole history is kept.

    The application's `reopened_sections` and `return_reason` show the one open now, for the
    permission checks; every return stays here with its items, deadline, author and resolution.
    Later stages (§三 pre-review, §四 host review) write their notices here too, with their stage.
    """

    application = models.ForeignKey(Application, verbose_name="申报", on_delete=models.CASCADE,
                                    related_name="returns")
    stage = models.CharField("环节", max_length=20)
    action = models.CharField("操作", max_length=40)
    reason = models.TextField("原因")
    sections = models.JSONField("允许修改的部分", default=list)
    items = models.JSONField("问题清单", default=list, blank=True,
                             help_text="[{\"section\": 部分, \"reason\": 问题}]，一次性告知的每一项")
    deadline = models.DateField("补正期限", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="退回人", on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField("退回时间", auto_now_add=True)
    resolved_at = models.DateTimeField("补正提交时间", null=True, blank=True)
    resolved_version = models.PositiveIntegerField("补正后版本号", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "退回记录"
        ordering = ["application", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.stage}退回 {self.created_at:%Y-%m-%d}"


class Draft(models.Model):
    """Autosaved input of a section form not yet saved: nothing typed is lost."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="drafts")
    section = models.CharField(max_length=30)
    form_key = models.CharField(max_length=30)  # "new" or the item id being edited
    data = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "自动保存草稿"
        constraints = [models.UniqueConstraint(fields=["application", "section", "form_key"], name="uniq_draft")]

    def __str__(self) -> str:
        return f"草稿 {self.section}/{self.form_key}"


class SectionItem(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="+")
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    # 复制上次申报信息: a copied item is shown as "复制自上次申报，请核对" until the applicant saves it.
    needs_review = models.BooleanField("复制自上次申报，待核对", default=False)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self._meta.verbose_name}#{self.pk}"


class BasicInfo(SectionItem):
    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="basic_info")
    ethnicity = models.CharField("民族", max_length=20)
    political_status = models.CharField("政治面貌", max_length=20, blank=True)
    department = models.CharField("工作部门", max_length=100)
    post = models.CharField("现从事专业技术岗位", max_length=100)
    work_start_date = models.DateField("参加工作时间")
    professional_start_date = models.DateField("从事专业技术工作时间")
    email = models.EmailField("电子邮箱", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "基本信息"


class Education(SectionItem):
    class Degree(models.TextChoices):
        DOCTOR = "doctor", "博士"
        MASTER = "master", "硕士"
        BACHELOR = "bachelor", "学士"
        NONE = "none", "无"

    school = models.CharField("毕业院校", max_length=100)
    major = models.CharField("所学专业", max_length=100)
    education_level = models.ForeignKey(EducationLevel, verbose_name="学历", on_delete=models.PROTECT,
                                        related_name="+")
    degree = models.CharField("学位", max_length=10, choices=Degree.choices, default=Degree.NONE)
    start_date = models.DateField("入学时间")
    end_date = models.DateField("毕业时间")
    certificate_no = models.CharField("毕业证书编号", max_length=50, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "学历学位"
        ordering = ["start_date", "id"]


class CurrentTitle(SectionItem):
    class ObtainedBy(models.TextChoices):
        REVIEW = "review", "评审"
        EXAM = "exam", "考试"
        RECOGNITION = "recognition", "认定"

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="current_title")
    # The title as a code (as the application's own `title` is), so 逐级申报 can be checked; the free-text
    # name is kept for display and for dossiers entered before the code (filled from the code when blank).
    title = models.ForeignKey(Title, verbose_name="现任职称（代码）", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    obtained_by = models.CharField("取得方式", max_length=20, choices=ObtainedBy.choices, blank=True)
    title_name = models.CharField("现任专业技术职务", max_length=50)
    obtained_on = models.DateField("取得时间")
    approval_document = models.CharField("审批文件（文号）", max_length=100)
    approving_body = models.CharField("审批机关", max_length=100, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "现任专业技术职务"


class WorkExperience(SectionItem):
    start_date = models.DateField("起始时间")
    end_date = models.DateField("截止时间", null=True, blank=True, help_text="至今可不填")
    employer = models.CharField("工作单位", max_length=100)
    position = models.CharField("职务/岗位", max_length=100)
    duties = models.CharField("主要工作内容", max_length=300, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "工作经历"
        ordering = ["start_date", "id"]


class Achievement(SectionItem):
    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="achievement")
    content = models.TextField("任现职以来主要业绩", max_length=5000)

    class Meta:
        verbose_name = verbose_name_plural = "任现职以来主要业绩"


class ResearchProject(SectionItem):
    name = models.CharField("项目名称", max_length=200)
    source = models.CharField("项目来源", max_length=100)
    grade = models.CharField("项目级别", max_length=20,
                             choices=[("national", "国家级"), ("provincial", "省部级"), ("municipal", "市厅级"),
                                      ("other", "其他")])
    role = models.CharField("本人角色", max_length=20, choices=[("leader", "主持"), ("participant", "参与")])
    rank = models.PositiveSmallIntegerField("本人排名", default=1)
    start_date = models.DateField("开始时间")
    end_date = models.DateField("结束时间", null=True, blank=True)
    status = models.CharField("状态", max_length=10, choices=[("ongoing", "在研"), ("finished", "已结题")])

    class Meta:
        verbose_name = verbose_name_plural = "科研项目"
        ordering = ["start_date", "id"]


class ProfessionalAward(SectionItem):
    name = models.CharField("奖励名称", max_length=200)
    grade = models.CharField("奖励等级", max_length=50, help_text="如：省科技进步二等奖")
    rank = models.PositiveSmallIntegerField("本人排名", default=1)
    awarded_on = models.DateField("获奖时间")
    issuer = models.CharField("授奖单位", max_length=100)

    class Meta:
        verbose_name = verbose_name_plural = "专业奖励"
        ordering = ["awarded_on", "id"]


class Publication(SectionItem):
    kind = models.CharField("类别", max_length=10, choices=[("paper", "论文"), ("book", "著作")])
    title = models.CharField("题目/书名", max_length=300)
    author_rank = models.PositiveSmallIntegerField("本人排名", help_text="独著或第一作者填1")
    journal = models.CharField("刊物名称/出版社", max_length=200)
    issn = models.CharField("ISSN", max_length=9, blank=True)
    cn = models.CharField("CN（国内统一刊号）", max_length=20, blank=True)
    published_on = models.DateField("发表/出版时间")

    class Meta:
        verbose_name = verbose_name_plural = "论文与著作"
        ordering = ["published_on", "id"]


class Honor(SectionItem):
    name = models.CharField("荣誉称号", max_length=200)
    issuer = models.CharField("授予单位", max_length=100)
    grade = models.CharField("级别", max_length=20,
                             choices=[("national", "国家级"), ("provincial", "省部级"), ("municipal", "市厅级"),
                                      ("county", "县级"), ("unit", "单位")])
    awarded_on = models.DateField("授予时间")

    class Meta:
        verbose_name = verbose_name_plural = "综合奖励（荣誉称号）"
        ordering = ["awarded_on", "id"]


class AnnualAssessment(SectionItem):
    year = models.PositiveIntegerField("年度")
    result = models.ForeignKey(AssessmentResult, verbose_name="考核结果", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "年度考核"
        ordering = ["year"]
        constraints = [models.UniqueConstraint(fields=["application", "year"], name="one_assessment_per_year")]


class TermAssessment(SectionItem):
    """任职期满考核 (§二(五) category 8 with the annual assessments): one term of office and its result."""

    start_date = models.DateField("任期起始时间")
    end_date = models.DateField("任期截止时间")
    result = models.ForeignKey(AssessmentResult, verbose_name="考核结果", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "任职期满考核"
        ordering = ["start_date", "id"]


class ContinuingEducation(SectionItem):
    class Kind(models.TextChoices):
        PUBLIC = "public", "公需科目"
        PROFESSIONAL = "professional", "专业科目"

    year = models.PositiveIntegerField("年度")
    kind = models.CharField("科目类别", max_length=20, choices=Kind.choices, default=Kind.PROFESSIONAL)
    # Hours, or credits where the series counts credits (codes.Series.ce_unit): one of the two is filled.
    hours = models.PositiveIntegerField("学时", null=True, blank=True)
    credits = models.DecimalField("学分", max_digits=6, decimal_places=1, null=True, blank=True)
    content = models.CharField("主要内容", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "继续教育"
        ordering = ["year", "-kind"]  # 公需科目 (public) before 专业科目
        constraints = [models.UniqueConstraint(fields=["application", "year", "kind"], name="one_ce_per_year_kind")]

    @property
    def amount(self):
        """The number counted: credits where the series counts credits, else hours."""
        return self.credits if self.credits is not None else self.hours


class OtherItem(SectionItem):
    """其他 (§二(五) category 12): anything else the applicant wants weighed, with optional proofs attached."""

    description = models.CharField("内容说明", max_length=300)
    occurred_on = models.DateField("时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "其他"
        ordering = ["id"]


class WorkSummary(SectionItem):
    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="work_summary")
    file = models.ForeignKey("files.StoredFile", verbose_name="工作总结（PDF）", on_delete=models.PROTECT,
                             related_name="+")
    char_count = models.PositiveIntegerField("字数")

    class Meta:
        verbose_name = verbose_name_plural = "工作总结"


class Attachment(SectionItem):
    """A proof (certificate, paper scan...) attached to a section or to one item of it."""

    section = models.CharField("所属部分", max_length=30)
    item_id = models.PositiveBigIntegerField("所属条目", null=True, blank=True)
    description = models.CharField("说明", max_length=200, blank=True)
    file = models.ForeignKey("files.StoredFile", verbose_name="文件", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "证明材料"
        ordering = ["id"]
