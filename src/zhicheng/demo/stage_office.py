"""§三 主管部门审查 in the demo: demo_office's office (河北省发展和改革委员会, over u_power) with work in every
step, taken through the stage services only, so the office reviewer finds work waiting on the home page.

Data first (as an administrator would enter it in the back office): the review fee per level (FeeRule, a
demo amount, not the province's published fee) and the routing table rows sending 工程技术 高级 to the
committee host after the provincial office's spot check (Route). Then demo_office sets the office's §三
steps (schedule.set_step), placed around today so every countdown runs.

u_power's HR records a §二 run on paper (`record_paper_outcome`: scans, a notice that ended before today)
for the seven dossiers planned for this stage (data.EXTRA_OFFICE: complete drafts the applicants submit
here) and three people with no application in the system (纸质途径). The office then:

* leaves one dossier 单位已推荐上报 (资格预审 waits) and returns one (预审不通过, a correction deadline running);
* passes one (预审通过: 网上申报中), one the applicant has submitted online (网上申报已提交), one passed
  online with its paper dossier received and bound and its fee recorded (网上审核通过, 待交卷审查完成), one
  with the 呈报意见 signed (已签署呈报意见, waiting to be forwarded) and one forwarded (报送省职改办抽查);
* admits two of the paper people (账号 created by the office): one waits for its 资格预审, one is passed,
  which opens the account (must_change_password). The third is not admitted yet.

Passwords: `prereview_pass` gives the opened account a one-time random password shown once to the reviewer;
the demo prints nothing of it and sets the account's password to the published demo password instead
(the same direct write as world.ensure_user does for every demo account), leaving must_change_password on:
the first login asks for a new one. Where the eligibility engine does not pass a demo dossier, the pass
carries a justification (the real path for a reviewer who has checked the originals).

A campaign whose unit already has a paper batch is left as it is (the stage is one transaction), so a
second run creates nothing.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import CommandError
from django.db import transaction

from zhicheng.codes.models import Level, Title
from zhicheng.dossier import services as ds
from zhicheng.dossier.models import Application
from zhicheng.errors import Refusal
from zhicheng.office_review import handin, online, prereview, schedule, transfer
from zhicheng.office_review.models import FeeRule, OfficeSchedule, PaperAdmission, Route
from zhicheng.orgs.models import User
from zhicheng.orgs.roles import Role
from zhicheng.unit_submission.models import SubmissionEntry, UnitSubmission
from zhicheng.unit_submission.services import batch as unit_batch
from zhicheng.workdays.formats import cn_date
from zhicheng.workdays.services import is_working_day

from .context import Context
from .data import SEED, D, Person
from .files import summary_pdf
from .people import _identify, _name
from .stage_recommendation import ended_period

UNIT, OFFICE, REVIEWER = "u_power", "office_fgw", "demo_office"
# Demo amounts (元) per level for every series; an administrator sets the province's own in the back office.
FEES = {Level.INTERMEDIATE: Decimal("300.00"), Level.ASSOCIATE_SENIOR: Decimal("500.00"),
        Level.SENIOR: Decimal("600.00")}
# The office's §三 steps: (step, working days), all starting on the working day a week before today.
STEPS = [(OfficeSchedule.Step.PREREVIEW, 10), (OfficeSchedule.Step.ONLINE, 15), (OfficeSchedule.Step.HANDIN, 20),
         (OfficeSchedule.Step.FORWARD, 25)]
JUSTIFICATION = "经核对人事档案和证书原件，申报人符合申报条件（系统核对所缺材料已由单位补充纸质证明）。"
RETURN_REASON = ("近五年继续教育学时证明不全，请补充继续教育证书或学时登记表扫描件。", ["training"])
ENDORSEMENT = "经审查，该同志申报材料真实、齐全，符合申报条件，同意呈报。"
PAPER_OPINION = "经单位推荐组织述职、考核答辩、量化赋分和领导班子集体研究，并经公示无异议，同意推荐。"
PAPER_PEOPLE = 3  # people of the paper batch with no application here: two admitted, one waiting


def populate(ctx: Context) -> None:
    campaign = ctx.campaigns.get(UNIT)
    if campaign is None or UnitSubmission.objects.filter(campaign=campaign, kind=UnitSubmission.Kind.PAPER).exists():
        return
    try:
        with transaction.atomic():
            _Office(ctx, campaign).build()
    except Refusal as exc:
        raise CommandError(f"演示数据（主管部门审查环节）未能建立：{exc}") from exc


def _working_day_on_or_before(day: datetime.date) -> datetime.date:
    while not is_working_day(day):
        day -= datetime.timedelta(days=1)
    return day


def _scan(title: str, lines: list[str]) -> SimpleUploadedFile:
    return SimpleUploadedFile(f"{title}扫描件.pdf", summary_pdf(title, "", lines), content_type="application/pdf")


def paper_people(count: int = PAPER_PEOPLE) -> list[Person]:
    """The paper batch's people (no account, no application here): seeded, valid and unused ID numbers."""
    rng = random.Random(f"{SEED}:paper")
    used = set(User.objects.values_list("real_name", flat=True))
    people = []
    for _ in range(count):
        gender = "2" if rng.random() < 0.4 else "1"
        name = _name(rng, gender)
        while name in used:
            name = _name(rng, gender)
        used.add(name)
        people.append(Person("", name, gender, D(rng.randint(1978, 1988), rng.randint(1, 12), rng.randint(1, 28)),
                             Role.APPLICANT, UNIT))
    taken = set(User.objects.values_list("id_number", flat=True))
    while True:
        _identify(rng, people)
        if not {p.id_number for p in people} & taken:
            return people


