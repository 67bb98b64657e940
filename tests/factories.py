"""Plain factory functions for tests and benchmarks: real rows in the real database.

Rows that carry no state (people, organisations, section items) are created directly. A state is only
ever reached through the front door, the services a user's click would call: `campaign()` publishes
through `publish_campaign`, `submitted()` submits through `dossier.services.submit`, `returned()` goes
through the 退回修改 action. No factory and no test writes `state` or `status` itself.
"""

from __future__ import annotations

import datetime
import functools
import io
import itertools
from collections.abc import Iterable

from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from zhicheng.campaigns.models import Campaign, CampaignStage
from zhicheng.codes.models import AssessmentResult, EducationLevel, Title
from zhicheng.documents.fonts import cjk_font
from zhicheng.dossier import models as m
from zhicheng.orgs.models import Organization, RoleAssignment, User
from zhicheng.orgs.roles import OrgKind
from zhicheng.orgs.validators import credit_code_check_char, id_number_check_char

PASSWORD = "Zc-Test-2026!"
_seq = itertools.count(1)


def credit_code(n: int) -> str:
    body = "9113" + f"{n:013d}"
    return body + credit_code_check_char(body)


def id_number(n: int, birth: datetime.date = datetime.date(1985, 3, 15), female: bool = False) -> str:
    seq = (n % 499) * 2 + (0 if female else 1)
    body = f"130102{birth:%Y%m%d}{seq:03d}"
    return body + id_number_check_char(body)


FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def module_world(django_db_blocker, build):
    """Build data once for a test module inside a transaction rolled back at the end (a generator for a
    module-scoped fixture); each test then runs in its own savepoint (request `db`)."""
    from django.db import transaction
    from django.test import override_settings

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            with override_settings(PASSWORD_HASHERS=FAST_HASHER):
                w = build()
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
    yield w
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


def ensure_code_tables() -> None:
    """Transactional tests flush every table, code tables loaded by migration included: reload them."""
    if not Title.objects.exists():
        import importlib

        from django.apps import apps

        importlib.import_module("zhicheng.codes.migrations.0002_load_code_tables").load(apps, None)


def org(name: str, kind: str, parent: Organization | None = None) -> Organization:
    n = next(_seq)
    return Organization.objects.create(name=name, kind=kind, parent=parent,
                                       credit_code=credit_code(n) if kind != OrgKind.COMMITTEE else None)


def user(role: str | None = None, organization: Organization | None = None, *, name: str = "测试用户",
         birth: datetime.date = datetime.date(1985, 3, 15), username: str | None = None) -> User:
    n = next(_seq)
    u = User.objects.create_user(
        username=username or f"user{n}", password=PASSWORD, real_name=name, birth_date=birth,
        id_number=id_number(n, birth), phone=f"138{n % 10**8:08d}",  # 11 digits however long the session
    )
    if role:
        RoleAssignment.objects.create(user=u, role=role, organization=organization)
    return u


def campaign(unit: Organization, hr: User, *, titles=None, status: str = Campaign.Status.OPEN,
             year: int = 2026) -> Campaign:
    """A campaign of `unit` with an application window around today; OPEN means published by `hr`
    (the unit's HR) through `publish_campaign`, DRAFT means left unpublished."""
    if status not in (Campaign.Status.DRAFT, Campaign.Status.OPEN):
        raise ValueError(f"campaign(): reach {status!r} through its service in the test itself")
    c = Campaign.objects.create(unit=unit, year=year, name=f"{unit.name}{year}年度职称申报",
                                conditions="按河北省相应系列评审条件执行。", policy_text="材料须真实。",
                                created_by=hr)
    c.open_titles.set(titles or Title.objects.filter(code__in=["083", "082", "Z0801"]))
    today = timezone.localdate()  # an open window around today (Beijing time), whenever the suite runs
    CampaignStage.objects.create(campaign=c, stage="application", starts_on=today - datetime.timedelta(days=20),
                                 working_days=30, ends_on=today + datetime.timedelta(days=30))
    if status == Campaign.Status.OPEN:
        from zhicheng.campaigns.services import publish_campaign

        publish_campaign(hr, c)
    return c


def application(applicant: User, camp: Campaign, title_code: str = "082") -> m.Application:
    t = Title.objects.get(code=title_code)
    return m.Application.objects.create(applicant=applicant, campaign=camp, unit=camp.unit, series=t.series,
                                        title=t, level=t.level, specialty="电气工程")


def pdf_bytes(text: str, *, javascript: bool = False) -> bytes:
    """A real PDF with Chinese text in an embedded font (pypdf can extract it back)."""
    buf = io.BytesIO()
    font = cjk_font()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont(font, 11)
    y = 800
    for i in range(0, len(text), 40):
        c.drawString(40, y, text[i:i + 40])
        y -= 16
        if y < 40:
            c.showPage()
            c.setFont(font, 11)
            y = 800
    c.save()
    data = buf.getvalue()
    if javascript:
        import pikepdf

        with pikepdf.open(io.BytesIO(data)) as pdf:
            pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
            out = io.BytesIO()
            pdf.save(out)
            data = out.getvalue()
    return data


