"""Browser steps of §四 and §五 for the whole chain (tests/e2e/test_browser_whole_chain.py), each taken by its
real user on its page: the province's spot check of 李秀英 (副高级), the host's 资格审查 of both, a review
meeting per committee (panel drawn, agenda, a declaration, attendance, the secret vote, the minutes), the
result notices, 报送, 备案 (中级) and 核准 (副高级), the 发文 documents and the public certificate lookup.

Only the starting data is made by services: the host's two committees (中级 by series, 副高级 by the
applicant's specialty) and its expert pool, each expert with an account (Role.EXPERT at the host).
"""

from __future__ import annotations

import datetime
import math
import re

from django.utils import timezone
from playwright.sync_api import Page, expect

from zhicheng.codes.models import Level, get_param
from zhicheng.committee import services
from zhicheng.committee.models import Expert
from zhicheng.orgs.roles import Role
from zhicheng.orgs.validators import mask_id_number
from zhicheng.results.models import Certificate
from zhicheng.workdays.services import add_working_days, is_working_day
from zhicheng.workflow.states import State

from .. import factories as f
from .steps import Users, at, click, flash, home

EXPERT_NAMES = ("王志强", "赵立新", "钱学文", "孙海涛", "周建华", "吴国平", "郑晓明", "冯德胜", "陈立群", "褚卫东",
                "蒋文博")
PLACE = "石家庄市裕华区评审中心"
DOCUMENTS = {"zhangjianguo": "冀职改〔2026〕21号", "lixiuying": "冀职改〔2026〕22号"}


def committees_and_experts(w) -> None:
    """The host's committees (records of committee.services, each with its own committee org) and 11 experts
    of the series with the applicant's specialty, each with an expert account: a 中级 panel needs 7
    (committee_min_other), a 副高级 panel of a committee by specialty 11 (committee_min_senior_specialty)."""
    year = timezone.localdate().year
    start = datetime.date(year, 1, 1)
    until = services.validity_limit(start)
    specialty = w.li.app.specialty
    common = {"series_code": "080", "approval_date": start, "valid_from": start, "valid_until": until}
    w.mid_c = services.create_committee(w.host_user, name="河北省工程技术系列中级职称评审委员会",
                                        levels=[Level.INTERMEDIATE], approval_number="冀职改办〔2026〕31号",
                                        **common)
    w.senior_c = services.create_committee(w.host_user, name=f"河北省工程技术系列{specialty}专业高级职称评审委员会",
                                           specialty=specialty, levels=[Level.ASSOCIATE_SENIOR],
                                           approval_number="冀职改办〔2026〕32号", **common)
    assert get_param("committee_min_other") == 7 and get_param("committee_min_senior_specialty") == 11
    for i, name in enumerate(EXPERT_NAMES, start=1):
        account = f.user(Role.EXPERT, w.host, name=name, username=f"expert{i:02d}")
        services.add_expert(w.host_user, real_name=name, unit_name="河北工业大学", title_code="Z0801",
                            specialty=specialty, term_start=start, term_end=until, user_id=account.pk)


def spot_check(users: Users, base: str, w) -> None:
    """§四(一) the province opens the batch, draws the sample (李秀英: a batch of one), records 合格 and
    delegates the batch to the host."""
    zheng = users("zhengzr")
    home(zheng, base, "#spot-check-link")
    click(zheng, zheng.locator("#spot-batches tbody tr", has_text=w.office.name).get_by_role("link").first)
    click(zheng, zheng.locator("#spot-draw").get_by_role("button", name="抽取"))
    flash(zheng, "已随机抽取1份申报")
    expect(zheng.locator("#sampled-ids")).to_have_text(str(w.li.app.pk))
    expect(zheng.locator("#spot-draw")).to_contain_text("与记录一致")
    click(zheng, zheng.locator("#spot-entries tr", has_text=w.li.name).get_by_role("link", name="抽中"))
    expect(zheng.get_by_role("heading", name=f"抽查结论：{w.li.name}")).to_be_visible()
    zheng.get_by_label("合格", exact=True).check()
    click(zheng, zheng.locator("#finding-form").get_by_role("button", name="保存"))
    flash(zheng, "已记录抽查结论。")
    expect(zheng.locator("#current-finding")).to_contain_text("合格")
    click(zheng, zheng.get_by_role("link", name=re.compile("报送批次")))
    click(zheng, zheng.locator("#spot-delegate").get_by_role("button", name="委托"))
    flash(zheng, f"已委托：{w.host.name}（1份）")


