"""`load_demo`: a believable, valid and idempotent demo province, built once for this module (run twice)."""

import datetime
import io
import re
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.test import override_settings
from django.utils import timezone
from pypdf import PdfReader

from zhicheng.audit.models import AuditEvent
from zhicheng.campaigns.models import Campaign
from zhicheng.codes.models import Level, Title
from zhicheng.committee import services as cs
from zhicheng.committee.models import (
    Ballot,
    Committee,
    Declaration,
    Expert,
    HostReturn,
    Minutes,
    PanelDraw,
    PanelOpinion,
    Recusal,
    ReviewMeeting,
    SpotCheck,
    VoteSession,
)
from zhicheng.demo.data import DEMO_USERNAMES, EXTRA_CHAIN, EXTRA_OFFICE, EXTRA_SUBMITTED, PASSWORD, SCENARIOS
from zhicheng.demo.files import summary_pdf
from zhicheng.dossier.models import (
    Application,
    ApplicationVersion,
    BasicInfo,
    CurrentTitle,
    Education,
    WorkExperience,
)
from zhicheng.dossier.services import missing_items
from zhicheng.integrity.models import Ban
from zhicheng.office_review.models import (
    Endorsement,
    FeePayment,
    Forwarding,
    OfficeSchedule,
    PaperAdmission,
    PaperDossier,
    Route,
)
from zhicheng.orgs.models import Organization, RoleAssignment, User
from zhicheng.orgs.roles import OrgKind, Role
from zhicheng.orgs.validators import validate_credit_code, validate_id_number
from zhicheng.publicity import services as publicity
from zhicheng.publicity.models import NoticeEntry, Objection, PublicNotice
from zhicheng.results.models import Appeal, Certificate, ResultDocument, ResultNotice, ResultReport
from zhicheng.scoring.models import Assignment, CollectiveDecision, Quota, Score
from zhicheng.unit_review.models import VerificationMark
from zhicheng.unit_submission.models import Pledge, UnitOpinion, UnitSubmission
from zhicheng.workdays.services import add_working_days
from zhicheng.workflow.models import Task
from zhicheng.workflow.states import State

from .. import factories as f

pytestmark = pytest.mark.dates  # the demo is placed around today

MODELS = [Organization, User, RoleAssignment, Campaign, Application, ApplicationVersion, AuditEvent,
          VerificationMark, Assignment, Score, Quota, CollectiveDecision, PublicNotice, NoticeEntry, Objection, Ban,
          UnitOpinion, Pledge, UnitSubmission, Task, OfficeSchedule, PaperAdmission, PaperDossier, FeePayment,
          Endorsement, Route, Forwarding, Committee, Expert, ReviewMeeting, PanelDraw, SpotCheck, HostReturn,
          Recusal, Declaration, PanelOpinion, VoteSession, Ballot, Minutes, ResultNotice, ResultReport,
          ResultDocument, Certificate, Appeal]


SECTION_TWO_STATES = [State.SUBMITTED, State.UNIT_VERIFIED, State.SCORED, State.NOT_RECOMMENDED, State.IN_NOTICE,
                      State.UNDER_INVESTIGATION, State.NOTICE_PASSED, State.DISQUALIFIED, State.UNIT_SUBMITTED]
SECTION_THREE_STATES = [State.PREREVIEW_RETURNED, State.PREREVIEW_PASSED, State.ONLINE_SUBMITTED, State.ONLINE_PASSED,
                        State.OFFICE_ENDORSED, State.SPOT_CHECK]
# the chain's (stage_forwarding, stage_host_review, stage_vote, stage_results): every one accepted has been
# voted on (IN_COMMITTEE, PASSED only in its history) and every one passed is in §五
SECTION_FOUR_STATES = [State.SPOT_CHECK, State.SPOT_RETURNED, State.HOST_REVIEW, State.HOST_RETURNED, State.FAILED]
SECTION_FIVE_STATES = [State.RESULT_NOTICE, State.RESULT_REFUSED, State.RESULT_FILED, State.RESULT_APPROVED,
                       State.ISSUED]


