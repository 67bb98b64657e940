"""Browser steps shared by the real-browser tests: each step is taken by its real user on its page.

`Users` keeps one logged-in browser context per user; the page helpers (`click`, `flash`, `save_section`,
`verify_every_item`, `score_all`) are used by the stage tests too; the stage steps (`start_dossier`,
`fill_new_dossier`, `unit_stage`, `office_stage`) take (users/page, base, world, clock) and carry a world of
`build_chain()` from a new dossier to the office's 报送. Only the starting data is made by factories.
"""

from __future__ import annotations

import datetime
import importlib
import re
from decimal import Decimal

from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from zhicheng.campaigns.models import PanelMember
from zhicheng.codes.models import AssessmentResult, EducationLevel, Title, get_param
from zhicheng.dossier import models as m
from zhicheng.office_review.models import FeeRule, Route
from zhicheng.orgs.roles import OrgKind, Role

from .. import factories as f
from ..dossier.test_browser import login

TIMEOUT = 15_000


class Users:
    """One browser context per user, logged in through the login form; `relogin` after the clock moves
    (the sessions' absolute and idle timeouts have passed)."""

    def __init__(self, browser: Browser, base: str, context_args: dict):
        self.browser, self.base, self.args = browser, base, context_args
        self.pages: dict[str, Page] = {}

    def new_page(self) -> Page:
        page = self.browser.new_context(**self.args).new_page()
        page.set_default_timeout(TIMEOUT)
        page.on("dialog", lambda d: d.accept())  # the data-confirm buttons
        return page

    def __call__(self, username: str) -> Page:
        if username not in self.pages:
            page = self.new_page()
            login(page, self.base, username)
            self.pages[username] = page
        return self.pages[username]

    def anonymous(self) -> Page:
        page = self.browser.new_context(**self.args).new_page()
        page.set_default_timeout(TIMEOUT)
        return page

    def relogin(self) -> None:
        for page in self.pages.values():
            page.context.close()
        self.pages = {}

    def close(self) -> None:
        self.relogin()


def click(page: Page, locator) -> None:
    """Scrolled into view first: on a loaded machine a click on a page still laying out may land on nothing."""
    locator.scroll_into_view_if_needed()
    locator.click()


def home(page: Page, base: str, link: str) -> None:
    """A stage's page reached as its user reaches it: the home page (the login page when signed out), then
    the link `link` (a CSS selector) on it."""
    page.goto(f"{base}/")
    click(page, page.locator(link))


def flash(page: Page, text: str) -> None:
    expect(page.locator(".messages")).to_contain_text(text)


def save_section(page: Page, label: str) -> None:
    click(page, page.get_by_role("button", name="保存", exact=True))
    flash(page, f"“{label}”已保存。")


def reference_data() -> None:
    """What a transactional test's flush removed and the migrations had loaded: the code tables, the default
    eligibility conditions and 组卷要求."""
    from django.apps import apps

    f.ensure_code_tables()
    from zhicheng.eligibility.defaults import load as load_conditions

    load_conditions(apps)
    importlib.import_module("zhicheng.office_review.migrations.0005_handin_assembly_defaults").add(apps, None)


def verify_every_item(page: Page, base: str, app) -> None:
    """HR opens the verification page from the dossier, marks each item 已核 in place, then 核实通过."""
    page.goto(f"{base}/applications/{app.pk}/")
    page.locator("#verification-link").click()
    expect(page.get_by_role("heading", name=re.compile(f"材料核实：{app.applicant.real_name}"))).to_be_visible()
    # The heading shows before the browser has parsed the whole page (PDF previews follow it):
    # wait until every item the summary counts is there, rather than counting a half-parsed page.
    total = int(page.locator("#count-total").inner_text())
    assert total > 0
    marks = page.locator(".verify-mark")
    expect(marks).to_have_count(total)
    for i in range(total):
        item = marks.nth(i)
        item.locator("button.mark-ok").click()
        expect(item.locator(".mark-verified")).to_have_text("✔ 已核，与原件一致")
    expect(page.locator("#count-verified")).to_have_text(str(total))
    # The button came with the last mark (htmx); it still asks for confirmation. Scrolled into view first:
    # from the bottom of a page with PDF previews, a click at once may land on nothing.
    button = page.locator("#verify-button")
    button.scroll_into_view_if_needed()
    with page.expect_event("dialog") as asked:
        button.click()
    assert asked.value.message == "全部材料已核，与原件一致，确认核实通过？"
    expect(page.locator("#app-state")).to_have_text("单位核实通过")


