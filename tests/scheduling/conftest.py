"""§三 applications for the reminder and countdown tests.

`stage3` reaches 单位已推荐上报 through the §二 services (notice published 2026-09-01, closed after it, batch
submitted on 2026-09-14), then takes the §三 steps through their services (`office_review.prereview`,
`office_review.online`). A return's correction deadline is counted by the service in working days from the day
after the return; the tests that want a given deadline set that parameter (data an administrator edits) so that
the count lands on it. The office's deadlines are set through `schedule.set_step`.
"""

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from zhicheng.codes.models import PARAMETER_DEFAULTS, Parameter
from zhicheng.office_review import online, prereview, schedule
from zhicheng.office_review.models import OfficeSchedule
from zhicheng.workdays.services import add_working_days

from .. import factories as f
from ..support import stage2

Step = OfficeSchedule.Step
DEADLINE = datetime.date(2026, 10, 8)  # Thursday, the first working day after 国庆 (10月1日–7日)


def _days_to(key: str, deadline: datetime.date) -> None:
    """Set the correction period (working days from tomorrow) so that a return made today ends on `deadline`."""
    start = timezone.localdate() + datetime.timedelta(days=1)
    n = next(n for n in range(1, 60) if add_working_days(start, n) == deadline)
    name, _value, unit, source = PARAMETER_DEFAULTS[key]
    Parameter.objects.update_or_create(key=key, defaults={"name": name, "value": n, "unit": unit, "source": source})
    cache.delete(f"param:{key}")


def pass_prereview(w, app):
    prereview.prereview_pass(w.office_reviewer, app, justification="经核实原件，符合申报条件。")
    app.refresh_from_db()


def return_prereview(w, app, reason: str, section: str, deadline: datetime.date):
    _days_to("prereview_correction_working_days", deadline)
    rec = prereview.prereview_return(w.office_reviewer, app, items=[{"reason": reason, "sections": [section]}])
    assert rec.deadline == deadline
    app.refresh_from_db()


def submit_online(w, app):
    online.online_submit(app.applicant, app, confirmed=True)
    app.refresh_from_db()


def return_online(w, app, reason: str, section: str, deadline: datetime.date):
    _days_to("online_correction_working_days", deadline)
    online.online_return(w.office_reviewer, app, reason=reason, sections=[section])
    app.refresh_from_db()
    assert app.returns.order_by("-pk").first().deadline == deadline


@pytest.fixture
def code_tables(transactional_db):
    """The code tables again after a transactional test flushed them (as tests/conftest.py world_tx)."""
    f.ensure_code_tables()


@pytest.fixture
def stage3(code_tables, world):
    """world.app (张建国) 网上申报中 (PREREVIEW_PASSED); world.app2 (李秀英) 资格预审退回 (PREREVIEW_RETURNED)
    with a correction deadline DEADLINE; world.app3 (王强) 单位已推荐上报 (UNIT_SUBMITTED). The office's
    online and prereview steps end on DEADLINE."""
    from zhicheng.unit_submission import services as us

    w = world
    w.app = f.submitted(w.app)
    w.app2 = f.submitted(f.application(w.applicant2, w.campaign))
    w.applicant3 = f.user("applicant", w.unit, name="王强")
    w.app3 = f.submitted(f.application(w.applicant3, w.campaign))
    apps = [w.app, w.app2, w.app3]
    stage2.passed_notice(apps, w.hr, published_on=datetime.date(2026, 9, 1))
    with time_machine.travel(stage2.at(datetime.date(2026, 9, 14)), tick=False):
        for app in apps:
            us.sign_opinion(w.leader, app)
            us.confirm_pledge(app.applicant, app)
            us.confirm_pledge(w.leader, app)
        us.submit_batch(w.hr, w.campaign, apps)
        pass_prereview(w, w.app)
        return_prereview(w, w.app2, "学历证书不清晰", "education", DEADLINE)
        for step in (Step.ONLINE, Step.PREREVIEW):
            schedule.set_step(w.office_reviewer, w.office, w.campaign.year, step,
                              starts_on=datetime.date(2026, 9, 15), working_days=13)
    assert schedule.deadline(w.office, w.campaign.year, Step.ONLINE) == DEADLINE
    for app in apps:
        app.refresh_from_db()
    return w