def _counts():
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    files = tmp_path_factory.mktemp("demo-files")
    storages = {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                            "OPTIONS": {"location": str(files)}},
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}

    def build():
        with override_settings(STORAGES=storages):
            first, second = io.StringIO(), io.StringIO()
            call_command("load_demo", stdout=first)
            counts = _counts()
            call_command("load_demo", stdout=second)
        return SimpleNamespace(first=first.getvalue(), second=second.getvalue(), counts=counts)

    yield from f.module_world(django_db_blocker, build)


@pytest.fixture(autouse=True)
def _each_test_in_a_savepoint(db):
    pass


def _table(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith(("|", "+"))]


def test_second_run_creates_nothing_and_prints_the_same_table(demo):
    assert _counts() == demo.counts
    assert all(demo.counts.values())
    assert _table(demo.first) and _table(demo.first) == _table(demo.second)
    for username in DEMO_USERNAMES.values():
        assert username in demo.first
    assert PASSWORD in demo.first
    # 用户: 93 and an account for each panel member of the held meetings without one (stage_vote)
    assert "本次新建：组织12，用户115，年度申报4，申报61，公示2，异议3，评委会2，专家39，评审会议4。" in demo.first
    assert "本次新建：组织0，用户0，年度申报0，申报0，公示0，异议0，评委会0，专家0，评审会议0。" in demo.second


def test_one_account_per_role_logs_in_with_the_published_password(demo, client):
    assert set(DEMO_USERNAMES) == set(Role)
    for role, username in DEMO_USERNAMES.items():
        user = User.objects.get(username=username)
        assert RoleAssignment.objects.filter(user=user, role=role).exists(), role
        assert not user.must_change_password
        r = client.post("/login/", {"username": username, "password": PASSWORD})
        assert r.status_code == 302 and r["Location"] == "/", username
        assert client.get("/").status_code == 200
        client.post("/logout/")
    for role in (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN):
        admin = User.objects.get(username=DEMO_USERNAMES[role])
        assert admin.is_staff and not admin.is_superuser  # 三员分立: the role, not a superuser flag


def test_identifiers_are_valid_and_consistent(demo):
    for user in User.objects.all():
        validate_id_number(user.id_number)
        assert user.id_number[6:14] == user.birth_date.strftime("%Y%m%d")
        assert user.gender == ("1" if int(user.id_number[16]) % 2 else "2")
    for org in Organization.objects.all():
        if org.kind == OrgKind.COMMITTEE:
            assert org.credit_code is None  # a review committee is not a legal person
        else:
            validate_credit_code(org.credit_code)


def test_organisations_follow_the_province_office_unit_chain(demo):
    province = Organization.objects.get(kind=OrgKind.PROVINCE)
    assert province.parent is None
    offices = Organization.objects.filter(kind=OrgKind.OFFICE)
    units = Organization.objects.filter(kind=OrgKind.UNIT)
    assert offices.count() == 4 and units.count() == 4
    for office in offices:
        assert office.parent == province, office.name
    for unit in units:
        assert unit.parent.kind == OrgKind.OFFICE, unit.name
        assert unit.path.startswith(unit.parent.path)
        assert Campaign.objects.filter(unit=unit, year=timezone.localdate().year, status=Campaign.Status.OPEN).exists()
    parents = {unit.name: unit.parent.name for unit in units}
    assert parents["石家庄市第一中学"] == "石家庄市教育局"
    assert parents["河北省人民医院"] == "河北省卫生健康委员会"
    assert parents["河北省建筑科学研究院有限公司"] == "河北省住房和城乡建设厅"
    committees = Organization.objects.filter(kind=OrgKind.COMMITTEE)
    assert committees.count() == 2
    for committee in committees:
        assert committee.parent.kind == OrgKind.COMMITTEE_HOST and committee.parent.parent == province


