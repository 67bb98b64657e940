"""The world the robustness tests write into, valid data for every form, and hostile uploads.

Valid data first (`baseline`, `campaign_baseline`, `campaign_json`): one hostile value at a time goes into
otherwise valid input, so each refusal comes from that value and not from the rest.
"""

from __future__ import annotations

from urllib.parse import quote

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile

from zhicheng.campaigns.models import Campaign
from zhicheng.codes.models import AssessmentResult, EducationLevel, Title
from zhicheng.dossier import models as m
from zhicheng.dossier import sections as sec
from zhicheng.dossier import services as dossier
from zhicheng.files.models import StoredFile

from .. import factories as f
from ..conftest import build_world
from .robustness import EMOJI, SCRIPT, kind_of, logged_in


def _fake_file(user, name: str) -> StoredFile:
    """A file row without content on disk (nothing here reads it)."""
    return StoredFile.objects.create(file="u/none.pdf", original_name=name, kind="pdf", size=1, sha256="0" * 64,
                                     uploaded_by=user)


def _complete(app):
    f.fill_required(app, with_summary=False)
    m.WorkSummary.objects.create(application=app, file=_fake_file(app.applicant, "工作总结.pdf"), char_count=800)


def build():
    """world.applicant's complete draft (world.app), a submitted dossier of applicant2 for world.hr to return,
    an open campaign where world.applicant has not applied, and a draft campaign."""
    w = build_world()
    _complete(w.app)
    # A submitted dossier in world.unit, for world.hr to return.
    w.sub_app = f.application(w.applicant2, w.campaign)
    _complete(w.sub_app)
    dossier.submit(w.applicant2, w.sub_app)
    # An open campaign where world.applicant has not applied (to start one) and a draft campaign for HR.
    w.campaign2 = f.campaign(w.unit, w.hr, year=2025)
    w.draft_campaign = f.campaign(w.unit, w.hr, year=2027, status=Campaign.Status.DRAFT)
    w.education = m.Education.objects.filter(application=w.app).first()
    w.work = m.WorkExperience.objects.filter(application=w.app).first()
    w.attachment = m.Attachment.objects.create(application=w.app, section="work", item_id=w.work.pk,
                                               description="证明", file=_fake_file(w.applicant, "证明.pdf"))
    w.level = EducationLevel.objects.get(code="21")
    w.result = AssessmentResult.objects.get(code="competent")
    w.title = Title.objects.get(code="082")
    w.pdf = f.pdf_bytes("学位证书")
    w.summary_pdf = f.pdf_bytes(f.summary_text(800))
    w.applicant_client = logged_in(w.applicant)
    w.hr_client = logged_in(w.hr)
    return w


def baseline(w, key: str) -> dict[str, str]:
    """Valid data for each section form (the applicant was born 1985-03-15)."""
    return {
        "basic": {"ethnicity": "汉族", "political_status": "群众", "department": "设计部", "post": "电气工程师",
                  "work_start_date": "2008-07-01", "professional_start_date": "2008-07-01",
                  "email": "a@example.cn"},
        "education": {"school": "河北工业大学", "major": "电气工程", "education_level": str(w.level.pk),
                      "degree": "master", "start_date": "2008-09-01", "end_date": "2011-07-01",
                      "certificate_no": "123"},
        "current_title": {"title_name": "工程师", "obtained_on": "2015-12-01",
                          "approval_document": "冀职改办字〔2015〕88号", "approving_body": "河北省职改办"},
        "work": {"start_date": "2011-07-01", "end_date": "2015-07-01", "employer": "河北电力设计院",
                 "position": "设计员", "duties": "变电站设计"},
        "achievement": {"content": "主持完成某220kV变电站电气设计。"},
        "projects": {"name": "智能变电站研究", "source": "省科技厅", "grade": "provincial", "role": "leader",
                     "rank": "1", "start_date": "2018-01-01", "end_date": "2019-12-31", "status": "finished"},
        "awards": {"name": "科技进步奖", "grade": "省科技进步二等奖", "rank": "2", "awarded_on": "2019-05-01",
                   "issuer": "河北省人民政府"},
        "publications": {"kind": "paper", "title": "变电站接地设计", "author_rank": "1", "journal": "电力建设",
                         "issn": "1000-0135", "cn": "11-2737/TP", "published_on": "2018-06-01"},
        "honors": {"name": "先进工作者", "issuer": "河北电力设计院", "grade": "unit", "awarded_on": "2017-01-01"},
        "assessments": {"year": "2012", "result": str(w.result.pk)},
        "training": {"year": "2012", "hours": "90", "content": "继续教育"},
        "term_assessments": {"start_date": "2012-01-01", "end_date": "2016-12-31", "result": str(w.result.pk)},
        "others": {"description": "参与编制行业标准一项", "occurred_on": "2019-05-01"},
    }[key]


