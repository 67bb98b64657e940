"""Section forms: server-side validation with every problem listed at once, in Chinese."""

from __future__ import annotations

import copy
import datetime
import re

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils import timezone

from zhicheng.codes.models import get_param
from zhicheng.jinja import WidgetRenderer

from . import models as m

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
JINJA2_WIDGETS = WidgetRenderer()


def _today() -> datetime.date:
    return timezone.localdate()


# Limits on what one dossier may hold (issue 6 §3: 1,000 publications made the 评审表 take 13 s). Business
# parameters (codes.Parameter rows, created by dossier migration 0005); the UI and the API both go through
# these forms and `services.save_item`, so they share the limits.
LIMIT_DEFAULTS = {
    "section_max_items": ("每部分条目数上限", 50, "条", "防止超大申报材料拖慢评审表生成"),
    "text_line_max_chars": ("单行文本字数上限", 300, "字", "名称、单位、刊物等单行填写项"),
    "text_long_max_chars": ("多行文本字数上限", 5000, "字", "任现职以来主要业绩等多行填写项"),
}


def limit(key: str) -> int:
    """A dossier limit: the parameter if an administrator keeps one, else the default above."""
    try:
        return get_param(key)
    except KeyError:  # get_param only knows the defaults of codes; ours are here
        return LIMIT_DEFAULTS[key][1]


def text_limit(field: forms.CharField) -> int:
    """Characters allowed in a free-text field: the parameter of its kind, never above the column's size."""
    kind = "text_long_max_chars" if isinstance(field.widget, forms.Textarea) else "text_line_max_chars"
    return min(limit(kind), field.max_length or limit(kind))


_PREPARED: dict[tuple, dict] = {}  # (form class, line limit, long-text limit) -> its prepared fields


class SectionForm(forms.ModelForm):
    """Base: knows the application (for the applicant's birth date) and forbids future dates."""

    future_ok: tuple[str, ...] = ()
    # Widgets rendered as Django's Jinja2 widget templates render them (zhicheng.jinja.WidgetRenderer): a section
    # page renders a dozen of them, and with Django's engine they were a third of its rendering time.
    default_renderer = JINJA2_WIDGETS

    def __init__(self, *args, application=None, **kwargs):
        self.application = application
        # The fields with this project's messages, widgets and limits are prepared once per form and limits, then
        # deep-copied for each form as Django does: the loop below read two parameters per text field every time.
        key = (type(self), limit("text_line_max_chars"), limit("text_long_max_chars"))
        prepared = _PREPARED.get(key)
        if prepared is None:
            prepared = _PREPARED[key] = self._prepare(copy.deepcopy(type(self).base_fields))
        self.base_fields = prepared
        super().__init__(*args, **kwargs)

    @classmethod
    def _prepare(cls, fields: dict) -> dict:
        for field in fields.values():
            if isinstance(field, forms.DateField):
                field.widget = DATE_WIDGET
                field.input_formats = ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日"]
            field.error_messages["required"] = f"请填写{field.label}。"
            if isinstance(field, forms.DateField):
                field.error_messages["invalid"] = f"{field.label}格式不正确，应为“2026-11-26”。"
            if isinstance(field, forms.IntegerField):
                field.error_messages["invalid"] = f"{field.label}应为整数。"
                field.error_messages["min_value"] = f"{field.label}不能小于%(limit_value)s。"
            if isinstance(field, forms.ModelChoiceField | forms.ChoiceField):
                field.error_messages["invalid_choice"] = f"{field.label}的选项无效，请重新选择。"
            if isinstance(field, forms.CharField) and not isinstance(field, forms.TypedChoiceField):
                cls._limit_length(field)
            if isinstance(field, forms.ModelChoiceField):
                field.empty_label = "请选择"
            elif isinstance(field, forms.TypedChoiceField) and field.choices and field.choices[0][0] == "":
                field.choices = [("", "请选择")] + list(field.choices)[1:]
        return fields

    @staticmethod
    def _limit_length(field: forms.CharField) -> None:
        """The same limit in the browser (maxlength) and on the server, with a message naming it."""
        size = text_limit(field)
        field.max_length = size
        field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
        field.validators.append(MaxLengthValidator(
            size, message=f"{field.label}不能超过{size}个字（现有%(show_value)d个字）。"))
        field.widget.attrs["maxlength"] = str(size)

    @property
    def birth_date(self) -> datetime.date | None:
        return self.application.applicant.birth_date if self.application else None

    def clean(self):
        data = super().clean()
        today = _today()
        for name, field in self.fields.items():
            value = data.get(name)
            if isinstance(field, forms.DateField) and value and name not in self.future_ok and value > today:
                self.add_error(name, f"{field.label}不能晚于今天。")
            if isinstance(field, forms.DateField) and value and self.birth_date and value < self.birth_date:
                self.add_error(name, f"{field.label}不能早于出生日期。")
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "截止时间不能早于起始时间。")
        return data


