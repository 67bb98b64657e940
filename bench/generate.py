#!/usr/bin/env python
"""Generate a benchmark dataset: one province, offices, units, and N applications with FULL dossiers.

    .venv/bin/python bench/generate.py --applications 10000

Data generation only: rows are written with bulk_create in batches, not through the services (no
validation); the audit trail a dossier would have left is written the same way. The database is bench/out/data/zhicheng.sqlite3 unless DATABASE_URL or
ZHICHENG_DATA_DIR is set; `migrate` runs first. Re-running with the same or a smaller target is a no-op;
a larger target adds the missing applications.

Per application: BasicInfo, 2 Education, CurrentTitle, 2 WorkExperience, Achievement, 2 ResearchProject,
1 ProfessionalAward, 3 Publication, 1 Honor, 5 AnnualAssessment, 3 ContinuingEducation, a WorkSummary
and 2 Attachments (each with its own StoredFile row, all pointing to ONE shared small real PDF), and for
every application past the draft stage one ApplicationVersion holding a real-sized snapshot; its audit events
(application_start, 10-40 section_save, and submit once submitted).
About 40% of the applications belong to one big unit ("big unit"), the rest are spread over the others.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import hashlib
import io
import random
import sys
import time

from benchlib import PASSWORD, PROVINCE_NAME, USERNAME_PREFIX, db_description, setup_django

# State mix (weights sum to 100): about 30% still being filled in, the rest spread along the process.
STATE_WEIGHTS = {
    "draft": 30, "submitted": 18, "returned": 5, "unit_verified": 10, "scored": 5, "recommended": 4,
    "not_recommended": 1, "in_notice": 3, "notice_passed": 3, "unit_submitted": 5, "prereview_returned": 1,
    "prereview_passed": 3, "online_submitted": 2, "online_passed": 2, "office_endorsed": 2,
    "in_committee": 1, "passed": 2, "failed": 1, "issued": 1, "withdrawn": 1,
}
NOT_SUBMITTED = {"draft", "withdrawn"}
TITLE_CODES = ["083", "082", "Z0801", "084"]  # 工程技术: 工程师, 高级工程师, 正高级工程师, 助理工程师
REGIONS = ["130102", "130104", "130203", "130302", "130602", "131002"]  # 河北省 administrative codes
CC_BASE = 9_000_000_000_000  # 13-digit credit-code bodies far from anything the demo or tests use

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志强海燕文博宇航晓东立新红梅春雨子涵浩然思远嘉怡"
SCHOOLS = ["河北工业大学", "燕山大学", "河北科技大学", "华北电力大学", "石家庄铁道大学", "河北大学", "天津大学",
           "北京交通大学", "河北工程大学", "华北理工大学"]
MAJORS = ["电气工程及其自动化", "土木工程", "机械设计制造及其自动化", "计算机科学与技术", "给排水科学与工程",
          "交通运输", "化学工程与工艺", "测绘工程"]
DEPARTMENTS = ["设计部", "技术部", "工程管理部", "研发中心", "质量安全部", "生产技术科"]
JOURNALS = [("电力系统自动化", "1000-1026", "32-1180/TP"), ("土木工程学报", "1000-131X", "11-2120/TU"),
            ("机械工程学报", "0577-6686", "11-2187/TH"), ("中国电机工程学报", "0258-8013", "11-2107/TM"),
            ("河北工业科技", "1008-1534", "13-1226/TM")]
ACHIEVEMENT = ("任现职以来，本人主持完成某220kV变电站新建工程电气一次、二次设计，参与完成省重点输变电工程"
               "可行性研究与初步设计十余项，负责编制企业技术标准两项。主持的技术改造项目年节约运行成本约"
               "三百万元，获得良好的经济效益和社会效益。")
SUMMARY_TEXT = ("本人任现职以来认真履行岗位职责主持完成多项工程设计与技术改造任务取得良好经济效益和社会效益"
                "坚持理论联系实际不断学习新知识新技术积极参加继续教育注重培养青年技术人员") * 12


OBJECT_TYPE = "dossier.application"  # AuditEvent.object_type of an application (the model's label)
SAVED_SECTIONS = ("basic", "education", "work", "achievement", "publications", "training")


def issn_with_check(first7: str) -> str:
    total = sum(int(c) * w for c, w in zip(first7, range(8, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    return f"{first7[:4]}-{first7[4:]}{'X' if check == 10 else check}"


def credit_code(n: int) -> str:
    from zhicheng.orgs.validators import credit_code_check_char

    body = "9113" + f"{CC_BASE + n:013d}"
    return body + credit_code_check_char(body)


def person(n: int) -> tuple[str, datetime.date, str]:
    """(id number, birth date, gender) for applicant number n; unique for n < 5,000,000."""
    from zhicheng.orgs.validators import id_number_check_char

    birth = datetime.date(1962, 1, 1) + datetime.timedelta(days=n % 10000)  # 1962–1989
    seq = (n // 10000) * 2 + (n % 2)  # odd = male (GB 11643)
    body = f"{REGIONS[n % len(REGIONS)]}{birth:%Y%m%d}{seq:03d}"
    return body + id_number_check_char(body), birth, "1" if n % 2 else "2"


def name_for(n: int) -> str:
    rng = random.Random(n)
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def shared_pdf() -> tuple[str, int, str]:
    """One small real PDF with ~800 Chinese characters, stored once; (storage name, size, sha256)."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from zhicheng.documents.fonts import cjk_font

    name = "bench/shared-summary.pdf"
    if not default_storage.exists(name):
        buf = io.BytesIO()
        c = canvas.Canvas(buf, pagesize=A4)
        try:
            font, text = cjk_font(), SUMMARY_TEXT[:800]
        except RuntimeError:  # no CJK font installed: still a real PDF
            font, text = "Helvetica", "Work summary " * 60
        c.setFont(font, 11)
        y = 800
        for i in range(0, len(text), 40):
            c.drawString(40, y, text[i:i + 40])
            y -= 16
        c.save()
        name = default_storage.save(name, ContentFile(buf.getvalue()))
    with default_storage.open(name, "rb") as fh:
        data = fh.read()
    return name, len(data), hashlib.sha256(data).hexdigest()


