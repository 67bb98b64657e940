"""The daily job of §三: applications not corrected or not applied online by their deadline → 视为放弃."""

import datetime

from django.core.management.base import BaseCommand

from zhicheng.office_review.prereview_jobs import abandon_overdue


class Command(BaseCommand):
    help = "逾期未补正或未网上申报的申报视为放弃（每日运行；期限次日起生效）"

    def add_arguments(self, parser):
        parser.add_argument("--today", type=datetime.date.fromisoformat, default=None, help="按该日期处理（YYYY-MM-DD）")

    def handle(self, *args, today=None, **options):
        done = abandon_overdue(today)
        self.stdout.write(f"视为放弃：{len(done)}件")
