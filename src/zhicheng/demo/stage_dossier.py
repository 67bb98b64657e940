"""§一 scenarios: each unit's published campaign and about forty dossiers in every §一 state.

Dossiers are built only through the dossier services (validation, audit, workflow), the way an applicant
and the unit HR would build them: drafts part-filled or complete, submitted, returned with a reason,
and corrected and submitted again. §二 adds its own module (stage_unit_review) when it is built. An application is
keyed on (applicant, campaign) and a campaign on (unit, year), so a second run creates nothing.
"""

from __future__ import annotations

import datetime
import random
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import CommandError
from django.db import transaction

from zhicheng.campaigns.models import Campaign
from zhicheng.campaigns.services import publish_campaign, save_campaign
from zhicheng.codes.models import AssessmentResult, EducationLevel, Title
from zhicheng.dossier import models as m
from zhicheng.dossier import services as ds
from zhicheng.errors import Refusal
from zhicheng.orgs.models import User
from zhicheng.workdays.services import add_working_days, working_days_between

from .context import Context
from .data import HEALTH_TRACKS, RETURNS, SEED, STAGE_DAYS, TRACKS, UNIT_BY_KEY, UNITS, D, UnitSpec
from .files import certificate_png, summary_pdf
from .holidays import ensure_years
from .people import ApplicantPlan
from .texts import (
    ACHIEVEMENTS,
    AWARDS,
    ETHNICITIES,
    HIGH_SCHOOLS,
    HONORS,
    PAPERS,
    POLITICAL,
    POSITIONS_BEFORE,
    PROJECTS,
    SUMMARY_CLOSING,
    SUMMARY_GENERIC,
    SUMMARY_POOLS,
    TRAINING,
)
from .world import ensure_user

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def populate(ctx: Context) -> None:
    # Deadlines in a year the calendar lacks get a provisional schedule, marked as demo data.
    ctx.provisional_years = ensure_years(ctx.today - datetime.timedelta(days=60),
                                         ctx.today + datetime.timedelta(days=240))
    stages = campaign_stages(ctx.today)
    for unit in UNITS:
        with transaction.atomic():
            ctx.campaigns[unit.key] = _campaign(ctx, unit, stages)
    codes = _Codes()
    for plan in ctx.applicants:
        with transaction.atomic():
            _applicant(ctx, codes, plan)


class _Codes:
    """The code-table rows the dossiers refer to, read once."""

    def __init__(self) -> None:
        self.results = {r.code: r for r in AssessmentResult.objects.all()}
        self.edu_levels = {e.code: e for e in EducationLevel.objects.all()}


def campaign_stages(today: datetime.date) -> list[tuple[str, datetime.date, int]]:
    """The campaign placed around today, whatever the day: the application window opened on the Monday four
    weeks ago and stays open 15 more working days; each later stage starts on the working day after the one
    before it ends (STAGE_DAYS working days each)."""
    start = today - datetime.timedelta(days=28)
    start -= datetime.timedelta(days=start.weekday())
    stages = [("application", start, working_days_between(start, today) + 15)]
    for stage, days in STAGE_DAYS:
        prev_start, prev_days = stages[-1][1:]
        stages.append((stage, add_working_days(add_working_days(prev_start, prev_days) + datetime.timedelta(days=1),
                                               1), days))
    return stages


def _campaign(ctx: Context, unit: UnitSpec, stages: list[tuple[str, datetime.date, int]]) -> Campaign:
    org = ctx.orgs[unit.key]
    year = ctx.today.year
    campaign = Campaign.objects.filter(unit=org, year=year).order_by("id").first()
    hr = ctx.users[unit.hr]
    try:
        if campaign is None:
            titles = list(Title.objects.filter(code__in=unit.titles))
            campaign = save_campaign(
                hr, unit=org, titles=titles, stages=stages,
                panel=[(ctx.users[u], duty) for u, duty in unit.panel],
                data={"year": year, "name": f"{org.name}{year}年度职称申报推荐工作",
                      "conditions": unit.conditions, "policy_text": unit.policy},
            )
            ctx.created["年度申报"] += 1
        if campaign.status == Campaign.Status.DRAFT:
            publish_campaign(hr, campaign)
    except Refusal as exc:
        raise CommandError(f"{org.name}的年度申报未能建立：{exc}") from exc
    return campaign


def _applicant(ctx: Context, codes: _Codes, plan: ApplicantPlan) -> None:
    user = ensure_user(ctx, plan.person)
    campaign = ctx.campaigns[plan.unit]
    if m.Application.objects.filter(applicant=user, campaign=campaign).exists():
        return
    try:
        _DossierBuilder(ctx, codes, plan, user, campaign).build()
    except Refusal as exc:
        raise CommandError(f"{plan.person.real_name}（{plan.person.username}）的申报未能建立：{exc} {exc.fields or ''}") \
            from exc
    ctx.created["申报"] += 1



