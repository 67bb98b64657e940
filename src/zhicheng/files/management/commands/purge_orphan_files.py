"""`python -m zhicheng purge_orphan_files [--dry-run]`: remove stored files nothing refers to any more."""

from django.core.management.base import BaseCommand
from django.db import transaction

from zhicheng.files import orphans
from zhicheng.files.services import format_mb


class Command(BaseCommand):
    help = "清理孤立文件：磁盘上没有登记的文件、没有任何材料引用的登记，以及残留的上传临时文件（均须早于一天）。"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只列出将被清理的文件，不删除。")

    def handle(self, *args, dry_run: bool = False, **options):
        with transaction.atomic():
            found = orphans.find()
            for row in found.rows:
                self.stdout.write(f"无引用的登记：#{row.pk} {row.file.name}（{row.original_name}，"
                                  f"{format_mb(row.size)} MB）")
            for name in found.files:
                self.stdout.write(f"无登记的文件：{name}")
            for path in found.temporary:
                self.stdout.write(f"残留的上传临时文件：{path}")
            if not dry_run:
                orphans.purge(found)
        total = len(found.rows) + len(found.files) + len(found.temporary)
        if dry_run:
            self.stdout.write(f"试运行：共发现 {total} 项，未删除任何文件。")
        else:
            self.stdout.write(f"已清理 {total} 项（无引用的登记 {len(found.rows)} 项，无登记的文件 {len(found.files)} 项，"
                              f"残留的上传临时文件 {len(found.temporary)} 项）。")