def score_all(page: Page, applicant: str, points) -> None:
    """An assessor's score sheet for `applicant`: every assessor category `points(max)`, then 提交评分."""
    page.get_by_role("heading", name=re.compile(f"量化赋分：{applicant}")).wait_for()
    page.wait_for_load_state("domcontentloaded")  # every row parsed before they are counted
    expect(page.locator("#others-hidden")).to_contain_text("量化赋分结束前，不显示其他评分人的评分")
    rows = page.locator("#score-form tbody tr")
    filled = 0
    for i in range(rows.count()):
        row = rows.nth(i)
        box = row.locator("input")
        if box.count():
            top = float(row.locator("td").nth(1).inner_text())
            box.fill(str(points(top)))
            filled += 1
    assert filled
    page.locator("#submit-scores").click()
    expect(page.locator("body")).to_contain_text("评分已提交。")
    expect(page.locator("#submit-scores")).to_have_count(0)


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, 0), tzinfo=timezone.get_default_timezone())


# ---- the whole chain: the world, then §一, §二, §三 ------------------------------------------------------

class Person:
    """An applicant of the chain: who, what they apply for and what they type into their dossier."""

    def __init__(self, username: str, name: str, title_code: str, current_code: str, obtained: str,
                 department: str, fee: int):
        self.username, self.name, self.title_code, self.current_code = username, name, title_code, current_code
        self.obtained, self.department = obtained, department
        self.fee = fee  # the fee rule of the level (yuan)
        self.user = None
        self.app: m.Application | None = None


def build_chain():
    """The starting data only: the province, an office, one unit with its people and assessors, a committee
    host with its committees, the campaign (published by HR), the routes, the fee rules and the reference data.
    No application exists: the applicants start theirs in the browser."""

    class W:
        pass

    reference_data()
    w = W()
    w.province = f.org("河北省职称改革领导小组办公室", OrgKind.PROVINCE)
    w.office = f.org("河北省工业和信息化厅职称处", OrgKind.OFFICE, w.province)
    w.unit = f.org("河北电力设计院", OrgKind.UNIT, w.office)
    w.host = f.org("河北省工程技术评委会组建单位", OrgKind.COMMITTEE_HOST, w.province)
    w.committee = f.org("河北省工程系列中级评委会", OrgKind.COMMITTEE, w.host)
    w.senior_committee = f.org("河北省工程系列高级评委会", OrgKind.COMMITTEE, w.host)
    w.zhang = Person("zhangjianguo", "张建国", "083", "084", "2019-12-01", "电气设计部", 300)  # 中级
    w.li = Person("lixiuying", "李秀英", "082", "083", "2018-12-01", "输电线路设计部", 500)  # 副高级
    w.people = (w.zhang, w.li)
    for p in w.people:
        p.user = f.user(Role.APPLICANT, w.unit, name=p.name, username=p.username)
    w.hr = f.user(Role.UNIT_HR, w.unit, name="刘人事", username="hr1")
    w.leader = f.user(Role.UNIT_LEADER, w.unit, name="陈院长", username="leader1")
    w.assessor = f.user(Role.ASSESSOR, w.unit, name="周专家", username="zhouzj")
    w.assessor2 = f.user(Role.ASSESSOR, w.unit, name="吴评委", username="wupw")
    w.office_reviewer = f.user(Role.OFFICE_REVIEWER, w.office, name="孙处长", username="sunchu")
    w.provincial = f.user(Role.PROVINCIAL_OFFICE, w.province, name="郑主任", username="zhengzr")
    w.host_user = f.user(Role.COMMITTEE_HOST, w.host, name="冯组建", username="fengzj")
    w.campaign = f.campaign(w.unit, w.hr, year=timezone.localdate().year)
    PanelMember.objects.create(campaign=w.campaign, user=w.assessor, duty=PanelMember.Duty.LEADER)
    PanelMember.objects.create(campaign=w.campaign, user=w.assessor2, duty=PanelMember.Duty.MEMBER)
    series = Title.objects.get(code="083").series
    Route.objects.create(series=series, level="intermediate", host=w.host, committee=w.committee)
    Route.objects.create(series=series, level="associate_senior", host=w.host, committee=w.senior_committee)
    FeeRule.objects.create(series=None, level="intermediate", amount=Decimal("300"))
    FeeRule.objects.create(series=None, level="associate_senior", amount=Decimal("500"))
    return w