def _exam_or_pre_2015(title: Title) -> bool:
    """中级 卫生 titles come from the 全国卫生专业技术资格考试; 050 titles without a Z code predate 2015."""
    return (title.series.code == "230" and title.level == Level.INTERMEDIATE) or \
        (title.series.code == "050" and not title.is_extension)


def test_no_campaign_opens_an_exam_based_health_title_or_a_pre_2015_teacher_title(demo):
    opened = [t for c in Campaign.objects.all() for t in c.open_titles.select_related("series")]
    assert {t.series.code for t in opened} >= {"050", "230"}
    assert [t.name for t in opened if _exam_or_pre_2015(t)] == []
    applied = Title.objects.filter(pk__in=Application.objects.values("title")).select_related("series")
    assert [t.name for t in applied if _exam_or_pre_2015(t)] == []


def test_teachers_hold_the_titles_in_force_since_2015(demo):
    new_names = set(Title.objects.filter(series__code="050", is_extension=True).values_list("name", flat=True))
    held = list(CurrentTitle.objects.filter(application__series__code="050").values_list("title_name", "obtained_on"))
    assert len(held) >= 5
    for name, obtained in held:
        assert name in new_names and obtained.year >= 2016, (name, obtained)


def test_no_current_title_or_work_before_graduation(demo):
    checked = 0
    for ct in CurrentTitle.objects.select_related("application__applicant"):
        app = ct.application
        graduated = Education.objects.filter(application=app).order_by("-end_date").first()
        if graduated is None:
            continue
        checked += 1
        # a title comes at least a (见习) year after graduation; 中级 and above years later
        assert ct.obtained_on >= graduated.end_date + datetime.timedelta(days=300), app.applicant.real_name
        assert graduated.end_date.year - app.applicant.birth_date.year >= 20
        basic = BasicInfo.objects.filter(application=app).first()
        if basic:
            assert basic.work_start_date > graduated.end_date
        first_job = WorkExperience.objects.filter(application=app).order_by("start_date").first()
        if first_job:
            assert first_job.start_date > graduated.end_date
    assert checked >= 25


def test_every_dossier_state_the_demo_claims_exists(demo):
    counts = {s: n for s in State.values if (n := Application.objects.filter(state=s).count())}
    assert counts[State.DRAFT] == SCENARIOS["partial"] + SCENARIOS["complete"]
    assert counts[State.RETURNED] == SCENARIOS["returned"]
    # every submitted dossier is 待单位审核 or has gone on into §二 (stage_recommendation) and §三 (stage_office,
    # with the paper-path people the office admitted)
    beyond = {s: n for s, n in counts.items() if s not in (State.DRAFT, State.RETURNED)}
    assert sum(beyond.values()) == (SCENARIOS["submitted"] + SCENARIOS["resubmitted"] + len(EXTRA_SUBMITTED)
                                    + len(EXTRA_OFFICE) + len(EXTRA_CHAIN) + PaperAdmission.objects.count())
    assert set(beyond) == (set(SECTION_TWO_STATES) | set(SECTION_THREE_STATES) | set(SECTION_FOUR_STATES)
                           | set(SECTION_FIVE_STATES))
    line = re.search(r"申报状态：(.*)（共(\d+)份）", demo.first)
    claimed = dict(part.rsplit(" ", 1) for part in line.group(1).split("，"))
    assert {State(s).label: str(n) for s, n in counts.items()} == claimed
    # the scenarios inside the states: a complete and a partial draft, resubmissions, returns with a reason
    ready = Application.objects.get(applicant__username=DEMO_USERNAMES[Role.APPLICANT])
    assert ready.state == State.DRAFT and missing_items(ready) == []
    drafts = Application.objects.filter(state=State.DRAFT)
    assert sum(1 for app in drafts if missing_items(app)) == SCENARIOS["partial"]
    resubmitted = ApplicationVersion.objects.filter(number=2, application__online_submissions__isnull=True)
    assert resubmitted.count() == SCENARIOS["resubmitted"]  # (网上申报 keeps a version too)
    returned = Application.objects.filter(state=State.RETURNED).exclude(return_reason="")
    assert returned.count() == SCENARIOS["returned"] and all(app.reopened_sections for app in returned)