FORM_SECTIONS = [s.key for s in sec.SECTIONS if s.form is not None]
SECTION_FIELDS = [(s.key, name) for s in sec.SECTIONS if s.form is not None for name in s.form.base_fields]


def form_field(key: str, name: str) -> forms.Field:
    return sec.get(key).form(application=None).fields[name]


def must_refuse(key: str, name: str, hostile_id: str) -> bool:
    """Whether this value in this field of a section form can never be valid."""
    field = form_field(key, name)
    kind = kind_of(field)
    if hostile_id == "empty":
        return field.required
    if kind == "choice":
        return True
    if kind == "date":
        return not (hostile_id == "date-9999" and name in getattr(sec.get(key).form, "future_ok", ()))
    if kind == "number":
        return hostile_id != "int32-overflow"
    return hostile_id in ("long-10000", "nul")


def campaign_baseline(w) -> dict:
    return {"year": "2026", "name": "2026年度职称申报", "conditions": "条件", "policy_text": "政策",
            "titles": [str(w.title.pk)], "panel": [str(w.hr.pk)], "panel_leader": str(w.hr.pk),
            "application_start": "2026-11-02", "application_days": "20"}


def campaign_json(w) -> dict:
    """The API's shape of `campaign_baseline`."""
    return {"year": 2026, "name": "2026年度职称申报", "conditions": "条件", "policy_text": "政策",
            "title_ids": [w.title.pk],
            "stages": [{"stage": "application", "starts_on": "2026-11-02", "working_days": 20}],
            "panel": [{"user_id": w.hr.pk, "duty": "leader"}]}


FILE_IDS = ["no-file", "path-in-name", "zero-bytes", "truncated-pdf", "pdf-without-tail", "pdf-header-only",
            "text-named-pdf", "png-header-only", "nul-in-name", "long-name", "script-in-name"]


def upload(w, file_id: str, *, summary: bool = False) -> SimpleUploadedFile | None:
    pdf = w.summary_pdf if summary else w.pdf
    return {
        "no-file": lambda: None,
        "path-in-name": lambda: SimpleUploadedFile("../../etc/passwd.pdf", pdf, "application/pdf"),
        "zero-bytes": lambda: SimpleUploadedFile("empty.pdf", b"", "application/pdf"),
        "truncated-pdf": lambda: SimpleUploadedFile("half.pdf", pdf[: len(pdf) // 2], "application/pdf"),
        "pdf-without-tail": lambda: SimpleUploadedFile("tail.pdf", pdf[:-40], "application/pdf"),
        "pdf-header-only": lambda: SimpleUploadedFile("head.pdf", b"%PDF-1.7\n", "application/pdf"),
        "text-named-pdf": lambda: SimpleUploadedFile("x.pdf", b"hello", "application/pdf"),
        "png-header-only": lambda: SimpleUploadedFile("x.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, "image/png"),
        "nul-in-name": lambda: SimpleUploadedFile("a\x00b.pdf", pdf, "application/pdf"),
        "long-name": lambda: SimpleUploadedFile("长" * 250 + ".pdf", pdf, "application/pdf"),
        "script-in-name": lambda: SimpleUploadedFile(SCRIPT.replace("/", "") + ".pdf", pdf, "application/pdf"),
    }[file_id]()



def robustness_world(django_db_blocker):
    """For a module-scoped fixture: `build()` once per module, rolled back at its end."""
    yield from f.module_world(django_db_blocker, build)


# Hostile parts of addresses and of the return's sections, shared by the screens' and the API's tests.
DRAFT_FORM_KEYS = {"new": "new", "abc": "abc", "nul": "%00", "long": "k" * 5000, "emoji": quote(EMOJI),
                   "script": quote(SCRIPT.replace("/", "")), "huge": "99999999999999999999"}
RETURN_SECTIONS = {
    "unknown": ["nope"], "script": [SCRIPT], "long": ["长" * 10_000], "nul": ["a\x00b"], "none": [],
    "all": ["all"], "duplicates": ["work", "work"], "valid": ["work"],
}
UPLOAD_KEYS = ["summary", "attachments", "education", "nope"]
QUERY_VALUES = ["huge-int", "superscript-digit", "minus-one", "abc", "nul", "long-10000", "script-emoji"]