def start_dossier(page: Page, base: str, w, person: Person) -> m.Application:
    """开始申报 from the home page: the campaign, the title and the specialty."""
    page.goto(f"{base}/")
    row = page.locator("li", has_text=w.campaign.name)
    click(page, row.get_by_role("link", name="开始申报"))
    page.locator("#s-title").select_option(value=str(Title.objects.get(code=person.title_code).pk))
    page.locator("#s-specialty").fill("电气工程")
    click(page, page.get_by_role("button", name="创建申报"))
    flash(page, "申报已创建，请按顺序逐项填写并保存。")
    expect(page.locator("#app-state")).to_have_text("填写中")
    app = m.Application.objects.get(pk=int(re.search(r"/applications/(\d+)/", page.url).group(1)))
    assert (app.applicant_id, app.title.code) == (person.user.pk, person.title_code)
    return app


def _section(page: Page, base: str, app, key: str, heading: str, values: dict) -> None:
    """One item of a section typed into its form (selects chosen by value) and saved."""
    page.goto(f"{base}/applications/{app.pk}/s/{key}/")
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    form = page.locator("#section-form")
    for name, value in values.items():
        field = form.locator(f'[name="{name}"]')
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value=str(value))
        else:
            field.fill(str(value))
    save_section(page, heading)


def _upload(page: Page, base: str, app, key: str, path, description: str) -> None:
    """A proof of the section (a real PDF), attached to its first item where the section has items."""
    page.goto(f"{base}/applications/{app.pk}/s/{key}/")
    page.locator(f"#up-file-{key}").set_input_files(path)
    item = page.locator(f"#up-item-{key}")
    if item.count():
        item.select_option(label="第1条")
    page.locator(f"#up-desc-{key}").fill(description)
    click(page, page.locator(f'form[action$="/s/{key}/upload/"]').get_by_role("button", name="上传", exact=True))
    flash(page, "文件已上传。")