def host_review(users: Users, base: str, w) -> None:
    """§四(二) the host accepts both, each into its committee: the routes' committee orgs have no committee
    record, so the page offers the host's valid committee of the series, specialty and level."""
    feng = users("fengzj")
    for p, c in ((w.zhang, w.mid_c), (w.li, w.senior_c)):
        home(feng, base, "#host-review-queue-link")
        click(feng, feng.locator("#host-queue").get_by_role("link", name=p.name))
        expect(feng.locator("#id_committee_id option").first).to_contain_text(c.org.name)
        click(feng, feng.locator("#host-pass"))
        flash(feng, f"已资格审查通过，提交“{c.org.name}”评审。")
        p.app.refresh_from_db()
        assert p.app.state == State.IN_COMMITTEE, p.app.state


def _panel_users(meeting) -> list:
    ids = services.panel(meeting)[0]
    by_id = Expert.objects.select_related("user").in_bulk(ids)
    return [by_id[i] for i in ids]


def meeting_prepared(users: Users, base: str, w, p, c, level: str, size: int):
    """The host creates the meeting (today) on the committee's page, draws `size` experts and puts the candidate
    on the agenda. Returns (meeting, its members in drawn order)."""
    feng = users("fengzj")
    home(feng, base, "#committee-index-link")
    click(feng, feng.locator("#committees").get_by_role("link", name=c.org.name))
    form = feng.locator("#meeting-new")
    form.get_by_label("评审级别").select_option(value=level)
    form.get_by_label("评审日期").fill(timezone.localdate().isoformat())
    form.get_by_label("评审地点").fill(PLACE)
    click(feng, form.get_by_role("button", name="创建"))
    flash(feng, "已创建评审会议。")
    meeting = c.meetings.get()
    draw = feng.locator("#draw")
    draw.get_by_label("抽取人数（单数）").fill(str(size))
    click(feng, draw.get_by_role("button", name="抽取"))
    flash(feng, "已随机抽取评审专家。")
    expect(feng.locator("#panel tbody tr")).to_have_count(size)
    click(feng, feng.get_by_role("link", name="评审对象、回避与评议组"))
    feng.locator(f"#app-{p.app.pk}").check()
    click(feng, feng.locator("#add").get_by_role("button", name="列入"))
    expect(feng.locator("#candidates")).to_contain_text(p.name)
    return meeting, _panel_users(meeting)


def declare_and_read(users: Users, base: str, expert: Expert, p) -> None:
    """An expert declares 无利害关系 on the candidate in 我的评审, then opens the dossier."""
    page = users(expert.user.username)
    home(page, base, "#expert-agenda-link")
    row = page.locator("tr", has_text=p.name)
    click(page, row.get_by_role("button", name="无利害关系"))
    row = page.locator("tr", has_text=p.name)
    expect(row).to_contain_text("无利害关系（")
    href = row.get_by_role("link", name="查阅申报材料").get_attribute("href")
    response = page.goto(f"{base}{href}")
    assert response.status == 200
    expect(page.locator("#app-state")).to_have_text("评审中")


