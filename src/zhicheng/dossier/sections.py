"""The dossier's sections in order (§一 / §三(二) 按顺序依次填写): one registry for UI, API, PDF and snapshots."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms as djforms
from django.db import models as djmodels

from zhicheng import querycache

from . import forms as f
from . import models as m


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    model: type[djmodels.Model] | None
    form: type[djforms.ModelForm] | None
    many: bool
    required: bool
    hint: str = ""


SECTIONS: list[Section] = [
    Section("basic", "基本信息", m.BasicInfo, f.BasicInfoForm, False, True),
    Section("education", "学历学位", m.Education, f.EducationForm, True, True, "按时间顺序填写全部学历，从最高学历的前一阶段起"),
    Section("current_title", "现任专业技术职务", m.CurrentTitle, f.CurrentTitleForm, False, True),
    Section("work", "工作经历", m.WorkExperience, f.WorkExperienceForm, True, True),
    Section("achievement", "任现职以来主要业绩", m.Achievement, f.AchievementForm, False, True),
    Section("projects", "科研项目", m.ResearchProject, f.ResearchProjectForm, True, False),
    Section("awards", "专业奖励", m.ProfessionalAward, f.ProfessionalAwardForm, True, False),
    Section("publications", "论文与著作", m.Publication, f.PublicationForm, True, False),
    Section("honors", "综合奖励（荣誉称号）", m.Honor, f.HonorForm, True, False),
    Section("assessments", "年度考核", m.AnnualAssessment, f.AnnualAssessmentForm, True, True, "每年一条"),
    Section("term_assessments", "任职期满考核", m.TermAssessment, f.TermAssessmentForm, True, False,
            "每个任期一条：任期起止时间与考核结果"),
    Section("training", "继续教育", m.ContinuingEducation, f.ContinuingEducationForm, True, True,
            "公需科目、专业科目每年各一条；按本系列的计量单位填写学时或学分"),
    Section("others", "其他", m.OtherItem, f.OtherItemForm, True, False, "其他需要说明的材料，可上传证明"),
    Section("summary", "工作总结", None, None, False, True, "PDF格式，800字左右"),
    Section("attachments", "附件（证明材料）", None, None, True, False, "证书、证明等，可关联到任一条目"),
]
BY_KEY = {s.key: s for s in SECTIONS}
ALL = "all"
RETURN_CHOICES = [(ALL, "所有信息")] + [(s.key, s.label) for s in SECTIONS]


def get(key: str) -> Section:
    try:
        return BY_KEY[key]
    except KeyError:
        raise LookupError(f"没有名为“{key}”的申报材料部分。") from None


def _items_of(section: Section, application_id: int):
    if section.key == "summary":
        return m.WorkSummary.objects.filter(application_id=application_id).select_related("file").order_by("pk")[:1]
    if section.key == "attachments":
        return m.Attachment.objects.filter(application_id=application_id).select_related("file")
    qs = section.model.objects.filter(application_id=application_id)
    if section.model is m.Education:
        qs = qs.select_related("education_level")
    elif section.model in (m.AnnualAssessment, m.TermAssessment):
        qs = qs.select_related("result")
    elif section.model is m.CurrentTitle:
        qs = qs.select_related("title")
    return qs


def items(application, section: Section):
    """The section's rows for one application (a list, even for single sections). Read on every section page and
    by every snapshot: the statement is composed once per thread and section (zhicheng.querycache)."""
    return querycache.fetch(("dossier.items", section.key), lambda a: _items_of(section, a), application.pk)
