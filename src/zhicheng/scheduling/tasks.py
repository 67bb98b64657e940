"""Celery tasks (only when CELERY_BROKER_URL is set; see zhicheng/celery.py): `run_due` fans out one task per
registered job, so a slow or failing job holds up none of the others."""

import datetime

from celery import shared_task
from django.utils import timezone

from . import jobs


@shared_task(name="zhicheng.scheduling.run_due")
def run_due(day: str | None = None) -> list[str]:
    day = day or timezone.localdate().isoformat()
    names = [job.name for job in jobs.registered()]
    for name in names:
        run_job.delay(name, day)
    return names


@shared_task(name="zhicheng.scheduling.run_job")
def run_job(name: str, day: str) -> str:
    """One job for one day (at most once a day, like the in-process runner): its summary, or "" if done."""
    row = jobs.run_job(jobs.get(name), datetime.date.fromisoformat(day))
    if row is None:
        return ""
    return f"失败：{row.error.splitlines()[0]}" if row.error else row.result
