"""§五 starting points: applications PASSED with a CommitteeAssignment, then the result notice, the report and
the decisions reached through results' own services.

PASSED is reached through the real secret vote (stage4_vote.decided_by_vote), from IN_COMMITTEE written as data
(the host's acceptance, host_review.host_pass, has its own tests and is taken in tests/e2e)."""

from __future__ import annotations

import datetime
import zoneinfo

import time_machine

from zhicheng.orgs.models import OrgKind
from zhicheng.orgs.roles import Role
from zhicheng.results import filing, issuance
from zhicheng.results import result_notice as rn
from zhicheng.workflow.states import State

from .. import factories as f
from . import stage4_vote as s4v

SH = zoneinfo.ZoneInfo("Asia/Shanghai")
PUBLISHED = datetime.date(2026, 9, 28)  # Monday before 国庆 2026: a notice 9月29日—10月10日 (10月10日 is 调休)
FIRST, LAST, AFTER = datetime.date(2026, 9, 29), datetime.date(2026, 10, 10), datetime.date(2026, 10, 11)
RUNNING = datetime.date(2026, 9, 30)
ISSUED_ON = datetime.date(2026, 10, 20)


def at(day: datetime.date, hour: int = 10):
    """Beijing time, the clock stopped."""
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, hour, tzinfo=SH), tick=False)


def passed(world, extra: int = 0):
    """world.senior = world.app (高级工程师, 副高级) and world.middle (工程师, 中级, applicant2), both submitted and
    PASSED by a real vote of world.committee (an org under world.host: the committee record's,
    world.committee_record); `extra` more 中级."""
    world.middle = f.submitted(f.application(world.applicant2, world.campaign, "083"))
    world.senior = world.app if world.app.state != State.DRAFT else f.submitted(world.app)
    apps = [world.senior, world.middle]
    for i in range(extra):
        person = f.user(Role.APPLICANT, world.unit, name=f"申报人{'甲乙丙丁戊己庚辛壬癸'[i]}")
        apps.append(f.submitted(f.application(person, world.campaign, "083")))
    world.committee_record = s4v.decided_by_vote(world, apps)
    world.committee = world.committee_record.org
    assert {a.state for a in apps} == {State.PASSED}, [a.state for a in apps]
    world.passed = apps
    return apps


def other_host(world):
    """A second host with its own user (no committee of world's)."""
    world.host2 = f.org("河北省卫生系列评委会组建单位", OrgKind.COMMITTEE_HOST, world.province)
    world.host2_user = f.user(Role.COMMITTEE_HOST, world.host2, name="卫组建")
    return world.host2_user


def in_notice(world, extra: int = 0):
    """passed(), then the host's notice published on PUBLISHED (9月29日—10月10日)."""
    passed(world, extra)
    with at(PUBLISHED):
        world.notice = rn.start_result_notice(world.host_user, committee=world.committee)
    _refresh(world)
    return world.notice


def reported(world, extra: int = 0):
    in_notice(world, extra)
    with at(AFTER):
        world.report = filing.report_results(world.host_user, world.notice)
    _refresh(world)
    return world.report


def decided(world, extra: int = 0):
    """Reported, the 中级 filed and the 高级 approved by the provincial office."""
    reported(world, extra)
    middles = [a.pk for a in world.passed if a.level == "intermediate"]
    filing.decide(world.provincial, world.report, "file_result", application_ids=middles)
    filing.decide(world.provincial, world.report, "approve_result", application_ids=[world.senior.pk])
    _refresh(world)


def document(world, user, apps, number="冀职改〔2026〕12号"):
    return issuance.issue_document(user, number=number, title="", authority="河北省职称改革领导小组办公室",
                                   issued_on=ISSUED_ON, application_ids=[a.pk for a in apps])


def _refresh(world):
    for a in world.passed:
        a.refresh_from_db()
