"""The whole chain in a real browser (Chromium via Playwright) against the live server, each step taken by its
real user on its page — two applicants of one unit, 张建国 for 工程师 (中级, "083") and 李秀英 for 高级工程师
(副高级, "082"):

§一 each starts a NEW dossier from the home page, fills every required section through the forms, uploads the
工作总结 and two proofs, and submits it. §二 unit HR verifies every item; two assessors declare no conflict and
score both; HR finishes scoring and sets the quotas; the leader records the collective decisions; HR publishes
the notice (5 working days), finds it cannot be closed while it runs, and closes it the working day after; the
leader signs the unit opinions; applicants and leader confirm the pledges; HR recommends both to the office.
§三 the office's reviewer passes the 资格预审; each applicant submits the 网上申报; the reviewer passes the 网上审核,
records the paper dossier and the fee, signs the 呈报意见 and forwards: 中级 to the committee host (HOST_REVIEW),
副高级 to the provincial office (SPOT_CHECK). §四 (steps_four_five) the province draws 李秀英's batch for its spot
check, records 合格 and delegates it to the host; the host accepts both (资格审查), each into its committee, holds a
meeting per committee (panel drawn, agenda), an expert declares no conflict and reads the dossiers, the host
records attendance and opens the vote, just enough experts vote 同意, the host closes it (PASSED, minutes PDF).
§五 the host publishes the result notices (public without ID numbers), reports them after the 5 working days;
the province files 张建国 and approves 李秀英; 发文 by the host (中级) and the province (高级) issues the
certificates, which anyone verifies on /zhengshu/ (masked data; a wrong name is "not found").

Only the starting data (organisations, people, the campaign, routes, fee rules, code tables, eligibility
conditions, 组卷要求) is made by factories. The clock is fixed (time_machine, ticking) at Monday 2026-09-07,
10:00 Beijing time, and moved forward in the test process; the live server runs in the same process, so its
clock moves too (each user logs in again after a move: sessions time out across days).
"""

from __future__ import annotations

import datetime

import pytest
import time_machine
from playwright.sync_api import Browser, expect

from zhicheng.audit.models import AuditEvent
from zhicheng.dossier.timeline import OBJECT_TYPE, STEP_ACTIONS
from zhicheng.workflow.states import State

from .steps import Users, at, build_chain, fill_new_dossier, office_stage, unit_stage
from .steps_four_five import committee_stage, lookup, result_stage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TIMEOUT = 15_000
START = datetime.date(2026, 9, 7)  # Monday; no holiday until 中秋 (25 September)
NOTICE_PERIOD = "2026年9月8日—2026年9月14日"  # published Monday: Tuesday to the next Monday, 5 working days
DURING_NOTICE = datetime.date(2026, 9, 10)
AFTER_NOTICE = datetime.date(2026, 9, 15)  # the first working day after the notice
OFFICE_DAY = datetime.date(2026, 9, 16)

# Each application's steps in the audit trail, in order: (action, username of the actor).
UNIT_STEPS = [
    ("application_start", "{me}"), ("submit", "{me}"), ("verify", "hr1"), ("finish_scoring", "hr1"),
    ("recommend", "leader1"), ("start_notice", "hr1"), ("close_notice", "hr1"), ("unit_submit", "hr1"),
]
OFFICE_STEPS = [
    ("prereview_pass", "sunchu"), ("online_submit", "{me}"), ("online_pass", "sunchu"),
    ("endorse", "sunchu"),
]
# §四–§五: 张建国 (中级) to the host at once, 李秀英 (副高级) through the province's spot check; the vote's close
# and the results by the host; 备案 or 核准 by the province; 发文 by the host (中级) or the province (高级).
FOUR_FIVE_STEPS = {
    "zhangjianguo": [("forward_to_host", "sunchu"), ("host_pass", "fengzj"), ("committee_pass", "fengzj"),
                     ("start_result_notice", "fengzj"), ("report_result", "fengzj"), ("file_result", "zhengzr"),
                     ("issue", "fengzj")],
    "lixiuying": [("forward_to_province", "sunchu"), ("delegate_to_host", "zhengzr"), ("host_pass", "fengzj"),
                  ("committee_pass", "fengzj"), ("start_result_notice", "fengzj"), ("report_result", "fengzj"),
                  ("approve_result", "zhengzr"), ("issue_approved", "zhengzr")],
}