def fill_new_dossier(page: Page, base: str, w, person: Person, tmp_path) -> m.Application:
    """The applicant starts a dossier and fills every required section through the forms, uploads the 工作总结
    and the proofs of the degree and the current title, and submits it to the unit (提交单位审核)."""
    app = start_dossier(page, base, w, person)
    year = w.campaign.year
    _section(page, base, app, "basic", "基本信息", {
        "ethnicity": "汉族", "political_status": "中共党员", "department": person.department,
        "post": "电气工程师", "work_start_date": "2008-07-01", "professional_start_date": "2008-07-01",
        "email": f"{person.username}@example.cn"})
    _section(page, base, app, "education", "学历学位", {
        "school": "河北工业大学", "major": "电气工程及其自动化",
        "education_level": EducationLevel.objects.get(code="21").pk, "degree": "bachelor",
        "start_date": "2004-09-01", "end_date": "2008-07-01", "certificate_no": "100801200805001234"})
    _section(page, base, app, "current_title", "现任专业技术职务", {
        "title": Title.objects.get(code=person.current_code).pk, "obtained_by": "review",
        "obtained_on": person.obtained, "approval_document": "冀职改办字〔2019〕88号", "approving_body": "河北省职改办"})
    _section(page, base, app, "work", "工作经历", {
        "start_date": "2008-07-01", "employer": "河北电力设计院", "position": "电气工程师",
        "duties": "变电站电气一次设计"})
    _section(page, base, app, "achievement", "任现职以来主要业绩", {
        "content": f"{person.name}主持完成某220kV变电站电气一次设计，负责主接线与短路电流计算，获院优秀设计一等奖。"})
    competent = AssessmentResult.objects.get(code="competent").pk
    for y in range(year - get_param("work_report_years"), year):  # every year the form asks for
        _section(page, base, app, "assessments", "年度考核", {"year": y, "result": competent})
    _section(page, base, app, "training", "继续教育", {
        "year": year - 1, "kind": "professional", "hours": 96, "content": "电力系统继电保护新技术"})

    summary = tmp_path / f"工作总结-{person.name}.pdf"
    summary.write_bytes(f.summary_pdf())
    page.goto(f"{base}/applications/{app.pk}/s/summary/")
    page.locator("#id_file").set_input_files(summary)
    click(page, page.locator('form[action$="/s/summary/upload/"]').get_by_role("button", name="上传", exact=True))
    flash(page, "工作总结已上传（约")
    for key, what in (("education", "学士学位证书"), ("current_title", "现任职称证书")):
        proof = tmp_path / f"{what}-{person.name}.pdf"
        proof.write_bytes(f.pdf_bytes(f"{what} {person.name}"))
        _upload(page, base, app, key, proof, what)

    page.goto(f"{base}/applications/{app.pk}/")
    expect(page.locator("#app-state")).to_have_text("填写中")
    missing = page.locator("#missing")
    assert not missing.count(), missing.inner_text()
    click(page, page.get_by_role("button", name="提交单位审核"))
    flash(page, "已提交单位审核")
    expect(page.locator("#app-state")).to_have_text("待单位审核")
    person.app = app
    return app