class _Office:
    def __init__(self, ctx: Context, campaign):
        self.ctx, self.campaign, self.today = ctx, campaign, ctx.today
        self.office = ctx.orgs[OFFICE]
        self.reviewer = ctx.users[REVIEWER]
        self.hr = ctx.users["demo_hr"]

    def build(self) -> None:
        self.reference_data()
        self.set_schedule()
        apps = self.submitted()
        people = paper_people()
        sub = self.record_paper_batch(apps, people)
        waiting, returned, passed, submitted, online_passed, endorsed, forwarded = apps
        del waiting  # 单位已推荐上报: the office's 资格预审 waits
        reason, sections = RETURN_REASON
        prereview.prereview_return(self.reviewer, self.fresh(returned), items=[{"reason": reason, "sections": sections}])
        for app in (passed, submitted, online_passed, endorsed, forwarded):
            self.prereview_pass(app)
        for app in (submitted, online_passed, endorsed, forwarded):
            online.online_submit(app.applicant, self.fresh(app), confirmed=True)
        for n, app in enumerate((online_passed, endorsed, forwarded), 1):
            app = online.online_pass(self.reviewer, self.fresh(app))
            handin.record_paper(self.reviewer, app, received_on=self.today,
                                items=[i.name for i in handin.checklist(app.series)])
            handin.bind(self.reviewer, self.fresh(app))
            handin.record_fee(self.reviewer, self.fresh(app), receipt_no=f"FGW{self.campaign.year}{n:05d}",
                              paid_on=self.today)
        for app in (endorsed, forwarded):
            handin.endorse(self.reviewer, self.fresh(app), text=ENDORSEMENT, signer_name=self.reviewer.real_name,
                           signed_on=self.today)
        transfer.forward(self.reviewer, self.office, [self.fresh(forwarded)])
        self.admit_paper_people(sub, people)

    @staticmethod
    def fresh(app: Application) -> Application:
        return Application.objects.select_related("applicant", "unit", "series", "title", "campaign").get(pk=app.pk)

    def reference_data(self) -> None:
        """The fee per level and the routing of 工程技术 (高级 spot-checked first), as an administrator enters them."""
        for level, amount in FEES.items():
            FeeRule.objects.get_or_create(series=None, level=level, defaults={"amount": amount})
        series = Title.objects.get(code="082").series
        for level in (Level.ASSOCIATE_SENIOR, Level.SENIOR):
            Route.objects.get_or_create(series=series, specialty="", level=level,
                                        defaults={"host": self.ctx.orgs["host"],
                                                  "committee": self.ctx.orgs["committee"],
                                                  "spot_check_first": True})
        # 中级 goes straight to the host, for its 中级 committee (no spot check: 高级 only)
        Route.objects.get_or_create(series=series, specialty="", level=Level.INTERMEDIATE,
                                    defaults={"host": self.ctx.orgs["host"], "committee": self.ctx.orgs["committee_mid"],
                                              "spot_check_first": False})

    def set_schedule(self) -> None:
        start = _working_day_on_or_before(self.today - datetime.timedelta(days=7))
        for step, days in STEPS:
            schedule.set_step(self.reviewer, self.office, self.campaign.year, step, starts_on=start,
                              working_days=days)

    def submitted(self) -> list[Application]:
        """The planned dossiers, submitted by their applicants (提交单位审核)."""
        names = [p.person.username for p in self.ctx.applicants if p.scenario == "office" and p.unit == UNIT]
        apps = list(Application.objects.filter(campaign=self.campaign, applicant__username__in=names)
                    .select_related("applicant").order_by("id"))
        if len(apps) != 7:
            raise CommandError("演示计划中主管部门审查环节的申报不足7份。")
        return [ds.submit(app.applicant, app) for app in apps]

    def record_paper_batch(self, apps: list[Application], people: list[Person]) -> UnitSubmission:
        """登记线下审核推荐结果并上报: the unit's §二 ran on paper; its notice ended before today."""
        days = unit_batch.required_notice_days(self.campaign)
        start, end = ended_period(self.today, days)
        unit = self.campaign.unit.name
        names = [a.applicant.real_name for a in apps] + [p.real_name for p in people]
        listing = [f"{n}. {name}" for n, name in enumerate(names, 1)]
        title_of = {2: "082", 3: "Z0801"}
        return unit_batch.record_paper_outcome(
            self.hr, self.campaign,
            ranking_scan=_scan("推荐人选排名表", [f"{unit}{self.campaign.year}年度职称推荐人选排名", *listing]),
            notice_scan=_scan("推荐人选公示", [f"公示期：{cn_date(start)}至{cn_date(end)}", *listing]),
            opinion_scan=_scan("单位推荐意见", [PAPER_OPINION, unit]),
            notice_starts_on=start, notice_ends_on=end, opinion_text=PAPER_OPINION,
            application_ids=[a.pk for a in apps],
            people=[unit_batch.PaperPerson(name=p.real_name, id_number=p.id_number, title_code=title_of[2 + n % 2],
                                           specialty="电气工程" if n % 2 == 0 else "输变电工程")
                    for n, p in enumerate(people)])

    def prereview_pass(self, app: Application, phone: str = "") -> prereview.Passed:
        app = self.fresh(app)
        failed = not prereview.is_paper(app) and prereview.eligibility_report(app).failed
        return prereview.prereview_pass(self.reviewer, app, justification=JUSTIFICATION if failed else "",
                                        phone=phone)

    def admit_paper_people(self, sub: UnitSubmission, people: list[Person]) -> None:
        """Two of the paper people admitted (accounts created by the office); the first passed: account opened."""
        entries = list(SubmissionEntry.objects.filter(submission=sub, application__isnull=True).order_by("order"))
        phones = {p.id_number: p.phone for p in people}
        for n, entry in enumerate(entries[:2]):
            app = prereview.admit_paper_entry(self.reviewer, entry)
            self.ctx.created["用户"] += PaperAdmission.objects.filter(application=app, new_account=True).count()
            if n == 0:
                user = self.prereview_pass(app, phone=phones[entry.id_number]).application.applicant
                user.password = self.ctx.password_hash()  # the published demo password; see the docstring
                user.save(update_fields=["password"])


def report_line() -> str:
    """The paper-path account the office opened (user name, not the password: it is the published one)."""
    adm = (PaperAdmission.objects.filter(account_issued_at__isnull=False, new_account=True)
           .select_related("application__applicant").order_by("id").first())
    if adm is None:
        return ""
    user = adm.application.applicant
    return (f"纸质途径申报人{user.real_name}（用户名 {user.username}，也可用身份证号登录）的账号由主管部门在资格预审通过时开通，"
            f"演示中初始密码同上，首次登录须修改密码。")
