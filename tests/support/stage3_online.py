"""Reaching 预审通过（网上申报中） for tests of §三(二)/(三).

§二 through its own services (tests/support/stage2.py: 核实 → 赋分 → 推荐 → 公示 → 公示期满; then the unit's
opinion, the pledges and 推荐上报 by unit_submission.services.submit_batch): UNIT_SUBMITTED. Then 预审通过 by
`workflow.services.transition(app, "prereview_pass", actor=office_reviewer)` directly — SHORTCUT while the
prereview part is built in parallel (its guard is still provisional); the lead switches it to the real
service at merge.
"""

from __future__ import annotations

import datetime

from zhicheng.unit_submission import services as unit_submission
from zhicheng.workflow.services import transition

from .. import factories as f
from . import stage2

NOTICE_PUBLISHED_ON = datetime.date(2026, 10, 30)  # notice 2026-11-02 — 2026-11-06


def unit_submitted(world, apps):
    """The apps (submitted or drafts) through §二 to 单位已推荐上报, in one notice and one batch."""
    apps = [a if a.state != "draft" else f.submitted(a) for a in apps]
    stage2.passed_notice(apps, world.hr, published_on=NOTICE_PUBLISHED_ON)
    for app in apps:
        unit_submission.sign_opinion(world.leader, app)
        unit_submission.confirm_pledge(app.applicant, app)
        unit_submission.confirm_pledge(world.leader, app)
    unit_submission.submit_batch(world.hr, world.campaign, apps)
    for app in apps:
        app.refresh_from_db()
    return apps


def prereview_passed(world, *, second: bool = False):
    """world.app (and, with `second`, world.app2 of 李秀英) in 预审通过（网上申报中）."""
    apps = [world.app]
    if second:
        world.app2 = f.application(world.applicant2, world.campaign)
        apps.append(world.app2)
    for app in unit_submitted(world, apps):
        transition(app, "prereview_pass", actor=world.office_reviewer)
        app.refresh_from_db()
    return world
