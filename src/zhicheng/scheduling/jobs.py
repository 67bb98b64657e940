"""The job registry and the daily runner.

A job is `fn(today) -> str` (a short summary of what it did). `run_due()` runs each registered job at most
once per day: the JobRun row (unique name+day) is claimed first, so two runners (a second ./run, a Celery beat
next to an in-process loop) never run a job twice on one day. A failing job is recorded with its error and
does not stop the others; it is not retried the same day (its row exists) — the error is in the admin.
"""

from __future__ import annotations

import datetime
import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

log = logging.getLogger("zhicheng.scheduling")


@dataclass(frozen=True)
class Job:
    name: str
    fn: Callable[[datetime.date], str]
    label: str


_REGISTRY: dict[str, Job] = {}


def register(name: str, fn: Callable[[datetime.date], str], label: str) -> None:
    """Register (or replace, on a second ready()) the job `name`."""
    _REGISTRY[name] = Job(name, fn, label)


def registered() -> list[Job]:
    return sorted(_REGISTRY.values(), key=lambda j: j.name)


def get(name: str) -> Job:
    return _REGISTRY[name]


def run_job(job: Job, today: datetime.date):
    """Run one job for `today` unless it already ran that day; the JobRun row, or None when skipped."""
    from .models import JobRun

    try:
        with transaction.atomic():
            row = JobRun.objects.create(name=job.name, day=today)
    except IntegrityError:
        return None
    try:
        with transaction.atomic():
            summary = job.fn(today) or ""
        row.result = str(summary)[:2000]
    except Exception as exc:  # recorded; the next job still runs
        log.exception("定时任务 %s 失败", job.name)
        row.error = f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"[:8000]
    row.finished_at = timezone.now()
    row.save(update_fields=["result", "error", "finished_at"])
    return row


def run_due(today: datetime.date | None = None, names: list[str] | None = None) -> list:
    """Run every registered job (or those named) not yet run on `today` (Beijing date by default)."""
    today = today or timezone.localdate()
    rows = []
    for job in registered():
        if names is not None and job.name not in names:
            continue
        row = run_job(job, today)
        if row is not None:
            rows.append(row)
    return rows
