"""The ban registry: a fraud finding bans the person for `ban_years`; the ban is shared across units and
stops a start until the day it ends; offices and the provincial office read the registry (masked)."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.test import Client

from zhicheng.codes.models import Title
from zhicheng.dossier.services import DossierError, start_application
from zhicheng.errors import Refusal
from zhicheng.integrity import services as integrity
from zhicheng.integrity.models import Ban
from zhicheng.orgs.models import RoleAssignment
from zhicheng.orgs.roles import Role
from zhicheng.publicity import services as ps
from zhicheng.workflow import actions
from zhicheng.workflow.services import TransitionError
from zhicheng.workflow.states import State

from .. import factories as f
from ..publicity.steps import recommended

SH = zoneinfo.ZoneInfo("Asia/Shanghai")
FOUND = datetime.date(2026, 9, 30)


def at(day, hour=10):
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, hour, tzinfo=SH), tick=False)


@pytest.fixture
def banned(world):
    """world.app in notice, then disqualified by the unit's HR on FOUND (a three-year ban)."""
    recommended([world.app], world.hr)
    with at(datetime.date(2026, 9, 28)):
        ps.start_notice(world.hr, campaign=world.campaign)
    world.app.refresh_from_db()
    with at(FOUND):
        actions.perform(world.app, "disqualify", actor=world.hr, reason="学历证书系伪造",
                        data={"authority": "河北电力设计院"})
    world.app.refresh_from_db()
    return Ban.objects.get()


def test_the_fraud_finding_disqualifies_and_bans_for_three_years(banned, world):
    assert world.app.state == State.DISQUALIFIED
    assert (banned.id_number, banned.person_name, banned.application_id) == (
        world.applicant.id_number, "张建国", world.app.pk)
    assert (banned.starts_on, banned.ends_on, banned.authority, banned.reason) == (
        FOUND, datetime.date(2029, 9, 30), "河北电力设计院", "学历证书系伪造")


def test_active_ban_the_day_before_and_the_day_it_ends(banned, world):
    idn = world.applicant.id_number
    assert integrity.active_ban(idn, FOUND - datetime.timedelta(days=1)) is None
    assert integrity.active_ban(idn, FOUND) == banned
    assert integrity.active_ban(idn, datetime.date(2029, 9, 29)) == banned
    assert integrity.active_ban(idn, datetime.date(2029, 9, 30)) is None
    assert integrity.active_ban(world.applicant2.id_number, FOUND) is None


def test_29_february_and_the_parameter():
    assert integrity.years_later(datetime.date(2028, 2, 29), 3) == datetime.date(2031, 3, 1)
    assert integrity.years_later(datetime.date(2028, 2, 29), 4) == datetime.date(2032, 2, 29)
    assert integrity.years_later(datetime.date(2026, 9, 30), 3) == datetime.date(2029, 9, 30)


def test_the_ban_years_parameter_is_read(world):
    from django.core.cache import cache

    from zhicheng.codes.models import Parameter

    Parameter.objects.filter(key="ban_years").update(value=5)
    cache.clear()
    recommended([world.app], world.hr)
    with at(datetime.date(2026, 9, 28)):
        ps.start_notice(world.hr, campaign=world.campaign)
    world.app.refresh_from_db()
    with at(datetime.date(2028, 2, 29)):
        _app, ban = integrity.record_fraud_finding(world.hr, world.app, reason="论文剽窃", authority="单位")
    assert ban.ends_on == datetime.date(2033, 3, 1)


def _start_in_another_unit(world, person):
    """The banned person, also a professional of another unit, may start there (a campaign open around now)."""
    RoleAssignment.objects.get_or_create(user=person, role=Role.APPLICANT, organization=world.other_unit)
    person.__dict__.pop("_zc_assignments", None)
    return f.campaign(world.other_unit, world.other_hr, year=2029)


def test_a_banned_person_cannot_start_anywhere_until_the_ban_ends(banned, world):
    title = Title.objects.get(code="082")
    with at(datetime.date(2029, 9, 29)):
        camp = _start_in_another_unit(world, world.applicant)
        with pytest.raises(DossierError) as e:
            start_application(world.applicant, campaign=camp, title=title, specialty="电气工程")
    assert e.value.problems == ["经河北电力设计院查实存在弄虚作假行为，自2026年9月30日起禁止申报职称，"
                                "2029年9月30日起方可重新申报。"]
    with at(datetime.date(2029, 9, 30)):
        app = start_application(world.applicant, campaign=camp, title=title, specialty="电气工程")
    assert app.unit == world.other_unit and app.state == State.DRAFT


