"""Celery, when a real task queue is configured (CELERY_BROKER_URL, e.g. redis://127.0.0.1:6379/0 or
amqp://guest:guest@127.0.0.1:5672//). Without it the jobs run in-process (`run_jobs --loop`, started by ./run).

    CELERY_BROKER_URL=redis://127.0.0.1:6379/0 .venv/bin/celery -A zhicheng.celery worker --beat -l info

Beat sends `zhicheng.scheduling.run_due` every hour (at minute 10); it starts one task per registered job, and
each job runs at most once a day (scheduling.models.JobRun), so the first hour of the day the workers are up
does the day's work and the later ones do nothing. Nothing imports this module except Celery itself.
"""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhicheng.settings")

app = Celery("zhicheng")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.beat_schedule = {
    "run-due-jobs": {"task": "zhicheng.scheduling.run_due", "schedule": crontab(minute=10)},
}
app.autodiscover_tasks(["zhicheng.scheduling"])