@contextlib.contextmanager
def explicit_timestamps(model, *names):
    """Let bulk_create keep the timestamps we set instead of auto_now/auto_now_add (generation only)."""
    fields = [model._meta.get_field(n) for n in names]
    saved = [(f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, (a, b) in zip(fields, saved, strict=True):
            f.auto_now, f.auto_now_add = a, b


def ensure_structure(n_units: int, n_offices: int):
    """Province → offices → units, one HR and one open 2026 campaign per unit. Returns (units, campaigns)."""
    from django.contrib.auth.hashers import make_password

    from zhicheng.campaigns.models import Campaign, CampaignStage
    from zhicheng.codes.models import Title
    from zhicheng.orgs.models import Organization, RoleAssignment, User
    from zhicheng.orgs.roles import OrgKind, Role

    province = Organization.objects.filter(name=PROVINCE_NAME, kind=OrgKind.PROVINCE).first()
    if province is None:
        province = Organization.objects.create(name=PROVINCE_NAME, kind=OrgKind.PROVINCE, credit_code=credit_code(0))
    password = make_password(PASSWORD)

    def staff(username: str, real_name: str, role: str, org, n: int) -> User:
        u = User.objects.filter(username=username).first()
        if u is None:
            idn, birth, gender = person(4_000_000 + n)
            u = User.objects.create(username=username, password=password, real_name=real_name, id_number=idn,
                                    birth_date=birth, gender=gender, phone=f"139{n:08d}")
            RoleAssignment.objects.create(user=u, role=role, organization=org)
        return u

    staff(f"{USERNAME_PREFIX}province", "省职改办管理员", Role.PROVINCIAL_OFFICE, province, 1)
    offices = []
    for i in range(n_offices):
        name = f"基准测试主管部门{i + 1:02d}"
        o = Organization.objects.filter(name=name, parent=province).first() or Organization.objects.create(
            name=name, kind=OrgKind.OFFICE, parent=province, credit_code=credit_code(100 + i))
        staff(f"{USERNAME_PREFIX}office{i + 1:02d}", f"主管部门审核{i + 1:02d}", Role.OFFICE_REVIEWER, o, 100 + i)
        offices.append(o)
    titles = list(Title.objects.filter(code__in=TITLE_CODES))
    units, campaigns = [], []
    for i in range(n_units):
        office = offices[i % n_offices]
        name = f"基准测试用人单位{i + 1:03d}" + ("（大单位）" if i == 0 else "")
        u = Organization.objects.filter(name=name, parent=office).first() or Organization.objects.create(
            name=name, kind=OrgKind.UNIT, parent=office, credit_code=credit_code(1000 + i))
        hr = staff(f"{USERNAME_PREFIX}hr{i + 1:03d}", f"人事专员{i + 1:03d}", Role.UNIT_HR, u, 1000 + i)
        c = Campaign.objects.filter(unit=u, year=2026).first()
        if c is None:
            c = Campaign.objects.create(unit=u, year=2026, name=f"{u.name}2026年度职称申报", status=Campaign.Status.OPEN,
                                        conditions="按河北省相应系列评审条件执行。", policy_text="材料须真实。",
                                        created_by=hr)
            c.open_titles.set(titles)
            CampaignStage.objects.create(campaign=c, stage="application", starts_on=datetime.date(2026, 11, 2),
                                         working_days=20, ends_on=datetime.date(2026, 11, 27))
        units.append(u)
        campaigns.append(c)
    return units, campaigns


def unit_index(n: int, n_units: int, big_share: float) -> int:
    if ((n * 2654435761) % 1000) / 1000 < big_share:
        return 0
    return 1 + n % (n_units - 1)


def generate_batch(ns, *, units, campaigns, big_share, pdf, refs, rng, snapshot_template):
    from django.utils import timezone

    from zhicheng.dossier import models as m
    from zhicheng.files.models import StoredFile
    from zhicheng.orgs.models import RoleAssignment, User
    from zhicheng.orgs.roles import Role

    now = timezone.now()
    this_year = timezone.localdate().year
    titles, edu_levels, results, password = refs["titles"], refs["edu"], refs["results"], refs["password"]
    states, weights = list(STATE_WEIGHTS), list(STATE_WEIGHTS.values())

    users = []
    for n in ns:
        idn, birth, gender = person(n)
        users.append(User(username=f"{USERNAME_PREFIX}a{n:07d}", password=password, real_name=name_for(n),
                          id_number=idn, birth_date=birth, gender=gender, phone=f"138{n:08d}"))
    User.objects.bulk_create(users)
    unit_of = {n: unit_index(n, len(units), big_share) for n in ns}
    RoleAssignment.objects.bulk_create([RoleAssignment(user=u, role=Role.APPLICANT, organization=units[unit_of[n]])
                                        for n, u in zip(ns, users, strict=True)])

    apps = []
    for n, u in zip(ns, users, strict=True):
        t = rng.choice(titles)
        state = rng.choices(states, weights)[0]
        created = now - datetime.timedelta(days=rng.uniform(5, 60))
        updated = created + datetime.timedelta(days=rng.uniform(0, 4), seconds=rng.randint(0, 86400))
        apps.append(m.Application(
            applicant=u, campaign=campaigns[unit_of[n]], unit=units[unit_of[n]], series=t.series, title=t,
            level=t.level, specialty=rng.choice(MAJORS), is_exceptional=rng.random() < 0.03, state=state,
            reopened_sections=["achievement", "publications"] if state == "returned" else [],
            return_reason="业绩材料与证明材料不一致，请核对后重新提交。" if state == "returned" else "",
            submitted_at=None if state in NOT_SUBMITTED else updated - datetime.timedelta(hours=rng.randint(1, 48)),
            created_at=created, updated_at=updated))
    with explicit_timestamps(m.Application, "created_at", "updated_at"):
        m.Application.objects.bulk_create(apps)

    rows: dict[type, list] = {k: [] for k in (
        m.BasicInfo, m.Education, m.CurrentTitle, m.WorkExperience, m.Achievement, m.ResearchProject,
        m.ProfessionalAward, m.Publication, m.Honor, m.AnnualAssessment, m.ContinuingEducation)}
    for a in apps:
        birth = a.applicant.birth_date
        work_start = datetime.date(birth.year + 22, 7, 1)
        school, major = rng.choice(SCHOOLS), rng.choice(MAJORS)
        rows[m.BasicInfo].append(m.BasicInfo(
            application=a, ethnicity="汉族", political_status=rng.choice(["中共党员", "群众", "九三学社社员"]),
            department=rng.choice(DEPARTMENTS), post="工程技术岗位", work_start_date=work_start,
            professional_start_date=work_start, email=f"a{a.applicant.pk}@example.cn"))
        rows[m.Education].append(m.Education(
            application=a, school=school, major=major, education_level=edu_levels["21"], degree="bachelor",
            start_date=datetime.date(birth.year + 18, 9, 1), end_date=work_start, certificate_no=f"1{a.pk:011d}"))
        rows[m.Education].append(m.Education(
            application=a, school=rng.choice(SCHOOLS), major=major, education_level=edu_levels["14"], degree="master",
            start_date=datetime.date(birth.year + 25, 9, 1), end_date=datetime.date(birth.year + 28, 7, 1)))
        rows[m.CurrentTitle].append(m.CurrentTitle(
            application=a, title_name="工程师", obtained_on=datetime.date(birth.year + 30, 12, 1),
            approval_document=f"冀职改办字〔{birth.year + 30}〕{rng.randint(10, 200)}号", approving_body="河北省职改办"))
        rows[m.WorkExperience].append(m.WorkExperience(
            application=a, start_date=work_start, end_date=datetime.date(birth.year + 30, 6, 30),
            employer="河北省电力勘测设计研究院", position="设计员", duties="变电站电气设计"))
        rows[m.WorkExperience].append(m.WorkExperience(
            application=a, start_date=datetime.date(birth.year + 30, 7, 1), employer=a.unit.name,
            position="主任工程师", duties="技术管理与工程设计审核"))
        rows[m.Achievement].append(m.Achievement(application=a, content=ACHIEVEMENT))
        for k in range(2):
            rows[m.ResearchProject].append(m.ResearchProject(
                application=a, name=f"{rng.choice(['智能变电站', '装配式建筑', '城市供水管网', '高速铁路桥梁'])}关键技术研究（{k + 1}）",
                source="河北省科学技术厅", grade=rng.choice(["provincial", "municipal"]), role=rng.choice(["leader", "participant"]),
                rank=rng.randint(1, 5), start_date=datetime.date(this_year - 4 + k, 3, 1),
                end_date=datetime.date(this_year - 2 + k, 12, 31), status="finished" if k == 0 else "ongoing"))
        rows[m.ProfessionalAward].append(m.ProfessionalAward(
            application=a, name="河北省科学技术进步奖", grade="省科技进步三等奖", rank=rng.randint(1, 7),
            awarded_on=datetime.date(this_year - 2, 12, 20), issuer="河北省人民政府"))
        for k in range(3):
            journal, issn, cn = JOURNALS[(a.pk + k) % len(JOURNALS)]
            rows[m.Publication].append(m.Publication(
                application=a, kind="paper", title=f"{major}领域若干工程问题的分析与实践（{k + 1}）",
                author_rank=rng.randint(1, 3), journal=journal, issn=issn, cn=cn,
                published_on=datetime.date(this_year - 5 + k, rng.randint(1, 12), 1)))
        rows[m.Honor].append(m.Honor(application=a, name="优秀共产党员", issuer="中共河北省委", grade="provincial",
                                     awarded_on=datetime.date(this_year - 3, 7, 1)))
        for y in range(this_year - 5, this_year):
            rows[m.AnnualAssessment].append(m.AnnualAssessment(
                application=a, year=y, result=results["excellent" if rng.random() < 0.2 else "competent"]))
        for y in range(this_year - 3, this_year):
            rows[m.ContinuingEducation].append(m.ContinuingEducation(
                application=a, year=y, hours=rng.choice([72, 90, 96, 120]), content="专业科目与公需科目"))
    for model, objs in rows.items():
        model.objects.bulk_create(objs)

    name, size, sha = pdf
    files = []
    for a in apps:
        for original in ("工作总结.pdf", "学位证书.pdf", "论文首页.pdf"):
            files.append(StoredFile(file=name, original_name=original, kind="pdf", size=size, sha256=sha,
                                    uploaded_by=a.applicant))
    StoredFile.objects.bulk_create(files)
    edu_by_app = {e.application_id: e for e in rows[m.Education] if e.degree == "master"}
    pub_by_app = {p.application_id: p for p in rows[m.Publication]}
    summaries, attachments = [], []
    for i, a in enumerate(apps):
        f_summary, f_degree, f_paper = files[3 * i:3 * i + 3]
        summaries.append(m.WorkSummary(application=a, file=f_summary, char_count=800))
        attachments.append(m.Attachment(application=a, section="education", item_id=edu_by_app[a.pk].pk,
                                        description="硕士学位证书", file=f_degree))
        attachments.append(m.Attachment(application=a, section="publications", item_id=pub_by_app[a.pk].pk,
                                        description="论文首页及目录", file=f_paper))
    m.WorkSummary.objects.bulk_create(summaries)
    m.Attachment.objects.bulk_create(attachments)

    if snapshot_template is None:
        from zhicheng.dossier.services import snapshot

        snapshot_template = snapshot(apps[0])  # a real snapshot, reused (ids differ; size is what matters)
    versions = []
    for a in apps:
        if a.state in NOT_SUBMITTED:
            continue
        snap = {**snapshot_template, "header": {**snapshot_template["header"], "申报人": a.applicant.real_name}}
        versions.append(m.ApplicationVersion(application=a, number=1, snapshot=snap, submitted_by=a.applicant))
    m.ApplicationVersion.objects.bulk_create(versions)

    # The audit trail a real dossier leaves: its start, a few dozen section saves while it was typed, and its
    # submission (the overview's 办理进度 reads the steps among them).
    from zhicheng.audit.models import AuditEvent

    events = []
    for a in apps:
        common = {"actor": a.applicant, "role": Role.APPLICANT, "organization": a.unit, "object_type": OBJECT_TYPE,
                  "object_id": str(a.pk)}
        events.append(AuditEvent(time=a.created_at, action="application_start", to_state="draft",
                                 details={"title": a.title.code}, **common))
        span = (a.updated_at - a.created_at).total_seconds()
        for k in range(rng.randint(10, 40)):
            events.append(AuditEvent(time=a.created_at + datetime.timedelta(seconds=span * (k + 1) / 41),
                                     action="section_save", details={"section": rng.choice(SAVED_SECTIONS)}, **common))
        if a.submitted_at is not None:
            events.append(AuditEvent(time=a.submitted_at, action="submit", from_state="draft", to_state="submitted",
                                     **common))
    with explicit_timestamps(AuditEvent, "time"):
        AuditEvent.objects.bulk_create(events, batch_size=2000)
    return snapshot_template


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--applications", type=int, default=10000, help="target number of applications (default 10000)")
    parser.add_argument("--units", type=int, default=20, help="number of units (default 20)")
    parser.add_argument("--offices", type=int, default=4, help="number of offices (default 4)")
    parser.add_argument("--big-share", type=float, default=0.4,
                        help="share of applications in unit 1, the big unit (default 0.4)")
    parser.add_argument("--batch", type=int, default=500, help="applications per transaction (default 500)")
    parser.add_argument("--seed", type=int, default=20261126)
    parser.add_argument("--allow-demo-dir", action="store_true", help="allow ZHICHENG_DATA_DIR=./var")
    args = parser.parse_args()
    if args.units < 2:
        parser.error("--units must be at least 2")

    setup_django(allow_demo=args.allow_demo_dir)
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection, transaction

    from zhicheng.codes.models import AssessmentResult, EducationLevel, Title
    from zhicheng.dossier.models import Application

    t0 = time.perf_counter()
    print(f"数据库：{db_description()}")
    call_command("migrate", interactive=False, verbosity=0)
    print(f"migrate: {time.perf_counter() - t0:.1f}s")

    units, campaigns = ensure_structure(args.units, args.offices)
    existing = Application.objects.filter(unit__in=units).count()
    if existing >= args.applications:
        print(f"已有 {existing} 份申报（目标 {args.applications}），跳过生成。")
        return
    print(f"已有 {existing} 份申报，生成到 {args.applications} 份……")

    refs = {
        "titles": list(Title.objects.filter(code__in=TITLE_CODES).select_related("series")),
        "edu": {e.code: e for e in EducationLevel.objects.all()},
        "results": {r.code: r for r in AssessmentResult.objects.all()},
        "password": make_password(PASSWORD),  # one hash for everyone: Argon2 per user would take minutes
    }
    pdf = shared_pdf()
    snapshot_template = None
    t1 = time.perf_counter()
    for start in range(existing, args.applications, args.batch):
        ns = range(start, min(start + args.batch, args.applications))
        rng = random.Random(args.seed * 1_000_003 + start)
        with transaction.atomic():
            snapshot_template = generate_batch(ns, units=units, campaigns=campaigns, big_share=args.big_share,
                                               pdf=pdf, refs=refs, rng=rng, snapshot_template=snapshot_template)
        done = ns.stop
        rate = (done - existing) / (time.perf_counter() - t1)
        print(f"  {done}/{args.applications} 份申报（{rate:.0f} 份/秒）", flush=True)
        sys.stdout.flush()

    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            # What autovacuum does shortly after a bulk load (PostgreSQL 13+ vacuums after inserts too): the
            # statistics, and the visibility map that lets index-only scans (a unit's list count) skip the table.
            # This machine's cluster runs with autovacuum off (the test suite's config), so it is done here.
            cur.execute("VACUUM ANALYZE")
    big = Application.objects.filter(unit=units[0]).count()
    print(f"完成：{Application.objects.filter(unit__in=units).count()} 份申报，其中大单位 {big} 份；"
          f"用时 {time.perf_counter() - t0:.1f}s")


if __name__ == "__main__":
    main()
