"""A small constructed world for the statistics: applications put straight into their states (a stats
fixture: the figures are what is tested, not the steps), some assigned to world.host's committee.

world.office (world.unit): a1 082 PASSED*, a2 083 FAILED*, a3 082 ISSUED*, a4 073 HOST_REVIEW, a5 083
PREREVIEW_RETURNED (correction deadline passed yesterday), a7 073 HOST_RETURNED (deadline today);
world.app stays a draft. world.office2 (world.other_unit): b1 082 PASSED*, b2 082 FAILED in a 2025 campaign.
* assigned to world.committee (under world.host)."""

from __future__ import annotations

import datetime
import itertools

from django.utils import timezone

from tests import factories as f
from zhicheng.committee.models import CommitteeAssignment
from zhicheng.dossier.models import Application, ReturnRecord
from zhicheng.orgs.roles import OrgKind, Role
from zhicheng.workflow.states import State

_n = itertools.count(1)


def put(world, unit, campaign, title_code: str, state: str, *, assigned: bool = False) -> Application:
    person = f.user(Role.APPLICANT, unit, name=f"统计{next(_n)}")
    app = f.application(person, campaign, title_code)
    Application.objects.filter(pk=app.pk).update(state=state)
    if assigned:
        CommitteeAssignment.objects.create(application=app, committee=world.committee)
    app.refresh_from_db()
    return app


def correction(world, app, deadline: datetime.date) -> None:
    ReturnRecord.objects.create(application=app, stage="§三(一)", action="prereview_return", reason="材料不全",
                                deadline=deadline, created_by=world.office_reviewer)


def build(world):
    world.committee = f.org("河北省工程技术高级评委会", OrgKind.COMMITTEE, world.host)
    today = timezone.localdate()
    S = State
    world.a1 = put(world, world.unit, world.campaign, "082", S.PASSED, assigned=True)
    world.a2 = put(world, world.unit, world.campaign, "083", S.FAILED, assigned=True)
    world.a3 = put(world, world.unit, world.campaign, "082", S.ISSUED, assigned=True)
    world.a4 = put(world, world.unit, world.campaign, "073", S.HOST_REVIEW)
    world.a5 = put(world, world.unit, world.campaign, "083", S.PREREVIEW_RETURNED)
    correction(world, world.a5, today - datetime.timedelta(days=1))
    world.a7 = put(world, world.unit, world.campaign, "073", S.HOST_RETURNED)
    correction(world, world.a7, today)
    world.b1 = put(world, world.other_unit, world.other_campaign, "082", S.PASSED, assigned=True)
    world.campaign_2025 = f.campaign(world.other_unit, world.other_hr, year=2025)
    world.b2 = put(world, world.other_unit, world.campaign_2025, "082", S.FAILED)
    return world