class BasicInfoForm(SectionForm):
    class Meta:
        model = m.BasicInfo
        fields = ["ethnicity", "political_status", "department", "post", "work_start_date",
                  "professional_start_date", "email"]

    def clean(self):
        data = super().clean()
        ws, ps = data.get("work_start_date"), data.get("professional_start_date")
        if ws and ps and ps < ws:
            self.add_error("professional_start_date", "从事专业技术工作时间不能早于参加工作时间。")
        if ws and self.birth_date and ws < _add_years(self.birth_date, 16):
            self.add_error("work_start_date", "参加工作时间应在年满16周岁之后。")
        return data


def _add_years(d: datetime.date, years: int) -> datetime.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


class EducationForm(SectionForm):
    class Meta:
        model = m.Education
        fields = ["school", "major", "education_level", "degree", "start_date", "end_date", "certificate_no"]

    def clean(self):
        data = super().clean()
        end = data.get("end_date")
        min_age = get_param("degree_min_age")
        if end and self.birth_date and end < _add_years(self.birth_date, min_age):
            self.add_error("end_date", f"毕业时间早于出生后{min_age}年，请核对。")
        return data


class CurrentTitleForm(SectionForm):
    """The current title as a code (with how it was obtained) so that 逐级申报 can be checked; the name shown
    on the forms is filled from the code when left blank (dossiers from before the code keep their name)."""

    class Meta:
        model = m.CurrentTitle
        fields = ["title", "obtained_by", "title_name", "obtained_on", "approval_document", "approving_body"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from zhicheng.codes.models import Title

        self.fields["title"].queryset = Title.objects.filter(active=True).select_related("series")
        self.fields["title"].label_from_instance = lambda t: f"{t.series.name} · {t.name}（{t.get_level_display()}）"
        self.fields["title_name"].required = False
        self.fields["title_name"].help_text = "选择职称代码后可不填，默认为所选职称名称"

    def clean(self):
        data = super().clean()
        title, name = data.get("title"), (data.get("title_name") or "").strip()
        if not name and title is not None:
            data["title_name"] = title.name
        elif not name and "title_name" not in self.errors:
            self.add_error("title", "请选择现任职称。")
        if title is not None and not data.get("obtained_by"):
            self.add_error("obtained_by", "请选择取得方式（评审、考试或认定）。")
        return data


class WorkExperienceForm(SectionForm):
    class Meta:
        model = m.WorkExperience
        fields = ["start_date", "end_date", "employer", "position", "duties"]


class AchievementForm(SectionForm):
    class Meta:
        model = m.Achievement
        fields = ["content"]
        widgets = {"content": forms.Textarea(attrs={"rows": 12})}


class ResearchProjectForm(SectionForm):
    future_ok = ("end_date",)

    class Meta:
        model = m.ResearchProject
        fields = ["name", "source", "grade", "role", "rank", "start_date", "end_date", "status"]


class ProfessionalAwardForm(SectionForm):
    class Meta:
        model = m.ProfessionalAward
        fields = ["name", "grade", "rank", "awarded_on", "issuer"]


_ISSN = re.compile(r"^\d{4}-?\d{3}[\dX]$")
_CN = re.compile(r"^\d{2}-\d{4}(/[A-Z0-9.]+)?$")


def issn_valid(value: str) -> bool:
    v = value.replace("-", "").upper()
    if not _ISSN.match(value.upper()):
        return False
    total = sum(int(c) * w for c, w in zip(v[:7], range(8, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    return v[7] == ("X" if check == 10 else str(check))


class PublicationForm(SectionForm):
    class Meta:
        model = m.Publication
        fields = ["kind", "title", "author_rank", "journal", "issn", "cn", "published_on"]

    def clean(self):
        data = super().clean()
        issn, cn = (data.get("issn") or "").strip().upper(), (data.get("cn") or "").strip().upper()
        if issn and not issn_valid(issn):
            self.add_error("issn", "ISSN格式或校验位不正确，应如“1000-0135”。")
        if cn and not _CN.match(cn):
            self.add_error("cn", "CN格式不正确，应如“11-2737/TP”。")
        if data.get("kind") == "paper" and not issn and not cn:
            self.add_error("issn", "论文须填写所发表刊物的ISSN或CN。")
        data["issn"], data["cn"] = issn, cn
        if data.get("author_rank") is not None and data["author_rank"] < 1:
            self.add_error("author_rank", "本人排名应为1及以上的整数。")
        return data


class HonorForm(SectionForm):
    class Meta:
        model = m.Honor
        fields = ["name", "issuer", "grade", "awarded_on"]


class AnnualAssessmentForm(SectionForm):
    class Meta:
        model = m.AnnualAssessment
        fields = ["year", "result"]

    def clean(self):
        data = super().clean()
        year = data.get("year")
        if year and year > _today().year:
            self.add_error("year", "考核年度不能晚于今年。")
        elif year and self.birth_date and year < self.birth_date.year + 16:
            self.add_error("year", "考核年度早于参加工作年龄，请核对。")
        if year and self.application:
            clash = m.AnnualAssessment.objects.filter(application=self.application, year=year)
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("year", f"{year}年度的考核结果已填写，每年只能填写一条。")
        return data


def counts_credits(application) -> bool:
    """Whether the application's series counts continuing education in credits (codes.Series.ce_unit)."""
    from zhicheng.codes.models import Series

    return bool(application) and application.series.ce_unit == Series.CEUnit.CREDITS


class ContinuingEducationForm(SectionForm):
    """公需科目 and 专业科目, one item each per year; hours, or credits where the series counts credits."""

    class Meta:
        model = m.ContinuingEducation
        fields = ["year", "kind", "hours", "credits", "content"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit_field = "credits" if counts_credits(self.application) else "hours"
        self.other_field = "hours" if self.unit_field == "credits" else "credits"
        self.fields[self.other_field].widget = forms.HiddenInput()  # still checked: never silently dropped
        self.fields[self.unit_field].required = True
        self.fields["kind"].required = False  # older clients send none: 专业科目
        self.fields[self.unit_field].error_messages["required"] = f"请填写{self.fields[self.unit_field].label}。"
        if "credits" in self.fields:
            self.fields["credits"].error_messages["invalid"] = "学分应为数字，最多一位小数。"
            self.fields["credits"].error_messages["max_decimal_places"] = "学分最多一位小数。"

    def clean(self):
        data = super().clean()
        data["kind"] = kind = data.get("kind") or m.ContinuingEducation.Kind.PROFESSIONAL
        year = data.get("year")
        if year and year > _today().year:
            self.add_error("year", "年度不能晚于今年。")
        if data.get("hours") is not None and not (1 <= data["hours"] <= 2000):
            self.add_error("hours", "学时应在1到2000之间。")
        if data.get("credits") is not None and not (0 < data["credits"] <= 1000):
            self.add_error("credits", "学分应大于0且不超过1000。")
        if data.get(self.other_field) is not None and self.other_field not in self.errors:
            unit = self.fields[self.unit_field].label
            self.add_error(self.other_field, f"本系列继续教育按{unit}计算，请填写{unit}，不填{self.fields[self.other_field].label}。")
        if year and kind and self.application:
            clash = m.ContinuingEducation.objects.filter(application=self.application, year=year, kind=kind)
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                label = m.ContinuingEducation.Kind(kind).label
                self.add_error("year", f"{year}年度的{label}已填写，请修改该条而不是新增。")
        return data


class TermAssessmentForm(SectionForm):
    class Meta:
        model = m.TermAssessment
        fields = ["start_date", "end_date", "result"]


class OtherItemForm(SectionForm):
    class Meta:
        model = m.OtherItem
        fields = ["description", "occurred_on"]


class UploadForm(forms.Form):
    file = forms.FileField(label="文件", error_messages={"required": "请选择要上传的文件。"})
    description = forms.CharField(label="说明", max_length=200, required=False)
    item_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