def unit_stage(users: Users, base: str, w, clock) -> None:
    """§二 for both applicants, each step by its user: HR verifies every item; HR assigns both assessors to
    both; each declares no conflict and scores; HR finishes scoring and sets each group's quota; the leader
    records the collective decision on each ranking sheet; HR publishes the notice; on the first working day
    after it HR closes it without objection; the leader signs the unit opinions; applicants and leader confirm
    the pledges; HR recommends both to the office (推荐上报)."""
    campaign, people = w.campaign, w.people
    hr = users("hr1")
    for p in people:
        verify_every_item(hr, base, p.app)

    # §二(二)–(五) assessors: both on both dossiers.
    hr.goto(f"{base}/scoring/campaigns/{campaign.pk}/")
    click(hr, hr.locator("#progress-link"))
    expect(hr.get_by_role("heading", name=re.compile("评分人分配与评分进度"))).to_be_visible()
    for p in people:
        for who in (w.assessor, w.assessor2):
            hr.locator(f'input[name="assign"][value="{p.app.pk}:{who.pk}"]').check()
    click(hr, hr.get_by_role("button", name="分配所选评分人"))
    expect(hr.locator("body")).to_contain_text("已分配4项评分任务。")
    for username, points in (("zhouzj", lambda top: int(top)), ("wupw", lambda top: max(int(top) - 1, 0))):
        assessor = users(username)
        for p in people:
            assessor.goto(f"{base}/scoring/mine/")
            click(assessor, assessor.locator("#mine tr", has_text=p.name).get_by_role("link", name="先作利益冲突声明"))
            assessor.locator('input[name="no_conflict"]').check()
            click(assessor, assessor.locator("#declare"))
            expect(assessor.locator("body")).to_contain_text("已声明无利益冲突，现在可以查阅材料并评分。")
            score_all(assessor, p.name, points)

    # HR finishes each group's scoring (one sheet per series and level) and sets its quota; §二(六) the leader
    # records the collective decision on each sheet.
    leader = users("leader1")
    today = timezone.localdate()
    for p in people:
        level = p.app.get_level_display()
        hr.goto(f"{base}/scoring/campaigns/{campaign.pk}/")
        click(hr, hr.locator("#groups tr", has_text=level).get_by_role("link", name="排名表"))
        expect(hr.locator("body")).to_contain_text(f"级别：{level}")
        click(hr, hr.locator("#finish-scoring"))
        expect(hr.locator("body")).to_contain_text("已完成1人的量化赋分。")
        expect(hr.locator("#ranking tbody tr")).to_have_count(1)
        hr.get_by_label("设定推荐名额").fill("1")
        click(hr, hr.get_by_role("button", name="保存名额"))
        expect(hr.locator("#quota")).to_have_text("1名")

        leader.goto(f"{base}/scoring/campaigns/{campaign.pk}/")
        click(leader, leader.locator("#groups tr", has_text=level).get_by_role("link", name="排名表"))
        leader.get_by_label(f"推荐{p.name}").check()
        leader.get_by_label("会议日期").fill(today.isoformat())
        leader.locator('input[name="leaders"]').check()
        leader.get_by_label("研究决定").fill(f"经院长办公会集体研究，同意推荐{p.name}为{p.app.title.name}推荐人选。")
        leader.get_by_label("会议纪要（文字，或上传扫描件）").fill("院长办公会，陈院长主持。")
        click(leader, leader.locator("#record-decision"))
        expect(leader.locator("body")).to_contain_text("集体研究决定已记录")
        expect(leader.locator("#decision")).to_contain_text("陈院长")

    # §二(七) HR publishes the notice: it starts the next working day and runs 5 working days.
    hr.goto(f"{base}/publicity/")
    click(hr, hr.locator("#to-publish").get_by_role("link", name="发布公示"))
    for p in people:
        expect(hr.locator("#people")).to_contain_text(p.name)
    click(hr, hr.get_by_role("button", name="发布公示"))
    expect(hr.locator("#period")).to_have_text(w.notice_period)
    notice_url = hr.url

    # Too early to close while it runs (the middle of the notice) …
    clock.move_to(at(w.during_notice))
    users.relogin()
    hr = users("hr1")
    hr.goto(notice_url)
    expect(hr.locator("#period")).to_have_text(w.notice_period)
    expect(hr.locator("#close-notice")).to_have_count(0)

    # … closed on the first working day after it, no objection raised.
    clock.move_to(at(w.after_notice))
    users.relogin()
    hr = users("hr1")
    hr.goto(notice_url)
    click(hr, hr.locator("#close-notice"))
    expect(hr.locator("body")).to_contain_text("公示期满无异议，2人公示通过。")

    # §二(八) the leader signs each unit opinion (with the notice's real dates); the pledges are confirmed.
    leader = users("leader1")
    for p in people:
        leader.goto(f"{base}/unit-submission/applications/{p.app.pk}/opinion/")
        expect(leader.locator("body")).to_contain_text(f"依据的公示：{w.notice_period}")
        click(leader, leader.locator("#sign-opinion"))
        expect(leader.locator("#signed-opinion")).to_contain_text(f"我单位已于{w.notice_period}")
        for page in (users(p.username), leader):
            page.goto(f"{base}/unit-submission/applications/{p.app.pk}/pledge/")
            click(page, page.locator("#confirm-pledge"))
            expect(page.locator("body")).to_contain_text("已确认真实性承诺书。")

    # HR recommends both to the office (推荐上报).
    hr.goto(f"{base}/unit-submission/campaigns/{campaign.pk}/")
    for p in people:
        expect(hr.locator(f"#row-{p.app.pk}")).to_contain_text("可上报")
    click(hr, hr.locator("#submit-batch"))
    expect(hr.locator("body")).to_contain_text("已将2人推荐上报至主管部门。")
    for p in people:
        expect(hr.locator("#entries")).to_contain_text(p.name)
    for p in people:
        hr.goto(f"{base}/applications/{p.app.pk}/")
        expect(hr.locator("#app-state")).to_have_text("单位已推荐上报")