def test_work_summary_pdf_embeds_the_cjk_font():
    data = summary_pdf("专业技术工作总结", "河北省人民医院  张三", ["本人任现职以来认真履行岗位职责。"])
    reader = PdfReader(io.BytesIO(data))
    assert "专业技术工作总结" in reader.pages[0].extract_text()
    fonts = [font.get_object() for font in reader.pages[0]["/Resources"]["/Font"].values()]
    embedded = [font["/BaseFont"] for font in fonts if "/FontFile2" in font.get("/FontDescriptor", {})]
    assert embedded and all("WenQuanYi" in name for name in embedded)


def test_hr_verification_is_under_way_in_each_unit(demo):
    from zhicheng.demo.data import UNITS
    from zhicheng.demo.stage_unit_review import PROBLEM
    from zhicheng.unit_review import services
    from zhicheng.unit_review.models import VerificationMark

    checked = 0
    for unit in UNITS:
        org = RoleAssignment.objects.get(user__username=unit.hr, role=Role.UNIT_HR).organization
        apps = list(Application.objects.filter(campaign__unit=org, campaign__year=timezone.localdate().year,
                                               state=State.SUBMITTED).order_by("id"))
        if not apps:
            continue
        assert services.completeness_problems(apps[0]) == []  # 核实通过 is one click away
        if len(apps) > 1:
            assert [p["reason"] for p in services.open_problems(apps[1])] == [PROBLEM]
            assert services.progress(apps[1])["unmarked"] > 0
        for other in apps[2:]:
            assert not VerificationMark.objects.filter(application=other).exists()
        checked += len(apps) > 1
    assert checked >= 1


def _unit_of(username):
    return RoleAssignment.objects.get(user__username=username, role=Role.UNIT_HR).organization


def test_section_two_in_demo_hrs_unit_gives_each_role_work(demo):
    unit = _unit_of("demo_hr")
    states = {s for s in Application.objects.filter(unit=unit).values_list("state", flat=True)}
    assert {State.SUBMITTED, State.UNIT_VERIFIED, State.SCORED, State.IN_NOTICE, State.UNDER_INVESTIGATION} <= states
    verified = Assignment.objects.filter(application__unit=unit, application__state=State.UNIT_VERIFIED,
                                         assessor__username="demo_assessor")
    assert verified.filter(declared_at__isnull=True).exists()  # the conflict declaration waits
    assert verified.filter(declared_at__isnull=False, submitted_at__isnull=True).exists()  # the scores wait
    scored = Application.objects.filter(unit=unit, state=State.SCORED)
    app = scored.first()
    assert not CollectiveDecision.objects.filter(campaign=app.campaign, series=app.series, level=app.level).exists()
    assert Quota.objects.get(campaign=app.campaign, series=app.series, level=app.level).count == scored.count() - 1
    notice = PublicNotice.objects.get(unit=unit)
    assert publicity.phase(notice) == "running"
    checked = Objection.objects.get(notice=notice)
    assert checked.status == Objection.Status.INVESTIGATING and checked.is_open
    assert checked.entry.application.state == State.UNDER_INVESTIGATION


