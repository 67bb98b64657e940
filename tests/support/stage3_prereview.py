"""§三(一) 资格预审 states reached through the services, for tests of this step and later ones.

* `online_batch`: applications through §二 (tests/support/stage2.py) and the unit's batch (submit_batch):
  单位已推荐上报 with a dossier.
* `paper_batch`: the unit's §二 on paper (record_paper_outcome), people with no application here.
* `returned` / `passed`: the office's steps (prereview services). Nothing here writes a state.
"""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from zhicheng.office_review import prereview
from zhicheng.unit_submission import services as unit_submission
from zhicheng.unit_submission.services import PaperPerson

from .. import factories as f
from . import stage2

BEIJING = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, 0), tzinfo=BEIJING)


def online_batch(w, apps, *, published_on=datetime.date(2026, 10, 30)):
    """The applications (submitted dossiers) through their notice, the opinion and pledge, and the batch:
    返回 (batch, day of the batch). The batch is submitted the first working day after the notice."""
    notice = stage2.passed_notice(apps, w.hr, published_on=published_on)
    day = stage2.after(notice)
    with time_machine.travel(day, tick=False):
        for app in apps:
            unit_submission.sign_opinion(w.leader, app, ip="10.0.0.1")
            unit_submission.confirm_pledge(app.applicant, app, ip="10.0.0.1")
            unit_submission.confirm_pledge(w.leader, app, ip="10.0.0.1")
        sub = unit_submission.submit_batch(w.hr, apps[0].campaign, apps, ip="10.0.0.1")
    for app in apps:
        app.refresh_from_db()
    return sub, day.date()


def scans():
    return {name: SimpleUploadedFile(f"{name}.pdf", f.pdf_bytes("推荐排名表")) for name in
            ("ranking_scan", "notice_scan", "opinion_scan")}


def paper_batch(w, people, *, on=datetime.date(2026, 11, 20)):
    """A paper batch of `people` ([(name, id_number, title_code, specialty)]) recorded by the unit's HR."""
    with time_machine.travel(at(on), tick=False):
        return unit_submission.record_paper_outcome(
            w.hr, w.campaign, notice_starts_on=datetime.date(2026, 11, 2), notice_ends_on=datetime.date(2026, 11, 6),
            opinion_text="经公示无异议，同意推荐。", people=[PaperPerson(*p) for p in people], ip="10.0.0.1",
            **scans())


def report(*results):
    """An engine report of the given results (tests that are not about the conditions fix the engine's answer)."""
    from zhicheng.eligibility.services import Report

    return Report(list(results), None, datetime.date(2026, 11, 10), None, "测试")


def returned(w, app, *, items=None, on: datetime.date | None = None):
    items = items or [{"reason": "学历证书编号与学信网不符。", "sections": ["education"]}]
    with time_machine.travel(at(on), tick=False) if on else stage2._nothing():
        rec = prereview.prereview_return(w.office_reviewer, app, items=items)
    app.refresh_from_db()
    return rec


@pytest.fixture
def engine_passes(monkeypatch):
    """The eligibility engine's answer fixed to "every condition met", for tests not about the conditions (the
    factories' dossiers are not built to meet a condition set). Import it into the test module to use it."""
    from zhicheng.eligibility.services import Result

    fixed = report(Result("min_education", "学历要求", True, "大学本科"))
    monkeypatch.setattr(prereview, "eligibility_report", lambda app: fixed)
    return fixed