def test_two_applicants_through_every_stage(browser: Browser, live_server, transactional_db,
                                            browser_context_args, tmp_path):
    base = live_server.url
    expect.set_options(timeout=TIMEOUT)  # pages with PDF previews on a busy machine
    with time_machine.travel(at(START), tick=True) as clock:
        w = build_chain()
        w.notice_period, w.during_notice, w.after_notice, w.office_day = (
            NOTICE_PERIOD, DURING_NOTICE, AFTER_NOTICE, OFFICE_DAY)
        users = Users(browser, base, browser_context_args)
        try:
            _whole_chain(users, base, w, clock, tmp_path)
        finally:
            users.close()
            expect.set_options(timeout=5_000)  # Playwright's default, for the other tests


def _whole_chain(users: Users, base: str, w, clock, tmp_path) -> tuple[Users, object, object]:
    # §一 each applicant starts a new dossier, fills it in and submits it.
    for p in w.people:
        fill_new_dossier(users(p.username), base, w, p, tmp_path)

    # §二 the unit's review, notice and recommendation.
    unit_stage(users, base, w, clock)

    # §三 the office's pre-review, online application and review, hand-in and 报送.
    office_stage(users, base, w, clock)

    for p in w.people:
        p.app.refresh_from_db()
    assert w.zhang.app.state == State.HOST_REVIEW
    assert w.li.app.state == State.SPOT_CHECK
    forward = {w.zhang: ("forward_to_host", "sunchu"), w.li: ("forward_to_province", "sunchu")}
    for p in w.people:
        expected = [(a, who.format(me=p.username)) for a, who in UNIT_STEPS + OFFICE_STEPS + [forward[p]]]
        trail = [(e.action, e.actor.username) for e in AuditEvent.objects.filter(
            object_type=OBJECT_TYPE, object_id=str(p.app.pk), action__in=STEP_ACTIONS, success=True,
        ).select_related("actor").order_by("time", "id")]
        assert trail == expected, (p.name, trail)
        # The applicant's progress timeline (办理进度) lists the same steps, the last one by the office.
        page = users(p.username)
        page.goto(f"{base}/applications/{p.app.pk}/")
        expect(page.locator("#app-state")).to_have_text(p.app.get_state_display())
        rows = page.locator("#timeline tbody tr")
        expect(rows).to_have_count(len(expected))
        expect(rows.first).to_contain_text(w.unit.name)
        expect(rows.last).to_contain_text(w.office.name)
        expect(rows.last).to_contain_text(p.app.get_state_display())

    # §四 spot check, 资格审查, the meetings and their votes; §五 the results and the certificates.
    committee_stage(users, base, w)
    result_stage(users, base, w, clock)
    lookup(users, base, w)

    for p in w.people:
        p.app.refresh_from_db()
        assert p.app.state == State.ISSUED, (p.name, p.app.state)
        expected = [(a, who.format(me=p.username)) for a, who in UNIT_STEPS + OFFICE_STEPS]
        expected += FOUR_FIVE_STEPS[p.username]
        trail = [(e.action, e.actor.username) for e in AuditEvent.objects.filter(
            object_type=OBJECT_TYPE, object_id=str(p.app.pk), action__in=STEP_ACTIONS, success=True,
        ).select_related("actor").order_by("time", "id")]
        assert trail == expected, (p.name, trail)
        page = users(p.username)
        page.goto(f"{base}/applications/{p.app.pk}/")
        expect(page.locator("#app-state")).to_have_text(p.app.get_state_display())
        expect(page.locator("#timeline tbody tr")).to_have_count(len(expected))
    return users, w, clock
