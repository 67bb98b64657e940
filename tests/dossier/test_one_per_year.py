"""One application per person per year, across units and campaigns (issue 6 §4), refused with a message that
names the existing application's unit and title; and a panel member of a campaign does not apply in it."""

from __future__ import annotations

import pytest

from zhicheng.codes.models import Title
from zhicheng.dossier import models as m
from zhicheng.dossier.services import DossierError, start_application
from zhicheng.orgs.models import RoleAssignment
from zhicheng.orgs.roles import Role
from zhicheng.workflow.actions import perform

from .. import factories as f

EXISTING = "每人每年度只能申报一次。您2026年度已有一份申报，不能重复申报：河北电力设计院 · 高级工程师（{state}）。"


def _applicant_in_both_units(world):
    """张建国 holds the applicant role in his own unit (where world.app is his 2026 draft) and in another."""
    RoleAssignment.objects.create(user=world.applicant, role=Role.APPLICANT, organization=world.other_unit)
    return world.applicant


def _start(person, campaign, code="083"):
    return start_application(person, campaign=campaign, title=Title.objects.get(code=code), specialty="电力系统")


def test_a_second_application_the_same_year_in_another_unit_is_refused(world):
    person = _applicant_in_both_units(world)
    other = f.campaign(world.other_unit, world.other_hr, titles=Title.objects.filter(code__in=["083", "082"]))
    with pytest.raises(DossierError) as exc:
        _start(person, other)
    assert exc.value.problems == [EXISTING.format(state="填写中")]
    assert not m.Application.objects.filter(applicant=person, campaign=other).exists()


def test_a_second_campaign_of_the_same_unit_and_year_is_refused_too(world):
    second = f.campaign(world.unit, world.hr)
    with pytest.raises(DossierError, match="河北电力设计院 · 高级工程师"):
        _start(world.applicant, second)


def test_another_year_is_allowed(world):
    person = _applicant_in_both_units(world)
    next_year = f.campaign(world.other_unit, world.other_hr, year=2027)
    app = _start(person, next_year)
    assert app.campaign == next_year and app.unit == world.other_unit


def test_a_withdrawn_application_still_uses_the_year(world):
    person = _applicant_in_both_units(world)
    perform(world.app, "withdraw", actor=person)
    other = f.campaign(world.other_unit, world.other_hr)
    with pytest.raises(DossierError) as exc:
        _start(person, other)
    assert exc.value.problems == [EXISTING.format(state="已撤回")]


def test_the_screen_and_the_api_give_the_same_message(client, world):
    person = _applicant_in_both_units(world)
    other = f.campaign(world.other_unit, world.other_hr)
    client.force_login(person)
    r = client.post("/applications/new/", {"campaign": other.pk, "title": Title.objects.get(code="083").pk,
                                            "specialty": "电力系统"})
    assert r.status_code == 200
    assert EXISTING.format(state="填写中") in r.content.decode()
    r = client.post("/api/v1/applications", {"campaign_id": other.pk, "title_id": Title.objects.get(code="083").pk,
                                             "specialty": "电力系统"}, content_type="application/json")
    assert r.status_code == 422, r.content.decode()
    assert EXISTING.format(state="填写中") in r.json()["detail"]


def test_a_panel_member_of_the_campaign_may_not_apply_in_it(world):
    from zhicheng.campaigns.models import PanelMember

    PanelMember.objects.create(campaign=world.campaign, user=world.applicant2)
    with pytest.raises(DossierError, match="您是本年度推荐组织成员，须回避"):
        _start(world.applicant2, world.campaign)
    other = f.campaign(world.unit, world.hr, year=2027)  # the panel of another year is no obstacle
    assert _start(world.applicant2, other).campaign == other