def test_another_unit_has_been_through_the_whole_stage(demo):
    unit = _unit_of("demo_hr2")
    notice = PublicNotice.objects.get(unit=unit)
    assert publicity.phase(notice) == "ended" and notice.closed_at is not None
    assert add_working_days(notice.starts_on, notice.working_days) == notice.ends_on < timezone.localdate()
    decided = {o.status: o for o in Objection.objects.filter(notice=notice)}
    assert set(decided) == {Objection.Status.UNFOUNDED, Objection.Status.FRAUD}
    assert not any(o.is_open for o in decided.values())
    banned = decided[Objection.Status.FRAUD].entry.application
    assert banned.state == State.DISQUALIFIED
    ban = Ban.objects.get(application=banned)
    assert ban.id_number == banned.applicant.id_number and ban.starts_on <= timezone.localdate() < ban.ends_on
    assert ban.ends_on.year - ban.starts_on.year == 3
    cleared = decided[Objection.Status.UNFOUNDED].entry.application
    assert cleared.state in (State.NOTICE_PASSED, State.UNIT_SUBMITTED)
    sent = Application.objects.filter(unit=unit, state=State.UNIT_SUBMITTED)
    assert sent.count() >= 1 and UnitSubmission.objects.get(unit=unit).entries.count() == sent.count()
    for app in sent:
        assert UnitOpinion.objects.get(application=app).signed
        pledge = Pledge.objects.get(application=app)
        assert pledge.applicant_version and pledge.leader_version
    waiting = Application.objects.get(unit=unit, state=State.NOTICE_PASSED)
    assert not UnitOpinion.objects.filter(application=waiting).exists()
    assert not Pledge.objects.filter(application=waiting).exists()
    assert Application.objects.filter(unit=unit, state=State.NOT_RECOMMENDED).exists()


def _count_on_home(html, label):
    m = re.search(rf'>{label}</a> <span class="count">(\d+)</span>', html)
    return int(m.group(1)) if m else 0


def test_each_section_two_role_has_work_on_its_home_page(demo, client):
    client.force_login(User.objects.get(username="demo_hr"))
    html = client.get("/").content.decode()
    for state in (State.SUBMITTED, State.UNDER_INVESTIGATION):
        assert _count_on_home(html, State(state).label) > 0, state
    client.force_login(User.objects.get(username="demo_leader"))
    html = client.get("/").content.decode()
    assert _count_on_home(html, State.SCORED.label) > 0
    client.force_login(User.objects.get(username="demo_assessor"))
    html = client.get("/").content.decode()
    tasks = re.search(r'<ul class="todo" id="tasks">(.*?)</ul>', html, re.S).group(1)
    assert "利益冲突声明" in tasks and "量化赋分" in tasks
    client.force_login(User.objects.get(username="demo_hr2"))
    html = client.get("/").content.decode()
    assert _count_on_home(html, State.NOTICE_PASSED.label) > 0


def test_the_report_names_the_notices_objections_and_bans(demo):
    assert "单位公示：公示中 1，已结束 1；异议：核查中 1，异议不成立 1，查实弄虚作假 1；禁申在期 1人。" in demo.first


# --------------------------------------------------------------------------- §三 (stage_office)

def _office_apps(username="demo_office"):
    office = RoleAssignment.objects.get(user__username=username, role=Role.OFFICE_REVIEWER).organization
    return office, Application.objects.filter(unit__path__startswith=office.path)


