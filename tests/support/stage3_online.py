"""Reaching 预审通过（网上申报中） for tests of §三(二)/(三).

§二 through its own services (tests/support/stage2.py: 核实 → 赋分 → 推荐 → 公示 → 公示期满; then the unit's
opinion, the pledges and 推荐上报 by unit_submission.services.submit_batch): UNIT_SUBMITTED. Then 预审通过 by
the office through `office_review.prereview.prereview_pass`, with the reviewer's written justification (the
factories' dossiers are not built to meet a condition set of the eligibility engine).
"""

from __future__ import annotations

import datetime

from zhicheng.office_review import prereview
from zhicheng.unit_submission import services as unit_submission

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
        prereview.prereview_pass(world.office_reviewer, app, justification="经核实原件，符合申报条件。")
        app.refresh_from_db()
    return world
