"""Fixtures of §二(八). `passed` reaches 公示无异议 through the §二 services (tests/support/stage2.py).

`publish_notice` creates a PublicNotice/NoticeEntry directly, for the one test of a second, later notice of
an applicant (the map offers no second collective decision on a sheet); it never touches a state.
"""

import datetime
import zoneinfo

import pytest
import time_machine
from django.utils import timezone

from zhicheng.dossier.services import fingerprint
from zhicheng.publicity.models import NoticeEntry, PublicNotice

from .. import factories as f

BEIJING = zoneinfo.ZoneInfo("Asia/Shanghai")
NOTICE_START = datetime.date(2026, 11, 2)  # Monday
NOTICE_END = datetime.date(2026, 11, 6)  # Friday: 5 working days
OPINION_DAY = datetime.datetime(2026, 11, 9, 10, 0, tzinfo=BEIJING)


def publish_notice(apps, hr, *, starts_on=NOTICE_START, ends_on=NOTICE_END, closed=True) -> PublicNotice:
    """SHORTCUT (see the module docstring): a notice of the given applications with the fingerprint of each
    one's current version, closed or still running."""
    first = apps[0]
    notice = PublicNotice.objects.create(
        campaign=first.campaign, unit=first.unit, title=f"{first.unit.name}{first.campaign.year}年度职称推荐人选公示",
        starts_on=starts_on, ends_on=ends_on, working_days=5, published_by=hr,
        closed_at=timezone.now() if closed else None)
    for i, app in enumerate(apps):
        v = app.versions.order_by("-number").first()
        NoticeEntry.objects.create(notice=notice, application=app, version_number=v.number,
                                   fingerprint=fingerprint(v.snapshot), order=i,
                                   passed_at=notice.closed_at)
    return notice


@pytest.fixture
def passed(world):
    """world.app (张建国) and world.applicant2's application (李秀英) through the §二 services: submitted,
    verified, scored, recommended by the collective decision, and past their notice of 2026-11-02—2026-11-06
    (published with the clock on Friday 2026-10-30, closed after it): NOTICE_PASSED."""
    from ..support import stage2

    world.app = f.submitted(world.app)
    world.app2 = f.submitted(f.application(world.applicant2, world.campaign))
    world.notice = stage2.passed_notice([world.app, world.app2], world.hr,
                                        published_on=datetime.date(2026, 10, 30))
    assert (world.notice.starts_on, world.notice.ends_on) == (NOTICE_START, NOTICE_END)
    return world


@pytest.fixture
def on_opinion_day():
    with time_machine.travel(OPINION_DAY, tick=False):
        yield


def ready(w, app, *, ip="10.0.0.1"):
    """Opinion signed by the leader, pledge confirmed by the applicant and the leader (the services)."""
    from zhicheng.unit_submission import services

    services.sign_opinion(w.leader, app, ip=ip)
    services.confirm_pledge(app.applicant, app, ip=ip)
    services.confirm_pledge(w.leader, app, ip=ip)
    return app