class _DossierBuilder:
    """Fill one dossier through the dossier services, like the applicant would, then play its scenario."""

    def __init__(self, ctx: Context, codes: _Codes, plan: ApplicantPlan, user: User, campaign: Campaign):
        self.ctx, self.codes, self.plan, self.user, self.campaign = ctx, codes, plan, user, campaign
        self.rng = random.Random(f"{SEED}:{plan.person.username}")
        self.unit = UNIT_BY_KEY[plan.unit]
        self.org = ctx.orgs[plan.unit]
        self.sp = plan.specialty
        self.field = "nurse" if self.sp.track == "nurse" else "doctor" if self.sp.track == "doctor" else \
            self.unit.field
        self.subj = self.sp.name.removeprefix("中学")
        self.school, self.school_code = self.rng.choice(self.unit.schools)
        self.high_school = self.rng.choice(HIGH_SCHOOLS)
        self.flawed = plan.scenario in ("returned", "resubmitted")
        self.app: m.Application | None = None
        self.items: dict[str, object] = {}

    # helpers
    def fmt(self, text: str) -> str:
        return text.format(sp=self.sp.name, subj=self.subj, unit=self.org.name,
                           n=self.rng.randint(6, 18), k=self.rng.randint(2, 5))

    def save(self, section: str, data: dict, item_id: int | None = None):
        clean = {k: ("" if v is None else str(v)) for k, v in data.items()}
        obj = ds.save_item(self.user, self.app, section, clean, item_id=item_id)
        self.items.setdefault(section, []).append(obj)
        return obj

    def rand_date(self, start: datetime.date, end: datetime.date) -> datetime.date:
        end = min(end, self.ctx.today - datetime.timedelta(days=30))
        if end <= start:
            return start
        return start + datetime.timedelta(days=self.rng.randrange((end - start).days))

    @property
    def work_start(self) -> datetime.date:
        return D(self.plan.final_year, 7, 15)

    # sections
    def basic(self):
        self.save("basic", {
            "ethnicity": self.rng.choice(ETHNICITIES), "political_status": self.rng.choice(POLITICAL),
            "department": self.sp.department, "post": self.sp.post,
            "work_start_date": self.work_start.isoformat(), "professional_start_date": self.work_start.isoformat(),
            "email": self.user.email,
        })

    def education(self):
        p, medical = self.plan, self.sp.track in ("doctor", "nurse")
        f = p.final_year
        bachelor_years = 5 if medical and self.sp.bachelor != "护理学" else 4
        rows = []  # (school, code, major, level code, degree, start year, end year)
        if p.degree == "junior":
            rows += [(self.high_school, "", "普通高中", "61", "none", f - 6, f - 3),
                     ("石家庄医学高等专科学校", "12560", "护理", "31", "none", f - 3, f)]
        elif p.degree == "bachelor":
            b = f - bachelor_years
            rows += [(self.high_school, "", "普通高中", "61", "none", b - 3, b),
                     (self.school, self.school_code, self.sp.bachelor, "21", "bachelor", b, f)]
        elif p.degree == "master":
            b = f - 3 - bachelor_years
            rows += [(self.school, self.school_code, self.sp.bachelor, "21", "bachelor", b, f - 3),
                     (self.school, self.school_code, self.sp.master, "14", "master", f - 3, f)]
        else:
            rows += [(self.school, self.school_code, self.sp.master, "14", "master", f - 6, f - 3),
                     (self.school, self.school_code, self.sp.master, "11", "doctor", f - 3, f)]
        level_digit = {"61": "", "31": "6", "21": "5", "14": "2", "11": "1"}
        for school, code, major, level, degree, start, end in rows:
            cert = f"{code}1{level_digit[level]}{end}{self.rng.randrange(10 ** 6):06d}" if code else ""
            self.save("education", {
                "school": school, "major": major, "education_level": self.codes.edu_levels[level].pk,
                "degree": degree, "start_date": f"{start}-09-01",
                "end_date": f"{end}-07-{self.rng.choice(['01', '01', '05', '10'])}", "certificate_no": cert,
            })
        self.highest = rows[-1]

    def current_title(self):
        p = self.plan
        rung = p.rung - 1  # the current title is one rung below the one applied for
        name = TRACKS[self.sp.track][rung][1]
        y, no = p.current_obtained.year, self.rng.randint(12, 260)
        if self.sp.track in HEALTH_TRACKS and rung <= 1:  # 初级/中级 health titles: the national examination
            doc, body = f"卫生专业技术资格证书 管理号{y}13{self.rng.randrange(10 ** 8):08d}", \
                "国家卫生健康委员会、人力资源社会保障部"
        elif rung >= 2:  # 副高 and above: the provincial committee, approved by the 省职改办
            doc, body = f"冀职改办字〔{y}〕{no}号", "河北省职称改革领导小组办公室"
        else:
            prefix, body = self.unit.approval
            doc = f"{prefix}〔{y}〕{no}号"
        self.title_doc = doc
        if self.flawed and RETURNS[p.return_index][1] == ["current_title"]:
            doc = re.sub(r"\d+号$", "号", doc) if doc.endswith("号") else doc[:-4]
        self.save("current_title", {"title_name": name, "obtained_on": p.current_obtained.isoformat(),
                                    "approval_document": doc, "approving_body": body})

    def work(self):
        years = self.ctx.today.year - self.plan.final_year
        if years >= 8 and self.rng.random() < 0.35:
            switch = D(self.plan.final_year + self.rng.randint(2, 4), 7, 1)
            self.save("work", {"start_date": self.work_start.isoformat(),
                               "end_date": (switch - datetime.timedelta(days=1)).isoformat(),
                               "employer": self.rng.choice(self.unit.previous_employers),
                               "position": POSITIONS_BEFORE[self.field], "duties": f"{self.sp.post}工作"})
            start = switch
        else:
            start = self.work_start
        self.save("work", {"start_date": start.isoformat(), "end_date": "", "employer": self.org.name,
                           "position": f"{self.sp.department}{self.sp.post}",
                           "duties": f"从事{self.sp.name}专业技术工作"})

    def achievement(self):
        lines = [f"{i}. {self.fmt(t)}" for i, t in enumerate(ACHIEVEMENTS[self.field], 1)]
        self.save("achievement", {"content": "\n".join(lines)})

    def assessment_years(self) -> list[int]:
        first = max(self.ctx.today.year - 5, self.work_start.year + 1)
        return list(range(first, self.ctx.today.year))

    def assessments(self):
        for y in self.assessment_years():
            code = "excellent" if self.rng.random() < 0.25 else "competent"
            self.save("assessments", {"year": y, "result": self.codes.results[code].pk})

    @property
    def ce_unit(self) -> str:
        """The series counts continuing education in hours or credits (codes.Series.ce_unit)."""
        return self.app.series.ce_unit

    def training(self):
        flaw = self.flawed and RETURNS[self.plan.return_index][1] == ["training"]
        for i, y in enumerate(self.assessment_years()):
            hours = 24 if flaw and i == 0 else self.rng.choice([72, 80, 90, 96, 102, 120])
            self.save("training", {"year": y, self.ce_unit: hours if self.ce_unit == "hours" else hours // 3,
                                   "content": self.rng.choice(TRAINING[self.field])})

    def optional(self):
        rng, since, year = self.rng, self.plan.current_obtained, self.campaign.year
        if self.plan.rung >= 2 or rng.random() < 0.3:
            for name, source, grade in rng.sample(PROJECTS[self.field], k=rng.randint(1, 2)):
                start = self.rand_date(since, D(year - 2, 6, 30))
                lead = self.plan.rung >= 3 or rng.random() < 0.4
                finished = start.year <= year - 3
                self.save("projects", {
                    "name": self.fmt(name), "source": source, "grade": grade,
                    "role": "leader" if lead else "participant", "rank": 1 if lead else rng.randint(2, 5),
                    "start_date": start.isoformat(),
                    "end_date": D(start.year + 2, 12, 31).isoformat() if finished else "",
                    "status": "finished" if finished else "ongoing",
                })
        for title, journal, issn, cn in rng.sample(PAPERS[self.field], k=rng.randint(1, 2)):
            self.save("publications", {
                "kind": "paper", "title": self.fmt(title), "author_rank": rng.randint(1, 3), "journal": journal,
                "issn": issn, "cn": cn, "published_on": self.rand_date(since, D(year, 6, 30)).isoformat(),
            })
        if self.plan.rung >= 2 and rng.random() < 0.4:
            name, grade, issuer = rng.choice(AWARDS[self.field])
            self.save("awards", {"name": name, "grade": grade, "rank": rng.randint(1, 5), "issuer": issuer,
                                 "awarded_on": self.rand_date(since, D(year - 1, 12, 31)).isoformat()})
        if rng.random() < 0.5:
            name, issuer, grade = rng.choice(HONORS[self.field])
            self.save("honors", {"name": name, "issuer": self.fmt(issuer), "grade": grade,
                                 "awarded_on": self.rand_date(since, D(year - 1, 12, 31)).isoformat()})

    def summary(self, version: int = 1):
        p, rng = self.plan, self.rng
        cur = TRACKS[self.sp.track][p.rung - 1][1]
        opening = (f"本人{p.person.real_name}，{p.person.birth.year}年{p.person.birth.month}月出生，{p.final_year}年毕业于"
                   f"{self.highest[0]}{self.highest[2]}专业，同年参加工作，现在{self.org.name}{self.sp.department}从事"
                   f"{self.sp.post}工作。{p.current_obtained.year}年取得{cur}资格以来，本人认真履行岗位职责，较好地完成了"
                   f"各项工作任务。现将任现职以来的主要工作总结如下。")
        pool = [self.fmt(t) for t in SUMMARY_POOLS[self.field]]
        rng.shuffle(pool)
        pool.sort(key=lambda para: not para.startswith("任现职以来"))  # the overview first
        body = [opening]
        chars = len(_CJK.findall(opening + SUMMARY_CLOSING))
        for para in pool + SUMMARY_GENERIC:
            if chars >= 780:
                break
            body.append(para)
            chars += len(_CJK.findall(para))
        body.append(SUMMARY_CLOSING)
        title = "专业技术工作总结"
        written = self.ctx.today - datetime.timedelta(days=21 if version == 1 else 0)  # before submitting
        byline = f"{self.org.name}  {p.person.real_name}  {written.year}年{written.month}月"
        data = summary_pdf(title, byline, body)
        uploaded = SimpleUploadedFile(f"{p.person.real_name}工作总结.pdf", data, content_type="application/pdf")
        ds.upload_work_summary(self.user, self.app, uploaded)

    def certificate(self, *, clear: bool):
        school, _code, major, _level, _degree, start, end = self.highest
        p = self.plan.person
        lines = [f"学生 {p.real_name}，性别 {'男' if p.gender == '1' else '女'}，{p.birth.year}年{p.birth.month}月"
                 f"{p.birth.day}日生，于{start}年9月至{end}年7月在本校{major}专业学习，修完教学计划规定的全部课程，"
                 f"成绩合格，准予毕业。", "", f"校名：{school}", f"证书编号：{self.education_cert()}"]
        uploaded = SimpleUploadedFile("毕业证书.png", certificate_png(lines, clear=clear), content_type="image/png")
        education = self.items["education"][-1]
        return ds.attach_file(self.user, self.app, uploaded, section_key="education", item_id=education.pk,
                              description="最高学历毕业证书扫描件" + ("（重新扫描）" if clear and self.flawed else ""))

    def education_cert(self) -> str:
        return self.items["education"][-1].certificate_no or "—"

    # scenario
    def build(self):
        p = self.plan
        title = Title.objects.get(code=TRACKS[self.sp.track][p.rung][0])
        self.app = ds.start_application(self.user, campaign=self.campaign, title=title, specialty=self.sp.name)
        steps = [self.basic, self.education, self.current_title, self.work, self.achievement, self.assessments,
                 self.training]
        if p.scenario == "partial":
            for step in steps[: self.rng.randint(1, 6)]:
                step()
            return
        for step in steps:
            step()
        self.optional()
        self.summary()
        blurry = self.flawed and "attachments" in RETURNS[p.return_index][1]
        self.certificate(clear=not blurry)
        if p.scenario in ("complete", "office", "chain"):  # stage_office / stage_forwarding take them on
            return
        self.app = ds.submit(self.user, self.app)
        hr = self.ctx.users[self.unit.hr]
        if p.scenario in ("returned", "resubmitted"):
            reason, sections = RETURNS[p.return_index]
            self.app = ds.return_to_applicant(hr, self.app, reason=reason, sections=sections)
            if p.scenario == "resubmitted":
                self.fix(sections[-1])
                self.app = ds.submit(self.user, self.app)

    def fix(self, section: str):
        """The applicant corrects what the unit sent back."""
        if section == "attachments":
            old = m.Attachment.objects.filter(application=self.app).first()
            self.certificate(clear=True)
            if old:
                ds.delete_item(self.user, self.app, "attachments", old.pk)
        elif section == "current_title":
            ct = m.CurrentTitle.objects.get(application=self.app)
            self.save("current_title", {"title_name": ct.title_name, "obtained_on": ct.obtained_on.isoformat(),
                                        "approval_document": self.title_doc, "approving_body": ct.approving_body},
                      item_id=ct.pk)
        elif section == "assessments":
            row = m.AnnualAssessment.objects.filter(application=self.app).order_by("year").first()
            other = "excellent" if row.result.code == "competent" else "competent"
            self.save("assessments", {"year": row.year, "result": self.codes.results[other].pk}, item_id=row.pk)
        elif section == "summary":
            self.summary(version=2)
        elif section == "training":
            row = m.ContinuingEducation.objects.filter(application=self.app).order_by("year").first()
            self.save("training", {"year": row.year, self.ce_unit: 90 if self.ce_unit == "hours" else 30,
                                   "content": row.content}, item_id=row.pk)