def test_section_three_states_at_demo_offices_office(demo):
    from zhicheng.office_review import prereview

    today = timezone.localdate()
    office, apps = _office_apps()
    states = {s: n for s, n in apps.order_by().values_list("state").annotate(n=Count("id"))}
    assert {State.UNIT_SUBMITTED, *SECTION_THREE_STATES} <= set(states)
    assert states[State.UNIT_SUBMITTED] >= 2  # the batch waits for 资格预审 (an online dossier, an admitted person)
    returned = apps.get(state=State.PREREVIEW_RETURNED)
    record = prereview.open_return(returned)
    assert record.reason and record.sections and prereview.deadline_of(returned) == record.deadline >= today
    passed_online = apps.get(state=State.ONLINE_PASSED)
    paper = PaperDossier.objects.get(application=passed_online)
    assert paper.complete and paper.bound_at is not None
    assert FeePayment.objects.get(application=passed_online).amount > 0
    assert not Endorsement.objects.filter(application=passed_online).exists()
    assert Endorsement.objects.filter(application=apps.get(state=State.OFFICE_ENDORSED)).exists()
    batch = Forwarding.objects.filter(office=office).order_by("pk").first()  # stage_office's; then the chain's
    assert batch.kind == Forwarding.Kind.PROVINCE and batch.to_org.kind == OrgKind.PROVINCE
    assert [e.application.state for e in batch.entries.all()] == [State.SPOT_CHECK]
    assert Route.objects.filter(host__kind=OrgKind.COMMITTEE_HOST, spot_check_first=True).exists()
    steps = dict(OfficeSchedule.objects.filter(office=office, year=today.year).values_list("step", "ends_on"))
    assert set(steps) == set(OfficeSchedule.Step.values) and all(d >= today for d in steps.values())
    sent = UnitSubmission.objects.filter(unit__parent=office, kind=UnitSubmission.Kind.PAPER).order_by("pk").first()
    assert sent.entries.filter(application__isnull=True).count() == 1  # a paper-path person still to admit


def test_the_paper_path_account_the_office_opened(demo, client):
    admissions = list(PaperAdmission.objects.select_related("application__applicant").order_by("id"))
    assert len(admissions) == 2 and all(a.new_account for a in admissions)
    opened, waiting = admissions
    user = opened.application.applicant
    assert opened.account_issued_at and opened.application.state == State.PREREVIEW_PASSED
    assert user.is_active and user.must_change_password and user.check_password(PASSWORD)
    assert RoleAssignment.objects.filter(user=user, role=Role.APPLICANT, organization=opened.application.unit).exists()
    assert user.username in demo.first and "首次登录须修改密码" in demo.first
    assert waiting.account_issued_at is None and waiting.application.state == State.UNIT_SUBMITTED
    assert not waiting.application.applicant.is_active  # opened only when it passes 资格预审
    r = client.post("/login/", {"username": user.username, "password": PASSWORD})
    assert r.status_code == 302
    r = client.get("/")  # a new password first
    assert r.status_code == 302 and r["Location"].startswith("/password/")


def test_the_office_reviewer_finds_work_on_the_home_page(demo, client):
    client.force_login(User.objects.get(username="demo_office"))
    html = client.get("/").content.decode()
    for state in (State.UNIT_SUBMITTED, State.ONLINE_SUBMITTED, State.ONLINE_PASSED, State.OFFICE_ENDORSED):
        assert _count_on_home(html, State(state).label) > 0, state
    countdowns = re.search(r'<section class="card" id="countdowns">(.*?)</section>', html, re.S).group(1)
    assert "资格预审" in countdowns and "个工作日" in countdowns
    client.force_login(User.objects.get(username="demo_office2"))  # the online batch of demo_hr2's unit waits too
    assert _count_on_home(client.get("/").content.decode(), State.UNIT_SUBMITTED.label) > 0


# --------------------------------------------------------------------------- §四 (pool, stage_forwarding, stage_committee)

EXPERT_ACCOUNTS = ["demo_expert", "demo_expert2", "demo_expert3", "demo_expert4", "demo_expert5"]


