from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    """定时任务: a registry of daily jobs (reminders, abandonment) and the runner that starts each at most once
    a day — in-process by default (`run_jobs --loop`, started by ./run), on Celery when CELERY_BROKER_URL is
    set. Shared level: imports nothing stage-specific; stage apps register their jobs in their ready()."""

    name = "zhicheng.scheduling"
    verbose_name = "定时任务"
