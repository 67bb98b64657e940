"""Reaching 拟推荐 (RECOMMENDED) in tests of the notice.

The §二 steps before the notice (verify, finish_scoring, recommend) belong to the unit_review and scoring
apps. When such an app's guard is registered the step runs with it; until then (those apps are built in
parallel) the test stands in for the missing guard only — the step still goes through `transition`, with its
role, scope, state checks and audit event. Replace with those apps' factories once merged."""

from __future__ import annotations

import contextlib

from zhicheng.workflow import guards
from zhicheng.workflow.services import transition, transition_many

from .. import factories as f

STAND_IN = ("verification_complete", "scores_complete", "collective_decision_recorded")


@contextlib.contextmanager
def stand_in_guards():
    added = [name for name in STAND_IN if not guards.is_registered(name)]
    for name in added:
        guards.register(name)(lambda application, actor, details: [])
    try:
        yield
    finally:
        for name in added:
            guards._GUARDS.pop(name, None)


def recommended(apps, hr):
    """Submitted (if still a draft) → 核实通过 → 完成量化赋分 → 确定为推荐人选, by the unit's HR."""
    apps = list(apps)
    for app in apps:
        if app.state == "draft":
            f.submitted(app)
    with stand_in_guards():
        for app in apps:
            transition(app, "verify", actor=hr)
            transition(app, "finish_scoring", actor=hr)
        transition_many(apps, "recommend", actor=hr)
    for app in apps:
        app.refresh_from_db()
    return apps
