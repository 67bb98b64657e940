"""§三 applications for the reminder and countdown tests.

`stage3` reaches 单位已推荐上报 through the §二 services (notice published 2026-09-01, closed after it, batch
submitted on 2026-09-14), then takes the §三 steps with `workflow.services.transition` — PROVISIONAL: the §三
services are being written by the other helpers (prereview/online); the lead switches these to the real
services at merge. The office's deadlines are set through `schedule.set_step`.
"""

import datetime

import pytest
import time_machine

from zhicheng.dossier.services import open_for_correction
from zhicheng.office_review import schedule
from zhicheng.office_review.models import OfficeSchedule
from zhicheng.workflow.services import transition

from .. import factories as f
from ..support import stage2

Step = OfficeSchedule.Step
DEADLINE = datetime.date(2026, 10, 8)  # Thursday, the first working day after 国庆 (10月1日–7日)


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
        transition(w.app, "prereview_pass", actor=w.office_reviewer)
        transition(w.app2, "prereview_return", actor=w.office_reviewer, reason="学历证书不清晰")
        open_for_correction(w.office_reviewer, w.app2, stage="prereview", action="prereview_return",
                            reason="学历证书不清晰", sections=["education"], deadline=DEADLINE)
        for step in (Step.ONLINE, Step.PREREVIEW):
            schedule.set_step(w.office_reviewer, w.office, w.campaign.year, step,
                              starts_on=datetime.date(2026, 9, 15), working_days=13)
    assert schedule.deadline(w.office, w.campaign.year, Step.ONLINE) == DEADLINE
    for app in apps:
        app.refresh_from_db()
    return w
