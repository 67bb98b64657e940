"""The Celery path through a real broker (Redis here; RabbitMQ works the same): beat's task `run_due` fans out
one `run_job` task per registered job, a worker runs them, each job at most once a day.

Skipped only when no broker answers (a fresh machine without Redis), and never when CELERY_TEST_BROKER_REQUIRED
is set (CI starts Redis and sets it: then a missing broker fails). The broker is CELERY_TEST_BROKER_URL or
redis://127.0.0.1:6379/0; the test uses a queue of its own, so another worker on the machine takes nothing."""

import datetime
import os
import time
import uuid

import pytest

celery = pytest.importorskip("celery")

from celery.contrib.testing.worker import start_worker  # noqa: E402

from zhicheng.scheduling import jobs  # noqa: E402
from zhicheng.scheduling.models import JobRun  # noqa: E402

BROKER = os.environ.get("CELERY_TEST_BROKER_URL", "redis://127.0.0.1:6379/0")
DAY = datetime.date(2026, 10, 8)

pytestmark = pytest.mark.django_db(transaction=True)


def _broker_answers(app) -> bool:
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True
    except Exception:
        return False


@pytest.fixture
def celery_app():
    from zhicheng.celery import app

    wanted = {"broker_url": BROKER, "task_default_queue": f"zhicheng-test-{uuid.uuid4().hex[:8]}",
              "task_always_eager": False}
    saved = {key: app.conf.get(key) for key in wanted}
    app.conf.update(wanted)
    try:
        if not _broker_answers(app):
            if os.environ.get("CELERY_TEST_BROKER_REQUIRED"):
                pytest.fail(f"no Celery broker answers at {BROKER}")
            pytest.skip(f"no Celery broker answers at {BROKER}")
        yield app
    finally:
        app.conf.update(saved)


def _wait_for(finished: int) -> None:
    deadline = time.monotonic() + 30
    while JobRun.objects.filter(day=DAY, finished_at__isnull=False).count() < finished:
        assert time.monotonic() < deadline, "the worker did not run the jobs within 30 s"
        time.sleep(0.2)


def test_run_due_through_the_broker_runs_each_job_once(celery_app, monkeypatch):
    from zhicheng.scheduling import tasks

    monkeypatch.setattr(jobs, "_REGISTRY", {})
    calls = []
    jobs.register("greet", lambda today: calls.append(today) or f"你好 {today}", "问候")

    def broken(today):
        raise RuntimeError("坏了")

    jobs.register("broken", broken, "坏的")
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        tasks.run_due.delay(DAY.isoformat())
        _wait_for(2)
        jobs.register("later", lambda today: "后来登记的", "后来")
        tasks.run_due.delay(DAY.isoformat())  # beat again the same day: only the new job runs
        _wait_for(3)
    assert calls == [DAY]
    runs = {r.name: r for r in JobRun.objects.filter(day=DAY)}
    assert runs["greet"].result == "你好 2026-10-08" and runs["greet"].ok
    assert "RuntimeError: 坏了" in runs["broken"].error


def test_beat_sends_run_due_every_hour():
    from zhicheng.celery import app

    entry = app.conf.beat_schedule["run-due-jobs"]
    assert entry["task"] == "zhicheng.scheduling.run_due"
    assert str(entry["schedule"]) .startswith("<crontab: 10 *")