def png_bytes() -> bytes:
    """A real 4×4 PNG image."""
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buf, "PNG")
    return buf.getvalue()


def summary_text(chars: int) -> str:
    base = "本人任现职以来认真履行岗位职责主持完成多项工程设计与技术改造任务取得良好经济效益和社会效益"
    return (base * (chars // len(base) + 1))[:chars]


@functools.cache
def summary_pdf() -> bytes:
    """One 800-character 工作总结 PDF, drawn once per run (drawing CJK text is the slow part)."""
    return pdf_bytes(summary_text(800))


def _basic(app: m.Application) -> None:
    m.BasicInfo.objects.create(application=app, ethnicity="汉族", political_status="中共党员", department="设计部",
                               post="电气工程师", work_start_date=datetime.date(2008, 7, 1),
                               professional_start_date=datetime.date(2008, 7, 1), email="a@example.cn")


def _education(app: m.Application) -> None:
    m.Education.objects.create(application=app, school="河北工业大学", major="电气工程及其自动化",
                               education_level=EducationLevel.objects.get(code="21"), degree="bachelor",
                               start_date=datetime.date(2004, 9, 1), end_date=datetime.date(2008, 7, 1))


def _current_title(app: m.Application) -> None:
    m.CurrentTitle.objects.create(application=app, title_name="工程师", obtained_on=datetime.date(2015, 12, 1),
                                  approval_document="冀职改办字〔2015〕88号", approving_body="河北省职改办")


def _work(app: m.Application) -> None:
    m.WorkExperience.objects.create(application=app, start_date=datetime.date(2008, 7, 1), employer="河北电力设计院",
                                    position="设计员")


def _achievement(app: m.Application) -> None:
    m.Achievement.objects.create(application=app, content="主持完成某220kV变电站电气设计。")


def _assessments(app: m.Application) -> None:
    good = AssessmentResult.objects.get(code="competent")
    this_year = app.campaign.year  # a 2026 campaign wants 2021–2025
    for y in range(this_year - 5, this_year):
        m.AnnualAssessment.objects.create(application=app, year=y, result=good)


def _training(app: m.Application) -> None:
    m.ContinuingEducation.objects.create(application=app, year=app.campaign.year - 1, hours=90)


def _summary(app: m.Application) -> None:
    from django.core.files.base import ContentFile

    from zhicheng.files.models import StoredFile

    stored = StoredFile(original_name="工作总结.pdf", kind="pdf", size=1000, sha256="0" * 64,
                        uploaded_by=app.applicant)
    stored.file.save("summary.pdf", ContentFile(summary_pdf()), save=False)
    stored.save()
    m.WorkSummary.objects.create(application=app, file=stored, char_count=800)


# The required sections (sections.SECTIONS, required=True), each with one valid item.
REQUIRED = {"basic": _basic, "education": _education, "current_title": _current_title, "work": _work,
            "achievement": _achievement, "assessments": _assessments, "training": _training, "summary": _summary}


def fill_required(app: m.Application, *, with_summary: bool = True, skip: Iterable[str] = ()) -> m.Application:
    """Fill every required section directly (items carry no state), so a test can submit. `skip` leaves
    out the sections a test fills itself (through the forms or a browser)."""
    skipped = set(skip) | (set() if with_summary else {"summary"})
    for key, fill in REQUIRED.items():
        if key not in skipped:
            fill(app)
    return app


def submitted(app: m.Application, *, fill: bool = True, ip: str | None = None) -> m.Application:
    """提交单位审核 through the front door: the required sections filled (unless `fill=False`: the test
    did), then `dossier.services.submit` by the applicant — guard, version, audit event. Returns the
    caller's object, refreshed."""
    from zhicheng.dossier.services import submit

    if fill:
        fill_required(app)
    submit(app.applicant, app, ip=ip)
    app.refresh_from_db()
    return app


def returned(app: m.Application, hr: User, *, sections: Iterable[str] = ("all",),
             reason: str = "请按要求补充材料。") -> m.Application:
    """退回修改 by the unit's HR through the one action entry (`workflow.actions.perform`), as the
    button and the API do; `app` must be submitted. Returns the caller's object, refreshed."""
    from zhicheng.workflow.actions import perform

    perform(app, "return", actor=hr, reason=reason, data={"sections": list(sections)})
    app.refresh_from_db()
    return app


def submitted_applications(camp: Campaign, n: int, *, name: str = "申报人") -> list[m.Application]:
    """`n` more applicants of the campaign's unit, each with a complete dossier submitted by themselves."""
    return [submitted(application(user("applicant", camp.unit, name=f"{name}{next(_seq)}"), camp))
            for _ in range(n)]
