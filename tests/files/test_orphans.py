"""`purge_orphan_files` removes files on disk without a row and rows nothing refers to — only when older
than a day, and nothing with --dry-run."""

import datetime
import io
import os

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from zhicheng.dossier import models as m
from zhicheng.files.models import StoredFile

from .. import factories as f


def stored(world, name: str, *, days_old: float) -> StoredFile:
    row = StoredFile(original_name=name, kind="pdf", size=3, sha256="0" * 64, uploaded_by=world.applicant)
    row.file.save(f"{name}.pdf", ContentFile(b"abc"), save=False)
    row.save()
    StoredFile.objects.filter(pk=row.pk).update(created_at=timezone.now() - datetime.timedelta(days=days_old))
    return row


def loose_file(world, relative: str, *, days_old: float) -> str:
    storage = StoredFile._meta.get_field("file").storage
    name = storage.save(relative, ContentFile(b"x"))
    when = (timezone.now() - datetime.timedelta(days=days_old)).timestamp()
    os.utime(storage.path(name), (when, when))
    return name


def run(*args) -> str:
    out = io.StringIO()
    call_command("purge_orphan_files", *args, stdout=out)
    return out.getvalue()


def test_orphans_older_than_a_day_are_found_and_removed(world, django_capture_on_commit_callbacks):
    storage = StoredFile._meta.get_field("file").storage
    old_row = stored(world, "old-orphan", days_old=1.1)
    new_row = stored(world, "new-orphan", days_old=0.9)  # perhaps an upload still in its transaction
    used = stored(world, "used", days_old=30)
    m.Attachment.objects.create(application=world.app, section="attachments", file=used)
    old_file = loose_file(world, "u/2026/01/lost.pdf", days_old=2)
    new_file = loose_file(world, "u/2026/01/fresh.pdf", days_old=0.5)
    elsewhere = loose_file(world, "versions/1/评审表.pdf", days_old=5)  # not StoredFile's folder

    report = run("--dry-run")
    assert f"无引用的登记：#{old_row.pk} {old_row.file.name}（old-orphan，" in report
    assert "无登记的文件：u/2026/01/lost.pdf" in report
    assert "new-orphan" not in report and "fresh.pdf" not in report and "used" not in report
    assert "试运行：共发现 2 项，未删除任何文件。" in report
    assert StoredFile.objects.filter(pk=old_row.pk).exists() and storage.exists(old_file)

    with django_capture_on_commit_callbacks(execute=True):  # files leave storage once the purge commits
        report = run()
    assert "已清理 2 项（无引用的登记 1 项，无登记的文件 1 项，残留的上传临时文件 0 项）。" in report
    assert not StoredFile.objects.filter(pk=old_row.pk).exists()
    assert not storage.exists(old_row.file.name) and not storage.exists(old_file)
    for row in (new_row, used):
        assert StoredFile.objects.filter(pk=row.pk).exists() and storage.exists(row.file.name)
    assert storage.exists(new_file) and storage.exists(elsewhere)
    assert "共发现 0 项" in run("--dry-run")


def test_nothing_to_do(world):
    f.submitted(world.app)
    assert "已清理 0 项" in run()


def test_temporary_uploads_left_by_a_killed_worker_are_removed_after_a_day(world, settings, tmp_path):
    temp = tmp_path / "upload-tmp"
    temp.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(temp)
    old, fresh = temp / "tmpa1b2.upload.pdf", temp / "tmpc3d4.upload.pdf"
    for path in (old, fresh):
        path.write_bytes(b"%PDF-1.7 partial")
    when = (timezone.now() - datetime.timedelta(days=2)).timestamp()
    os.utime(old, (when, when))
    report = run("--dry-run")
    assert f"残留的上传临时文件：{old}" in report and str(fresh) not in report
    assert old.exists()
    report = run()
    assert "残留的上传临时文件 1 项" in report
    assert not old.exists() and fresh.exists()  # one still being uploaded is left alone
