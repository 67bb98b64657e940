"""The whole unit stage (§二) in a real browser (Chromium via Playwright) against the live server, each step
taken by its real user on its page:

HR verifies 张建国's dossier item by item and clicks 核实通过; HR assigns assessors; one assessor declares no
conflict and scores; a second declares a relation with 张建国 and is recused, and HR (in a tab left open) is
refused when assigning him again, with the Chinese reason shown; HR finishes scoring; the ranking sheet shows
both applicants with totals and ranks; HR sets the quota and the leader records the collective decision; HR
publishes the notice; an anonymous visitor reads it (names, no ID number) and raises an objection; HR takes it
up and finds it unfounded; after the notice ends HR closes it; the leader finds the unit opinion with the
notice's real dates and signs it; applicant and leader confirm the pledge; HR submits the batch and the
application shows 单位已推荐上报.

The clock is fixed (time_machine, ticking) at Friday 2026-10-30 and moved forward in the test process; the live
server runs in the same process, so its clock moves too. Sessions time out across days, so each user logs in
again after the clock moves. Only the setup (unit, people, panel, filled and submitted dossiers) is made by factories, and 李秀英's
verification (the second applicant, for a ranking of two) by the service.
"""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from playwright.sync_api import Browser, expect

from zhicheng.campaigns.models import PanelMember
from zhicheng.dossier import models as m
from zhicheng.orgs.roles import OrgKind, Role
from zhicheng.publicity.models import Objection, PublicNotice
from zhicheng.unit_submission.models import UnitSubmission
from zhicheng.workflow.states import State

from .. import factories as f
from ..e2e.steps import Users, score_all, verify_every_item
from ..support import stage2
from ..support.stage2 import at

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TIMEOUT = 15_000
PUBLISH_DAY = datetime.date(2026, 10, 30)  # Friday: the notice starts Monday 2 November …
NOTICE_START, NOTICE_END = datetime.date(2026, 11, 2), datetime.date(2026, 11, 6)  # … 5 working days
DURING_NOTICE = datetime.date(2026, 11, 3)
AFTER_NOTICE = datetime.date(2026, 11, 9)


def build_people():
    class W:
        pass

    f.ensure_code_tables()
    w = W()
    w.province = f.org("河北省职称改革领导小组办公室", OrgKind.PROVINCE)
    w.office = f.org("河北省工业和信息化厅职称处", OrgKind.OFFICE, w.province)
    w.unit = f.org("河北电力设计院", OrgKind.UNIT, w.office)
    w.applicant = f.user(Role.APPLICANT, w.unit, name="张建国", username="zhangjianguo")
    w.applicant2 = f.user(Role.APPLICANT, w.unit, name="李秀英", username="lixiuying")
    w.hr = f.user(Role.UNIT_HR, w.unit, name="刘人事", username="hr1")
    w.leader = f.user(Role.UNIT_LEADER, w.unit, name="陈院长", username="leader1")
    w.assessor = f.user(Role.ASSESSOR, w.unit, name="周专家", username="zhouzj")
    w.assessor2 = f.user(Role.ASSESSOR, w.unit, name="吴评委", username="wupw")
    w.campaign = f.campaign(w.unit, w.hr, year=PUBLISH_DAY.year)
    # The campaign's recommendation panel (set up with the campaign, not a step of this stage).
    PanelMember.objects.create(campaign=w.campaign, user=w.assessor, duty=PanelMember.Duty.LEADER)
    PanelMember.objects.create(campaign=w.campaign, user=w.assessor2, duty=PanelMember.Duty.MEMBER)
    w.app = f.submitted(f.application(w.applicant, w.campaign))
    w.app2 = f.submitted(f.application(w.applicant2, w.campaign))
    return w