def vote(users: Users, base: str, w, p, meeting, present: list[Expert], voters: list[Expert]) -> None:
    """The host records who is present and opens the vote; `voters` vote 同意 on their ballots (the others
    present do not vote); the host closes the vote: the candidate passes; the minutes are a PDF."""
    n_members = len(services.panel(meeting)[0])
    assert len(present) * 3 >= n_members * 2 and len(voters) == math.ceil(2 * len(present) / 3)
    feng = users("fengzj")
    vote_url = f"{base}/committee/meetings/{meeting.pk}/vote/"
    home(feng, base, "#committee-index-link")  # 评审委员会 → the committee → its meeting → 投票表决
    click(feng, feng.locator("#committees").get_by_role("link", name=meeting.committee.org.name))
    click(feng, feng.locator("#meetings").get_by_role("link").first)
    click(feng, feng.locator("#vote-link"))
    assert feng.url == vote_url, feng.url
    for e in present:
        feng.locator(f'#attendance input[name="present"][value="{e.pk}"]').check()
    click(feng, feng.get_by_role("button", name="登记出席情况"))
    expect(feng.locator("#vote-status")).to_contain_text(f"应到{n_members}人，实到{len(present)}人")
    click(feng, feng.locator("#open").get_by_role("button", name="开始投票"))
    expect(feng.locator("#vote-status")).to_contain_text("投票状态：投票中")
    for e in voters:
        page = users(e.user.username)
        home(page, base, "#expert-votes-link")
        click(page, page.get_by_role("link", name="投票中"))
        page.locator(f'input[name="choice_{p.app.pk}"][value="agree"]').check()
        click(page, page.get_by_role("button", name="提交选票"))
        flash(page, "已提交1张选票。")
        expect(page.locator("#ballot")).to_contain_text("已投票")
    feng.goto(vote_url)
    click(feng, feng.locator("#close").get_by_role("button", name="结束投票"))
    row = feng.locator("#candidates tr", has_text=p.name)
    expect(row).to_contain_text("通过")
    expect(row).not_to_contain_text("未通过")
    href = feng.get_by_role("link", name="下载会议纪要（PDF）").get_attribute("href")
    minutes = feng.request.get(f"{base}{href}")
    assert minutes.status == 200 and minutes.body().startswith(b"%PDF"), minutes.status
    p.app.refresh_from_db()
    assert p.app.state == State.PASSED, p.app.state


def committee_stage(users: Users, base: str, w) -> None:
    """§四: spot check, 资格审查, a meeting per committee, declarations, the vote. As few expert logins as the
    rules allow: 中级 5 of 7 present, 4 vote 同意 (4×3 ≥ 2×5); 副高级 8 of 11 present, 6 同意 (6×3 ≥ 2×8);
    the 中级 meeting's voters sit in the 副高级 one too (its panel is the whole pool) and vote there again."""
    committees_and_experts(w)
    spot_check(users, base, w)
    host_review(users, base, w)
    mid, mid_members = meeting_prepared(users, base, w, w.zhang, w.mid_c, Level.INTERMEDIATE, 7)
    senior, senior_members = meeting_prepared(users, base, w, w.li, w.senior_c, Level.ASSOCIATE_SENIOR, 11)
    mid_present, mid_voters = mid_members[:5], mid_members[:4]
    others = [e for e in senior_members if e not in mid_voters]
    senior_present, senior_voters = mid_voters + others[:4], mid_voters + others[:2]
    declare_and_read(users, base, mid_voters[0], w.zhang)
    declare_and_read(users, base, mid_voters[0], w.li)
    vote(users, base, w, w.zhang, mid, mid_present, mid_voters)
    vote(users, base, w, w.li, senior, senior_present, senior_voters)


