"""The job runner: each job at most once a day, a failing job recorded without stopping the others."""

import datetime
import io

import pytest
import time_machine
from django.core.management import CommandError, call_command

from zhicheng.scheduling import jobs
from zhicheng.scheduling.models import JobRun

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 10, 8)


@pytest.fixture
def registry(monkeypatch):
    """An empty registry for the test (the real jobs are put back afterwards)."""
    monkeypatch.setattr(jobs, "_REGISTRY", {})
    return jobs


def test_the_real_jobs_are_registered_by_the_apps():
    names = {j.name for j in jobs.registered()}
    assert {"remind_deadlines", "abandon_overdue"} <= names


def test_each_job_runs_once_a_day_and_again_the_next_day(registry):
    calls = []
    registry.register("count", lambda today: calls.append(today) or f"第{len(calls)}次", "计数")
    assert [r.result for r in registry.run_due(DAY)] == ["第1次"]
    assert registry.run_due(DAY) == []  # second runner, same day: nothing
    assert calls == [DAY]
    registry.run_due(DAY + datetime.timedelta(days=1))
    assert calls == [DAY, DAY + datetime.timedelta(days=1)]
    assert JobRun.objects.filter(name="count").count() == 2
    assert all(r.ok and r.finished_at for r in JobRun.objects.all())


def test_a_failing_job_is_recorded_and_the_others_still_run(registry):
    def broken(today):
        raise RuntimeError("邮件服务器无响应")

    registry.register("a_broken", broken, "坏的")
    registry.register("b_fine", lambda today: "完成", "好的")
    rows = {r.name: r for r in registry.run_due(DAY)}
    assert rows["b_fine"].result == "完成" and rows["b_fine"].ok
    failed = JobRun.objects.get(name="a_broken")
    assert "RuntimeError: 邮件服务器无响应" in failed.error and not failed.ok and failed.finished_at
    assert registry.run_due(DAY) == []  # not retried the same day: the error waits in the record


def test_a_failing_job_rolls_back_its_own_writes(registry):
    from zhicheng.messaging.services import notify

    from .. import factories as f

    person = f.user()

    def half_done(today):
        notify(person, subject="写了一半", body="x")
        raise ValueError("中途失败")

    registry.register("half", half_done, "半途")
    registry.run_due(DAY)
    assert not person.messages.exists()


def test_today_is_the_beijing_date(registry):
    seen = []
    registry.register("day", lambda today: seen.append(today) or "", "日期")
    with time_machine.travel(datetime.datetime(2026, 10, 7, 17, 0, tzinfo=datetime.UTC), tick=False):
        registry.run_due()  # 01:00 on 10月8日 in Beijing
    assert seen == [DAY]


def test_the_command_runs_once_and_names_each_result(registry):
    registry.register("hello", lambda today: "你好", "问候")
    out = io.StringIO()
    call_command("run_jobs", "--once", "--date", "2026-10-08", stdout=out)
    assert out.getvalue().strip() == "2026-10-08 hello：你好"
    out = io.StringIO()
    call_command("run_jobs", "--once", "--date", "2026-10-08", stdout=out)
    assert out.getvalue() == ""


def test_the_command_refuses_unknown_jobs_and_bad_dates(registry):
    registry.register("hello", lambda today: "你好", "问候")
    with pytest.raises(CommandError, match="未知的任务：nope"):
        call_command("run_jobs", "--job", "nope")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("run_jobs", "--date", "10/08/2026")
    assert not JobRun.objects.exists()


def test_the_loop_sleeps_between_runs(registry, monkeypatch):
    registry.register("hello", lambda today: "你好", "问候")
    sleeps = []

    def fake_sleep(seconds):
        sleeps.append(seconds)
        if len(sleeps) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr("zhicheng.scheduling.management.commands.run_jobs.time.sleep", fake_sleep)
    with pytest.raises(KeyboardInterrupt):
        call_command("run_jobs", "--loop", "--every", "5", "--date", "2026-10-08", stdout=io.StringIO())
    assert sleeps == [300, 300] and JobRun.objects.filter(name="hello").count() == 1


def test_the_loop_started_by_run_stops_when_its_parent_is_gone(registry, monkeypatch):
    """./run starts `run_jobs --loop --exit-with-parent` and execs gunicorn: when gunicorn stops, the loop
    (re-parented) ends instead of running on unseen."""
    from zhicheng.scheduling.management.commands import run_jobs

    registry.register("hello", lambda today: "你好", "问候")
    parents = iter([4242, 4242, 1])
    monkeypatch.setattr(run_jobs.os, "getppid", lambda: next(parents))
    monkeypatch.setattr(run_jobs.time, "sleep", lambda seconds: None)
    call_command("run_jobs", "--loop", "--exit-with-parent", "--date", "2026-10-08", stdout=io.StringIO())
    assert JobRun.objects.filter(name="hello").count() == 1


def test_run_starts_the_in_process_loop_before_gunicorn_unless_celery_is_configured():
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "run").read_text()
    loop = text.index("run_jobs --loop --exit-with-parent &")
    guard = text.rindex('if [ -z "${CELERY_BROKER_URL:-}" ]; then', 0, loop)
    assert guard < loop < text.index("exec .venv/bin/gunicorn")