def test_the_committees_are_valid_and_the_pool_is_large_enough(demo):
    today = timezone.localdate()
    host = Organization.objects.get(kind=OrgKind.COMMITTEE_HOST)
    committees = {c.org.name: c for c in Committee.objects.select_related("org", "series")}
    assert set(committees) == {"河北省工程技术系列高级评审委员会", "河北省工程技术系列中级评审委员会"}
    for c in committees.values():
        assert c.host == host and c.org.parent == host and c.series.code == "080" and c.approval_number
        assert c.approval_date <= c.valid_from <= today <= c.valid_until <= cs.validity_limit(c.valid_from)
    assert set(committees["河北省工程技术系列中级评审委员会"].levels) == {Level.INTERMEDIATE}
    assert set(committees["河北省工程技术系列高级评审委员会"].levels) == {Level.ASSOCIATE_SENIOR, Level.SENIOR}
    pool = Expert.objects.filter(host=host, term_start__lte=today, term_end__gte=today)
    assert pool.filter(title__code="Z0801").count() >= 27 and pool.filter(title__code="082").count() >= 9
    assert pool.filter(unit_name="河北省电力勘测设计研究院").exists()  # the automatic recusal will have work
    for username in EXPERT_ACCOUNTS:
        user = User.objects.get(username=username)
        assert RoleAssignment.objects.filter(user=user, role=Role.EXPERT, organization=host).exists()
        assert pool.get(user=user).real_name == user.real_name and user.check_password(PASSWORD)
        assert username in demo.first
    routes = {r.level: r for r in Route.objects.select_related("committee")}
    assert routes[Level.INTERMEDIATE].committee.name == "河北省工程技术系列中级评审委员会"
    assert not routes[Level.INTERMEDIATE].spot_check_first and routes[Level.ASSOCIATE_SENIOR].spot_check_first


def test_each_meeting_has_a_reproducible_odd_panel_of_at_least_the_minimum(demo):
    from zhicheng.codes.models import get_param
    from zhicheng.demo.stage_committee import MEETINGS

    today = timezone.localdate()
    meetings = {m.committee.org.name: m for m in ReviewMeeting.objects.select_related("committee__org")
                .filter(vote_session__isnull=True)}  # the meetings ahead (stage_vote's are held)
    assert len(meetings) == 2
    for _key, level, _days, accounts in MEETINGS:
        meeting = next(m for m in meetings.values() if m.level == level)
        assert meeting.date > today and cs.is_valid_on(meeting.committee, meeting.date)
        assert meeting.status == ReviewMeeting.Status.DRAWN
        (draw,) = meeting.draws.all()
        assert cs.sample(draw.seed, draw.eligible_ids, draw.size) == draw.drawn_ids
        members, chair = cs.panel(meeting)
        minimum = get_param(cs.committee_kind(meeting.committee, level)[0])
        assert len(members) % 2 == 1 and len(members) >= minimum and chair in members
        seated = Expert.objects.filter(pk__in=members)
        assert set(seated.filter(user__isnull=False).values_list("user__username", flat=True)) >= set(accounts)
        assert seated.filter(unit_name="河北省电力勘测设计研究院").exists()
        assert meeting.committee.org.name in demo.first
    assert len(cs.panel(meetings["河北省工程技术系列高级评审委员会"])[0]) >= 25


def test_the_chain_is_forwarded_by_level(demo):
    office, apps = _office_apps()
    batches = list(Forwarding.objects.filter(office=office).order_by("pk"))
    to_host = [b for b in batches if b.kind == Forwarding.Kind.HOST]
    to_province = [b for b in batches if b.kind == Forwarding.Kind.PROVINCE]
    assert len(to_host) == 1 and len(to_province) == 2
    entries = list(to_host[0].entries.select_related("application", "route__committee"))
    assert to_host[0].to_org.kind == OrgKind.COMMITTEE_HOST
    assert len(entries) == EXTRA_CHAIN.count(("u_power", 1))
    for e in entries:  # their states after the host's review: test_demo_results
        assert e.application.level == Level.INTERMEDIATE
        assert e.route.committee.name == "河北省工程技术系列中级评审委员会"
    chain = list(to_province[1].entries.select_related("application"))
    assert len(chain) == EXTRA_CHAIN.count(("u_power", 2))
    assert {e.application.level for e in chain} == {Level.ASSOCIATE_SENIOR}