def office_stage(users: Users, base: str, w, clock) -> None:
    """§三 for both applicants, each step by its user: the office's reviewer passes the 资格预审 of the unit's
    batch (the eligibility engine passes both dossiers, no justification needed); each applicant submits the
    网上申报 unchanged; the reviewer passes the 网上审核, records the paper dossier (complete, bound) and the fee,
    signs the 呈报意见 and 报送: the 中级 dossier to the committee host, the 副高级 one to the provincial office."""
    from zhicheng.unit_submission.models import UnitSubmission

    clock.move_to(at(w.office_day))
    users.relogin()
    batch = UnitSubmission.objects.get(campaign=w.campaign)
    sun = users("sunchu")
    for p in w.people:
        click(sun, sun.locator("#prereview-link"))
        click(sun, sun.locator(f'a[href="/office/prereview/batches/{batch.pk}/"]'))
        click(sun, sun.locator("#prereview-entries tr", has_text=p.name).get_by_role("link", name="预审"))
        expect(sun.get_by_role("heading", name=f"资格预审 — {p.name}")).to_be_visible()
        expect(sun.locator("#state")).to_contain_text("单位已推荐上报")
        click(sun, sun.get_by_role("button", name="预审通过"))
        flash(sun, "预审通过，已开放网上申报并通知申报人。")
        expect(sun.locator("#state")).to_contain_text("预审通过（网上申报中）")
        sun.goto(f"{base}/")

    # §三(二) each applicant reads the notice on the dossier and submits the online application unchanged.
    for p in w.people:
        page = users(p.username)
        page.goto(f"{base}/applications/{p.app.pk}/")
        expect(page.locator("#online-note")).to_contain_text("资格预审已通过")
        click(page, page.locator("#online-link"))
        expect(page.locator("#online-missing")).to_have_count(0)
        click(page, page.locator("#online-submit"))
        flash(page, "网上申报已提交")
        expect(page.locator("#app-state")).to_have_text("网上已申报（待网上审核）")

    # §三(三) the reviewer passes the online review, records the paper dossier and the fee, signs the 呈报意见.
    for p in w.people:
        sun.goto(f"{base}/")
        click(sun, sun.locator("#online-queue-link"))
        click(sun, sun.locator("#online-queue").get_by_role("link", name=p.name))
        click(sun, sun.locator("#online-pass"))
        flash(sun, "已网上审核通过。")
        click(sun, sun.get_by_role("link", name="网上审核通过（待交卷）"))
        click(sun, sun.locator("#online-queue").get_by_role("link", name=p.name))
        expect(sun.locator("#app-state")).to_have_text("网上审核通过（待交卷）")
        click(sun, sun.locator("#handin-link"))
        expect(sun.get_by_role("heading", name=f"交卷审查 — {p.name}")).to_be_visible()
        sun.wait_for_load_state("domcontentloaded")  # every box parsed before they are counted
        boxes = sun.locator('#paper input[name="items"]')
        for i in range(boxes.count()):
            boxes.nth(i).check()
        click(sun, sun.locator("#record-paper"))
        flash(sun, "纸质材料已登记。")
        expect(sun.locator("#paper")).to_contain_text("材料齐全")
        click(sun, sun.locator("#bind-paper"))
        flash(sun, "已登记胶装。")
        expect(sun.locator("#fee")).to_contain_text(f"标准：{p.fee}")
        sun.locator('#fee input[name="receipt_no"]').fill(f"PJ{w.campaign.year}-{p.app.pk:04d}")
        click(sun, sun.locator("#record-fee"))
        flash(sun, "评审费已登记。")
        expect(sun.locator("#endorse-problems")).to_have_count(0)
        click(sun, sun.locator("#endorse"))
        flash(sun, "呈报意见已签署。")
        expect(sun.locator("#state")).to_have_text("已签署呈报意见（待报送）")
        expect(sun.locator("#endorsement")).to_contain_text("签名：孙处长")

    # 报送: 中级 to the committee host, 副高级 to the provincial office (its spot check first).
    click(sun, sun.get_by_role("link", name="审核报送"))
    forwarding = sun.url
    for p, to in ((w.zhang, w.host), (w.li, w.province)):
        sun.goto(forwarding)
        group = sun.locator("section.group", has_text=to.name)
        expect(group).to_contain_text(p.name)
        click(sun, group.get_by_role("button", name="报送（1份）"))
        flash(sun, f"已报送{to.name}，共1份。")
        expect(sun.locator("#entries")).to_contain_text(p.name)