def test_the_unit_stage_in_a_real_browser(browser: Browser, live_server, transactional_db, browser_context_args):
    base = live_server.url
    expect.set_options(timeout=TIMEOUT)  # pages with PDF previews on a busy machine
    with time_machine.travel(at(PUBLISH_DAY), tick=True) as clock:
        w = build_people()
        users = Users(browser, base, browser_context_args)
        try:
            _unit_stage(users, base, w, clock)
        finally:
            users.close()
            expect.set_options(timeout=5_000)  # Playwright's default, for the other tests


def _unit_stage(users: Users, base: str, w, clock) -> None:
    campaign = w.campaign

    # §二(一) HR verifies 张建国's dossier on its verification page (李秀英's through the service: the same
    # page twice would only cost time).
    hr = users("hr1")
    verify_every_item(hr, base, w.app)
    stage2.verified(w.app2, w.hr)

    # §二(二)–(五) HR assigns assessors: 周专家 to both, 吴评委 to 张建国. A second tab stays on the old page.
    hr.goto(f"{base}/scoring/campaigns/{campaign.pk}/")
    hr.locator("#progress-link").click()
    expect(hr.get_by_role("heading", name=re.compile("评分人分配与评分进度"))).to_be_visible()
    stale = hr.context.new_page()
    stale.set_default_timeout(TIMEOUT)
    stale.goto(hr.url)
    for app, who in ((w.app, w.assessor), (w.app2, w.assessor), (w.app, w.assessor2)):
        hr.locator(f'input[name="assign"][value="{app.pk}:{who.pk}"]').check()
    hr.get_by_role("button", name="分配所选评分人").click()
    expect(hr.locator("body")).to_contain_text("已分配3项评分任务。")
    expect(hr.locator("#progress")).to_contain_text("周专家：待声明")

    # 吴评委 declares a relation with 张建国: recused, the task gone from his list.
    wu = users("wupw")
    wu.goto(f"{base}/scoring/mine/")
    wu.locator("#mine tr", has_text="张建国").get_by_role("link", name="先作利益冲突声明").click()
    expect(wu.get_by_role("heading", name="利益冲突声明")).to_be_visible()
    wu.locator('select[name="relation"]').select_option(label="亲属关系")
    wu.locator("#declare").click()
    expect(wu.locator("body")).to_contain_text("已记录您与申报人的关系，您已回避该申报的评分。")
    expect(wu.locator("#mine")).to_contain_text("暂无评分任务。")
    # HR, from the tab left open, tries to assign him to 张建国 again: refused, with the reason.
    stale.locator(f'input[name="assign"][value="{w.app.pk}:{w.assessor2.pk}"]').check()
    stale.get_by_role("button", name="分配所选评分人").click()
    expect(stale.locator("body")).to_contain_text("吴评委已申报与张建国存在亲属关系，须回避。")
    expect(stale.locator(f'input[name="assign"][value="{w.app.pk}:{w.assessor2.pk}"]')).to_have_count(0)
    stale.close()

    # 周专家 declares no conflict and scores both (张建国 full marks, 李秀英 lower).
    zhou = users("zhouzj")
    for app, points in ((w.app, lambda top: int(top)), (w.app2, lambda top: 1)):
        name = app.applicant.real_name
        zhou.goto(f"{base}/scoring/mine/")
        zhou.locator("#mine tr", has_text=name).get_by_role("link", name="先作利益冲突声明").click()
        zhou.locator('input[name="no_conflict"]').check()
        zhou.locator("#declare").click()
        expect(zhou.locator("body")).to_contain_text("已声明无利益冲突，现在可以查阅材料并评分。")
        score_all(zhou, name, points)

    # HR finishes scoring from the ranking sheet; the sheet shows both with totals and ranks.
    hr.goto(f"{base}/scoring/campaigns/{campaign.pk}/")
    hr.locator("#groups").get_by_role("link", name="排名表").click()
    expect(hr.get_by_role("heading", name="申报晋升人员量化评分推荐排名表")).to_be_visible()
    expect(hr.locator("#pending")).to_contain_text("尚有2人未完成量化赋分。")
    hr.locator("#finish-scoring").click()
    expect(hr.locator("body")).to_contain_text("已完成2人的量化赋分。")
    rows = hr.locator("#ranking tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0).locator("td").nth(0)).to_have_text("1")
    expect(rows.nth(0).locator("td").nth(1)).to_have_text("张建国")
    expect(rows.nth(1).locator("td").nth(0)).to_have_text("2")
    expect(rows.nth(1).locator("td").nth(1)).to_have_text("李秀英")
    totals = [float(rows.nth(i).locator("td strong").inner_text()) for i in range(2)]
    assert totals[0] > totals[1] > 0
    hr.get_by_label("设定推荐名额").fill("2")
    hr.get_by_role("button", name="保存名额").click()
    expect(hr.locator("#quota")).to_have_text("2名")

    # §二(六) the leader records the collective decision on the ranking sheet.
    leader = users("leader1")
    leader.goto(f"{base}/scoring/campaigns/{campaign.pk}/")
    leader.locator("#groups").get_by_role("link", name="排名表").click()
    expect(leader.locator("#ranking")).to_contain_text("张建国")
    leader.get_by_label("推荐张建国").check()
    leader.get_by_label("推荐李秀英").check()
    leader.get_by_label("会议日期").fill(PUBLISH_DAY.isoformat())
    leader.locator('input[name="leaders"]').check()
    leader.get_by_label("研究决定").fill("经院长办公会集体研究，同意推荐张建国、李秀英为高级工程师推荐人选。")
    leader.get_by_label("会议纪要（文字，或上传扫描件）").fill("2026年10月30日院长办公会，陈院长主持。")
    leader.locator("#record-decision").click()
    expect(leader.locator("body")).to_contain_text("集体研究决定已记录")
    expect(leader.locator("#decision")).to_contain_text("2026年10月30日")
    expect(leader.locator("#decision")).to_contain_text("陈院长")
    expect(leader.locator("#ranking")).to_contain_text("推荐")

    # §二(七) HR publishes the notice (it starts the next working day).
    hr.goto(f"{base}/publicity/")
    hr.locator("#to-publish").get_by_role("link", name="发布公示").click()
    expect(hr.locator("#people")).to_contain_text("张建国")
    expect(hr.locator("#people")).to_contain_text("李秀英")
    hr.get_by_role("button", name="发布公示").click()
    expect(hr.locator("#period")).to_have_text("2026年11月2日—2026年11月6日")
    notice = PublicNotice.objects.get(campaign=campaign)

    # An anonymous visitor on Tuesday: names, the ranking sheet, no ID number; raises an objection.
    clock.move_to(at(DURING_NOTICE))
    users.relogin()
    visitor = users.anonymous()
    visitor.goto(f"{base}/gongshi/")
    visitor.get_by_role("link", name=re.compile(notice.title)).click()
    expect(visitor.locator("#recommended-list")).to_contain_text("张建国")
    expect(visitor.locator("#recommended-list")).to_contain_text("李秀英")
    expect(visitor.locator("#ranking-sheet")).to_contain_text("张建国")
    html = visitor.content()
    for person in (w.applicant, w.applicant2):
        assert person.id_number not in html and person.phone not in html
    visitor.locator(f"#person-{notice.entries.get(application=w.app).pk}").get_by_role("link", name="查看一览表").click()
    expect(visitor.locator("body")).to_contain_text("张建国")
    assert w.applicant.id_number not in visitor.content()
    visitor.go_back()
    visitor.get_by_label("所反映的公示人员").select_option(label=f"张建国（{w.app.title.name}）")
    visitor.get_by_label("反映人真实姓名").fill("王明")
    visitor.get_by_label("联系方式").fill("13912345678")
    visitor.get_by_label("反映的问题与事实").fill("张建国的获奖证书年份与实际不符。")
    visitor.get_by_role("button", name="提交").click()
    expect(visitor.locator("body")).to_contain_text("您反映的问题已收到，公示单位将依规核查。")
    visitor.context.close()

    # HR takes it up (受理异议并核查) and finds it unfounded (异议不成立，恢复公示).
    hr = users("hr1")
    hr.goto(f"{base}/publicity/")
    hr.locator("#open-objections").get_by_role("link", name="张建国").click()
    expect(hr.locator("#status")).to_have_text("待核查")
    expect(hr.locator("body")).to_contain_text("张建国的获奖证书年份与实际不符。")
    hr.locator("#action-investigate").click()
    hr.locator("#confirm-investigate").click()
    expect(hr.locator("#app-state")).to_have_text("异议核查中")
    hr.goto(f"{base}/publicity/")
    hr.locator("#open-objections").get_by_role("link", name="张建国").click()
    expect(hr.locator("#status")).to_have_text("核查中")
    hr.locator("#action-clear_objection").click()
    hr.locator("#id_reason").fill("经核查，获奖证书年份与原件一致，异议不成立。")
    hr.locator('textarea[name="investigation"]').fill("调取获奖证书原件及颁奖文件核对，并与反映人电话沟通。")
    hr.locator("#confirm-clear_objection").click()
    expect(hr.locator("#app-state")).to_have_text("公示中")
    assert Objection.objects.get().status == Objection.Status.UNFOUNDED

    # Too early to close: the button only appears once the notice has ended.
    hr.goto(f"{base}/publicity/{notice.pk}/")
    expect(hr.locator("#close-notice")).to_have_count(0)

    # Monday after the notice: HR closes it.
    clock.move_to(at(AFTER_NOTICE))
    users.relogin()
    hr = users("hr1")
    hr.goto(f"{base}/publicity/{notice.pk}/")
    hr.locator("#close-notice").click()
    expect(hr.locator("body")).to_contain_text("公示期满无异议，2人公示通过。")
    expect(hr.locator("#objections")).to_contain_text("异议不成立")

    # §二(八) the leader finds the unit opinion with the notice's real dates, and signs it.
    leader = users("leader1")
    leader.goto(f"{base}/unit-submission/applications/{w.app.pk}/opinion/")
    expect(leader.locator("body")).to_contain_text("依据的公示：2026年11月2日—2026年11月6日")
    expect(leader.locator('#opinion-form textarea[name="review_text"]')).to_have_value(
        re.compile("^我单位已于2026年11月2日—2026年11月6日对该同志申报材料评审信息等进行公示"))
    leader.locator("#sign-opinion").click()
    expect(leader.locator("#signed-opinion")).to_contain_text("我单位已于2026年11月2日—2026年11月6日")

    # The applicant and the leader confirm the pledge.
    for page in (users("zhangjianguo"), leader):
        page.goto(f"{base}/unit-submission/applications/{w.app.pk}/pledge/")
        page.locator("#confirm-pledge").click()
        expect(page.locator("body")).to_contain_text("已确认真实性承诺书。")
    expect(leader.locator("#pledge-status")).to_contain_text("陈院长已于2026年11月9日")

    # HR submits the batch: 张建国 is ready, 李秀英 still lacks her opinion and pledge.
    hr.goto(f"{base}/unit-submission/campaigns/{campaign.pk}/")
    expect(hr.locator(f"#row-{w.app.pk}")).to_contain_text("可上报")
    expect(hr.locator(f"#row-{w.app2.pk}")).to_contain_text("单位意见尚未签署。")
    hr.locator("#submit-batch").click()
    expect(hr.locator("body")).to_contain_text("已将1人推荐上报至主管部门。")
    expect(hr.locator("#entries")).to_contain_text("张建国")
    expect(hr.locator("#entries")).not_to_contain_text("李秀英")
    hr.goto(f"{base}/applications/{w.app.pk}/")
    expect(hr.locator("#app-state")).to_have_text("单位已推荐上报")

    w.app.refresh_from_db()
    w.app2.refresh_from_db()
    assert (w.app.state, w.app2.state) == (State.UNIT_SUBMITTED, State.NOTICE_PASSED)
    assert UnitSubmission.objects.get().entries.get().application_id == w.app.pk
    assert m.Application.objects.filter(campaign=campaign).count() == 2
