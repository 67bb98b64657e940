"""run_jobs: run the day's scheduled jobs (each at most once a day).

    python -m zhicheng run_jobs --once            # run what is due today, then exit (cron, a test)
    python -m zhicheng run_jobs --loop            # check every 10 minutes until stopped (./run starts this)
    python -m zhicheng run_jobs --loop --every 5
    python -m zhicheng run_jobs --loop --exit-with-parent   # ./run: stops when gunicorn (its parent) stops
    python -m zhicheng run_jobs --once --date 2026-10-08 --job remind_deadlines
"""

import datetime
import os
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections, connection

from zhicheng.scheduling import jobs


class Command(BaseCommand):
    help = "运行到期的定时任务（截止提醒、逾期放弃等），每个任务每天至多运行一次。"

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--once", action="store_true", help="运行一次后退出（默认）")
        mode.add_argument("--loop", action="store_true", help="持续运行，每隔 --every 分钟检查一次")
        parser.add_argument("--every", type=float, default=10, help="--loop 的检查间隔（分钟），默认10")
        parser.add_argument("--date", help="按该日期运行（YYYY-MM-DD），默认今天（北京时间）")
        parser.add_argument("--job", action="append", help="只运行指定任务（可重复）")
        parser.add_argument("--exit-with-parent", action="store_true",
                            help="父进程（./run 中的 gunicorn）退出时随之退出")

    def handle(self, *args, once=False, loop=False, every=10, date=None, job=None, exit_with_parent=False,
               **options):
        parent = os.getppid() if exit_with_parent else None
        known = {j.name for j in jobs.registered()}
        for name in job or []:
            if name not in known:
                raise CommandError(f"未知的任务：{name}（已登记：{'、'.join(sorted(known)) or '无'}）")
        day = None
        if date:
            try:
                day = datetime.date.fromisoformat(date)
            except ValueError as exc:
                raise CommandError("日期格式应为 YYYY-MM-DD。") from exc
        if every <= 0:
            raise CommandError("--every 应大于0。")
        while True:
            _release_connections()
            for row in jobs.run_due(day, names=job):
                status = f"失败：{row.error.splitlines()[0]}" if row.error else row.result
                self.stdout.write(f"{row.day} {row.name}：{status}")
            _release_connections()
            if not loop:
                return
            if not self._sleep(every * 60, parent):
                return

    @staticmethod
    def _sleep(seconds: float, parent: int | None) -> bool:
        """Sleep; False as soon as the parent process is gone (checked every 5 seconds)."""
        if parent is None:
            time.sleep(seconds)
            return True
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            time.sleep(min(5, left))
            if os.getppid() != parent:
                return False
        return True


def _release_connections() -> None:
    """Between runs, give back connections that are broken or past their age (a loop lives for days). Not
    inside a transaction (a caller's, or a test's): with PostgreSQL's pool that would close the connection
    the transaction is using."""
    if not connection.in_atomic_block:
        close_old_connections()
