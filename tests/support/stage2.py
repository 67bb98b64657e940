"""The unit stage (§二) reached through its own services, for tests of later steps: 核实 → 量化赋分 →
集体研究确定 → 公示 → 公示期满. Nothing here writes a state; each step is the one a user takes.

The notice's dates are real: `passed_notice` travels the clock past the notice's end (time_machine) to close it.
"""

from __future__ import annotations

import contextlib
import datetime

import time_machine
from django.utils import timezone

from zhicheng.campaigns.models import PanelMember
from zhicheng.orgs.roles import Role
from zhicheng.publicity import services as publicity
from zhicheng.scoring import services as scoring
from zhicheng.unit_review import services as unit_review
from zhicheng.workdays.services import add_working_days
from zhicheng.workflow import actions

from .. import factories as f


def verified(app, hr):
    """Every item of the latest version marked 已核, then 核实通过."""
    if app.state == "draft":
        f.submitted(app)
    _version, items, marks = unit_review.checklist(app)
    todo = [{"section": i.key[0], "item_id": i.key[1], "status": "verified", "note": ""}
            for i in items if i.key not in marks]
    if todo:
        unit_review.set_marks(hr, app, todo)
    actions.perform(app, "verify", actor=hr, data={})
    app.refresh_from_db()
    return app


def panel_of(campaign, unit, n: int = 1) -> list:
    """The campaign's panel (n members, the first the chair), created once."""
    members = list(PanelMember.objects.filter(campaign=campaign).select_related("user").order_by("id"))
    for i in range(len(members), n):
        user = f.user(Role.ASSESSOR, unit, name=f"评委{i + 1}")
        members.append(PanelMember.objects.create(
            campaign=campaign, user=user, duty=PanelMember.Duty.LEADER if i == 0 else PanelMember.Duty.MEMBER))
    return [m.user for m in members[:n]]


def scored(apps, hr, *, value=5):
    """Verified (if not yet), one assessor of the panel scores every assessor category `value`, and scoring
    is finished for each series and level of the apps."""
    apps = [a if a.state not in ("draft", "submitted") else verified(a, hr) for a in apps]
    campaign = apps[0].campaign
    (assessor,) = panel_of(campaign, campaign.unit, 1)
    for app in apps:
        asg = scoring.assign(hr, app, assessor)
        scoring.declare(assessor, asg)
        asg.refresh_from_db()
        scheme = scoring.scheme_for(campaign, app.series_id, app.level)
        sheet = {c.code: str(min(value, c.max_points)) for c in scoring.assessor_categories(scheme)}
        scoring.save_scores(assessor, asg, sheet, submit=True)
    for series_id, level in {(a.series_id, a.level) for a in apps}:
        series = next(a.series for a in apps if a.series_id == series_id)
        scoring.finish_scoring(hr, campaign, series, level)
    for app in apps:
        app.refresh_from_db()
    return apps


def recommended(apps, hr, decider=None):
    """Scored (if not yet), the quota set to the number of apps, and the collective decision recommending all
    of them (recorded by `decider` or HR; the unit's leaders attend)."""
    apps = list(apps)
    if any(a.state != "scored" for a in apps):
        apps = [a for a in scored([a for a in apps if a.state != "scored"], hr)] + [
            a for a in apps if a.state == "scored"]
    campaign = apps[0].campaign
    for series_id, level in {(a.series_id, a.level) for a in apps}:
        group = [a for a in apps if (a.series_id, a.level) == (series_id, level)]
        series = group[0].series
        scoring.set_quota(hr, campaign, series, level, len(group))
        scoring.record_decision(decider or hr, campaign, series, level, meeting_date=timezone.localdate(),
                                leaders=_leaders(campaign.unit), decision="经单位领导班子集体研究，同意推荐。",
                                minutes="会议纪要", recommended={a.pk for a in group}, reasons={})
    for app in apps:
        app.refresh_from_db()
    return apps


def at(day: datetime.date) -> datetime.datetime:
    """09:00 Beijing time on `day`."""
    return datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=timezone.get_default_timezone())


def in_notice(apps, hr, *, published_on: datetime.date | None = None):
    """Recommended (if not yet), then the unit's notice published (starting the next working day) — today,
    or with the clock at `published_on`."""
    apps = list(apps)
    if any(a.state != "recommended" for a in apps):
        apps = recommended(apps, hr)
    with time_machine.travel(at(published_on), tick=False) if published_on else _nothing():
        notice = publicity.start_notice(hr, campaign=apps[0].campaign)
    for app in apps:
        app.refresh_from_db()
    return notice


def after(notice) -> datetime.datetime:
    """09:00 Beijing time on the first working day after the notice ends."""
    return at(add_working_days(notice.ends_on + datetime.timedelta(days=1), 1))


def passed_notice(apps, hr, *, published_on: datetime.date | None = None):
    """In notice (if not yet), then the clock moved past its end and the notice closed: 公示无异议."""
    notice = in_notice(apps, hr, published_on=published_on)
    with time_machine.travel(after(notice), tick=False):
        publicity.close_notice(hr, notice)
    for app in apps:
        app.refresh_from_db()
    notice.refresh_from_db()
    return notice


def _nothing():
    return contextlib.nullcontext()


def _leaders(unit) -> list:
    """The unit's leaders (one is made when the unit has none)."""
    from zhicheng.orgs.models import User

    leaders = list(User.objects.filter(role_assignments__organization=unit,
                                       role_assignments__role=Role.UNIT_LEADER))
    return leaders or [f.user(Role.UNIT_LEADER, unit, name="陈院长")]