def _next_working_day(day: datetime.date) -> datetime.date:
    day += datetime.timedelta(days=1)
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def result_stage(users: Users, base: str, w, clock) -> None:
    """§五: the host publishes a result notice per committee (5 working days from the next working day; the
    public page shows names, no ID numbers); the first working day after it the host reports both; the
    province files 张建国 (中级) and approves 李秀英 (副高级); the host issues 张建国's document, the province
    李秀英's; anyone verifies both certificates on /zhengshu/."""
    today = timezone.localdate()
    starts = _next_working_day(today)
    ends = add_working_days(starts, get_param("result_notice_working_days"))
    report_day = _next_working_day(ends)
    # Before 中秋 (25 September), but across Sunday 20 September, a working day (调休 for 国庆): Thursday 17 to
    # Tuesday 22 is 5 working days; 报送 on Wednesday 23.
    assert (starts, ends, report_day) == (datetime.date(2026, 9, 17), datetime.date(2026, 9, 22),
                                          datetime.date(2026, 9, 23)), (starts, ends, report_day)
    period = "2026年9月17日—2026年9月22日"
    feng = users("fengzj")
    for p, c in ((w.zhang, w.mid_c), (w.li, w.senior_c)):
        home(feng, base, "#results-flow-host-link")
        click(feng, feng.locator("#committees tr", has_text=c.org.name).get_by_role("link", name="发布评审结果公示"))
        expect(feng.locator("#people")).to_contain_text(p.name)
        click(feng, feng.get_by_role("button", name="发布公示"))
        flash(feng, f"已发布评审结果公示，公示期{period}。")
        expect(feng.locator("#entries")).to_contain_text(p.name)
    home(feng, base, "#results-flow-host-link")
    notice_urls = [feng.locator("#notices tr", has_text=c.org.name).get_by_role("link").get_attribute("href")
                   for c in (w.mid_c, w.senior_c)]

    # On the notice's last day: the public notices (no login) still show the names, no ID numbers; the host
    # cannot report yet.
    clock.move_to(at(ends))
    users.relogin()
    feng = users("fengzj")
    for url in notice_urls:
        feng.goto(f"{base}{url}")
        expect(feng.locator("#period")).to_have_text(period)
        expect(feng.locator("#report")).to_have_count(0)
    public = users.anonymous()
    for p in w.people:
        home(public, base, "#result-gongshi-link")  # the login page's link
        c = w.mid_c if p is w.zhang else w.senior_c
        click(public, public.locator("#public-notices tbody tr", has_text=c.org.name).get_by_role("link"))
        expect(public.locator("#period")).to_have_text(period)
        expect(public.locator("#people")).to_contain_text(p.name)
        assert p.user.id_number not in public.content()
    public.context.close()

    # 报送 on the first working day after the notice.
    clock.move_to(at(report_day))
    users.relogin()
    feng = users("fengzj")
    for url in notice_urls:
        feng.goto(f"{base}{url}")
        click(feng, feng.locator("#report"))
        flash(feng, "已报送省职改办备案/核准（1人）。")

    # 备案 (中级) and 核准 (副高级) by the province.
    zheng = users("zhengzr")
    for p, c, button in ((w.zhang, w.mid_c, "备案（中级、初级）"), (w.li, w.senior_c, "核准（高级）")):
        home(zheng, base, "#results-flow-province-link")
        click(zheng, zheng.locator("#reports tr", has_text=c.org.name).get_by_role("link"))
        zheng.get_by_label(f"选择{p.name}").check()
        click(zheng, zheng.get_by_role("button", name=button))
        flash(zheng, "已办理1人。")

    # 发文: the host for 中级, the province for 高级; the certificates are issued with the document.
    for p, who, link, authority in ((w.zhang, "fengzj", "#results-flow-host-link", w.host.name),
                                    (w.li, "zhengzr", "#results-flow-province-link", w.province.name)):
        page = users(who)
        home(page, base, link)
        click(page, page.locator("#new-document"))
        expect(page.locator("#people")).to_contain_text(p.name)
        page.locator("#id_number").fill(DOCUMENTS[p.username])
        page.locator("#id_title").fill(f"关于{p.name}等同志取得{p.app.title.name}职称的通知")
        page.locator("#id_authority").fill(authority)
        page.locator("#id_issued_on").fill(timezone.localdate().isoformat())
        click(page, page.get_by_role("button", name="发文并发放证书"))
        flash(page, f"已发文（{DOCUMENTS[p.username]}），职称证书已发放。")
        cert = Certificate.objects.get(application=p.app)
        expect(page.locator("#entries tr", has_text=p.name)).to_contain_text(cert.number)
        p.certificate = cert


def lookup(users: Users, base: str, w) -> None:
    """Anyone verifies each certificate by number and name (masked data only); a wrong name gets the same
    answer as a number that does not exist."""
    public = users.anonymous()

    def ask(number: str, name: str) -> Page:
        home(public, base, "#zhengshu-link")  # the login page's link
        public.locator("#id_number").fill(number)
        public.locator("#id_name").fill(name)
        click(public, public.get_by_role("button", name="查询", exact=True))
        expect(public.locator("#certificate-result")).to_be_visible()
        return public

    for p in w.people:
        page = ask(p.certificate.number, p.name)
        expect(page.locator("#certificate-result")).to_have_attribute("data-found", "1")
        data = page.locator("#certificate-data")
        expect(data).to_contain_text(p.name)
        expect(data).to_contain_text(DOCUMENTS[p.username])
        expect(data).to_contain_text(p.app.title.name)
        assert p.user.id_number not in page.content()
        expect(data).to_contain_text(mask_id_number(p.user.id_number))
    wrong = ask(w.zhang.certificate.number, "张建华").locator("#certificate-message").inner_text()
    expect(public.locator("#certificate-result")).to_have_attribute("data-found", "0")
    absent = ask("冀ZC2026999999", w.zhang.name).locator("#certificate-message").inner_text()
    assert wrong == absent, (wrong, absent)
    expect(public.locator("#certificate-data")).to_have_count(0)
    public.context.close()