def test_the_start_page_tells_the_person_why(banned, world):
    camp = _start_in_another_unit(world, world.applicant)
    c = Client()
    c.force_login(world.applicant)
    r = c.post("/applications/new/", {"campaign": camp.pk, "title": Title.objects.get(code="082").pk,
                                      "specialty": "电气工程"})
    assert "2029年9月30日起方可重新申报" in r.content.decode() and "河北电力设计院" in r.content.decode()
    page = c.get("/integrity/bans/").content.decode()
    assert "学历证书系伪造" in page and "2029年9月30日" in page
    assert world.applicant.id_number not in page


def test_who_may_record_a_finding(world):
    recommended([world.app], world.hr)
    with at(datetime.date(2026, 9, 28)):
        ps.start_notice(world.hr, campaign=world.campaign)
    world.app.refresh_from_db()
    assert "disqualify" in {t.action for t in actions.available(world.hr, world.app)}
    for who in (world.office_reviewer, world.provincial, world.host_user, world.other_hr, world.leader):
        assert "disqualify" not in {t.action for t in actions.available(who, world.app)}
        with pytest.raises(TransitionError) as e:
            actions.perform(world.app, "disqualify", actor=who, reason="x", data={"authority": "某机关"})
        assert e.value.forbidden
    with pytest.raises(TransitionError) as e:
        actions.perform(world.app, "disqualify", actor=world.hr, reason="x", data={"authority": ""})
    assert e.value.fields == {"authority": ["请填写认定机关。"]}
    with pytest.raises(Refusal) as e:
        actions.perform(world.app, "disqualify", actor=world.hr, reason="", data={"authority": "单位"})
    assert e.value.problems == ["请填写查实的事实与理由。"]
    assert not Ban.objects.exists()
    world.app.refresh_from_db()
    assert world.app.state == State.IN_NOTICE


def test_the_guard_needs_the_ban_when_the_step_is_taken(world):
    recommended([world.app], world.hr)
    with at(datetime.date(2026, 9, 28)):
        ps.start_notice(world.hr, campaign=world.campaign)
    world.app.refresh_from_db()
    from zhicheng.workflow.services import transition

    with pytest.raises(TransitionError, match="须先登记查实的弄虚作假情况"):
        transition(world.app, "disqualify", actor=world.hr, reason="x", ban_id=0)


def test_the_registry_page_for_offices_masked(banned, world):
    c = Client()
    for who in (world.office_reviewer, world.other_office_reviewer, world.provincial):
        c.force_login(who)
        page = c.get("/integrity/bans/").content.decode()
        assert "张建国" in page and "学历证书系伪造" in page, who
        assert world.applicant.id_number not in page and world.applicant.id_number[:3] in page
    for who in (world.hr, world.other_hr, world.applicant2, world.leader, world.assessor, world.host_user,
                world.expert):
        c.force_login(who)
        page = c.get("/integrity/bans/").content.decode()
        assert "张建国" not in page and "暂无禁申记录" in page, who


def test_registry_page_queries_do_not_grow(banned, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = Client()
    c.force_login(world.provincial)
    c.get("/integrity/bans/")
    counts = []
    for extra in (0, 5):
        for i in range(extra):
            Ban.objects.create(id_number=f.id_number(900 + i), person_name="某人", starts_on=FOUND,
                               ends_on=datetime.date(2029, 9, 30), authority="某机关", reason="伪造",
                               recorded_by=world.hr, application=world.app)
        with CaptureQueriesContext(connection) as q:
            c.get("/integrity/bans/")
        counts.append(len(q))
    assert counts[0] == counts[1], counts


def test_registry_api(banned, world):
    c = Client()
    c.force_login(world.office_reviewer)
    r = c.get("/api/v1/bans")
    assert r.status_code == 200
    item = r.json()["items"][0]
    assert item["person_name"] == "张建国" and item["id_number"] != world.applicant.id_number
    assert item["id_number"].startswith(world.applicant.id_number[:3]) and "*" in item["id_number"]
    assert item["ends_on"] == "2029-09-30" and item["authority"] == "河北电力设计院"
    for who in (world.hr, world.other_hr, world.leader, world.assessor, world.host_user, world.expert,
                world.applicant):
        c.force_login(who)
        assert c.get("/api/v1/bans").status_code == 403, who
    assert Client().get("/api/v1/bans").status_code == 401
