"""Reaching the scoring stage through the services: submitted → 核实通过 (unit_review's step; a stand-in is
registered when that app has not registered it yet) → assessors assigned, declared and scoring."""

from __future__ import annotations

from decimal import Decimal

import pytest

from zhicheng.campaigns.models import PanelMember
from zhicheng.orgs.roles import Role
from zhicheng.scoring import services
from zhicheng.workflow import actions, guards

from .. import factories as f
from ..support import stage2


@pytest.fixture
def verify_built(monkeypatch):
    """核实通过 belongs to unit_review (§二(一)); where that stage is not built in this tree, a stand-in
    with a passing guard lets tests reach UNIT_VERIFIED through the one action entry."""
    if "verify" not in actions._ACTIONS:
        monkeypatch.setitem(actions._ACTIONS, "verify", actions.Registered(None))
    if not guards.is_registered("verification_complete"):
        monkeypatch.setitem(guards._GUARDS, "verification_complete", lambda app, actor, details: [])


def verified(app, hr):
    return stage2.verified(app, hr)


def verified_apps(world, n: int, name: str = "申报人") -> list:
    apps = f.submitted_applications(world.campaign, n, name=name)
    return [verified(a, world.hr) for a in apps]


def panel(world, n: int, *, chair: bool = True) -> list:
    """n assessors of the unit on the campaign's panel; the first is the chair (组长)."""
    users = [f.user(Role.ASSESSOR, world.unit, name=f"评委{i + 1}") for i in range(n)]
    for i, u in enumerate(users):
        PanelMember.objects.create(campaign=world.campaign, user=u,
                                   duty=PanelMember.Duty.LEADER if (i == 0 and chair) else PanelMember.Duty.MEMBER)
    return users


def assign_all(world, apps, assessors):
    out = {}
    for app in apps:
        for u in assessors:
            asg = services.assign(world.hr, app, u)
            services.declare(u, asg)
            asg.refresh_from_db()
            out[(app.pk, u.pk)] = asg
    return out


def full(app, value, overrides=None) -> dict:
    """A score sheet giving every assessor category `value` (capped at its maximum), with overrides."""
    scheme = services.scheme_for(app.campaign, app.series_id, app.level)
    out = {c.code: str(min(Decimal(str(value)), c.max_points)) for c in services.assessor_categories(scheme)}
    out.update(overrides or {})
    return out


def score_all(asgs: dict, values: dict):
    """values: {(app pk, user pk): value or dict}; submits each."""
    for (app_pk, user_pk), asg in asgs.items():
        v = values.get((app_pk, user_pk), values.get(app_pk, 5))
        sheet = v if isinstance(v, dict) else full(asg.application, v)
        services.save_scores(asg.assessor, asg, sheet, submit=True)
