"""Code tables (字典) and administrator-editable parameters."""

from django.core.cache import cache
from django.db import models


class Level(models.TextChoices):
    SENIOR = "senior", "正高级"
    ASSOCIATE_SENIOR = "associate_senior", "副高级"
    INTERMEDIATE = "intermediate", "中级"
    ASSISTANT = "assistant", "助理级"
    CLERK = "clerk", "员级"


SENIOR_LEVELS = {Level.SENIOR, Level.ASSOCIATE_SENIOR}


class Series(models.Model):
    class CEUnit(models.TextChoices):
        HOURS = "hours", "学时"
        CREDITS = "credits", "学分"

    code = models.CharField("代码", max_length=10, unique=True)
    name = models.CharField("系列名称", max_length=50)
    sort = models.PositiveIntegerField("排序", default=0)
    active = models.BooleanField("启用", default=True)
    # How the series counts continuing education (继续教育): hours or credits (e.g. 卫生 counts 学分).
    ce_unit = models.CharField("继续教育计量单位", max_length=10, choices=CEUnit.choices, default=CEUnit.HOURS)

    class Meta:
        verbose_name = verbose_name_plural = "职称系列"
        ordering = ["sort", "code"]

    def __str__(self) -> str:
        return self.name


class Title(models.Model):
    series = models.ForeignKey(Series, verbose_name="系列", on_delete=models.PROTECT, related_name="titles")
    code = models.CharField("代码", max_length=10, unique=True, help_text="GB/T 8561-2001；新设职称用地方扩展代码")
    name = models.CharField("职称名称", max_length=50)
    level = models.CharField("级别", max_length=20, choices=Level.choices)
    is_extension = models.BooleanField("地方扩展代码", default=False)
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "专业技术职务（职称）"
        ordering = ["series__sort", "code"]

    def __str__(self) -> str:
        return self.name


class EducationLevel(models.Model):
    code = models.CharField("代码", max_length=4, unique=True, help_text="GB/T 4658-2006")
    name = models.CharField("学历名称", max_length=50)

    class Meta:
        verbose_name = verbose_name_plural = "学历"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class AssessmentResult(models.Model):
    code = models.CharField("代码", max_length=30, unique=True)
    name = models.CharField("考核结果", max_length=20)
    sort = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "年度考核结果"
        ordering = ["sort"]

    def __str__(self) -> str:
        return self.name


class Parameter(models.Model):
    """A number a province or a year may change (upload limit, summary length, notice days...)."""

    key = models.CharField("参数键", max_length=60, unique=True)
    name = models.CharField("参数名称", max_length=100)
    value = models.IntegerField("数值")
    unit = models.CharField("单位", max_length=20, blank=True)
    source = models.CharField("依据", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "业务参数"
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.name}={self.value}{self.unit}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        cache.delete(f"param:{self.key}")


# Defaults follow the seed (Hebei) and are loaded by migration; administrators edit them.
PARAMETER_DEFAULTS = {
    "upload_max_bytes": ("单个上传文件大小上限", 10 * 1024 * 1024, "字节", "种子 §三(二)：单个文件不能大于10M"),
    "summary_min_chars": ("工作总结字数下限", 600, "字", "种子 §三(二)：800字左右"),
    "summary_max_chars": ("工作总结字数上限", 1000, "字", "种子 §三(二)：800字左右"),
    "notice_working_days": ("单位公示最少工作日", 5, "工作日", "种子 §二(七)；40号令"),
    "ban_years": ("弄虚作假禁申年限", 3, "年", "种子 §二(七)"),
    "objections_per_hour": ("同一地址每小时可提交异议数", 5, "件", "公示异议防滥用"),
    "certificate_lookups_per_hour": ("同一地址每小时可查询证书次数", 30, "次", "证书查询防滥用（种子 §五）"),
    "objection_max_files": ("每件异议证据文件数上限", 5, "个", "公示异议防滥用"),
    "work_report_years": ("述职重点年限", 5, "年", "种子 §二(二)"),
    "scoring_total_points": ("量化赋分满分合计", 100, "分", "种子 §二(五)"),
    "degree_min_age": ("取得学历的最小年龄", 15, "岁", "数据一致性校验"),
    "copies": ("评审表、一览表份数", 3, "份", "种子 §一"),
    "prereview_correction_working_days": ("资格预审补正期限", 5, "工作日", "种子 §三(一)：一次性告知，限期补正"),
    "online_correction_working_days": ("网上审核退回补正期限", 5, "工作日", "种子 §三(三)"),
    "online_application_working_days": ("网上申报期限（主管部门未设置时）", 10, "工作日",
                                        "种子 §三(二)：预审通过后限期网上申报；自预审通过次日起算"),
    "reminder_working_days": ("截止前提醒提前工作日数", 2, "工作日", "截止日期前提醒尚未办理的人员"),
}


def get_param(key: str) -> int:
    cache_key = f"param:{key}"
    value = cache.get(cache_key)
    if value is None:
        row = Parameter.objects.filter(key=key).values_list("value", flat=True).first()
        value = row if row is not None else PARAMETER_DEFAULTS[key][1]
        cache.set(cache_key, value, 60)
    return value


def param_mb(key: str) -> str:
    """A byte-size parameter in MB, as the UI states sizes (10 for 10485760)."""
    return f"{get_param(key) / (1024 * 1024):g}"
