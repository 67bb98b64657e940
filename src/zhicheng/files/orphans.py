"""Find what storage and the database no longer agree on: files on disk without a StoredFile row, and
StoredFile rows that nothing refers to. Both only when older than a day, so an upload still inside its
transaction (file written, row not yet committed) is never taken for an orphan."""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import StoredFile
from .services import remove_from_storage, unreferenced

MIN_AGE = datetime.timedelta(days=1)


@dataclass
class Orphans:
    rows: list[StoredFile] = field(default_factory=list)  # rows no record refers to
    files: list[str] = field(default_factory=list)  # storage names with no row
    temporary: list[str] = field(default_factory=list)  # FILE_UPLOAD_TEMP_DIR leftovers (a worker killed mid-upload)


def upload_root() -> str:
    """The folder StoredFile writes into ("u/2026/12/…"): files elsewhere belong to others and are left alone."""
    return StoredFile._meta.get_field("file").upload_to.split("/")[0]


def find(now: datetime.datetime | None = None) -> Orphans:
    now = now or timezone.now()
    cutoff = now - MIN_AGE
    found = Orphans(rows=list(unreferenced(StoredFile.objects.filter(created_at__lt=cutoff)).order_by("pk")))
    storage = StoredFile._meta.get_field("file").storage
    root = os.path.join(storage.location, upload_root())
    known = set(StoredFile.objects.values_list("file", flat=True))
    for folder, _dirs, names in os.walk(root):
        for name in sorted(names):
            path = os.path.join(folder, name)
            relative = os.path.relpath(path, storage.location).replace(os.sep, "/")
            modified = datetime.datetime.fromtimestamp(os.stat(path).st_mtime, tz=datetime.UTC)
            if relative not in known and modified < cutoff:
                found.files.append(relative)
    found.temporary = stale_temporary_files(cutoff)
    return found


def stale_temporary_files(cutoff: datetime.datetime) -> list[str]:
    """Temporary uploads older than the cutoff. A request removes its own (moved into storage, or deleted
    when refused or failed); only a process killed mid-upload leaves one."""
    folder = settings.FILE_UPLOAD_TEMP_DIR
    if not folder or not os.path.isdir(folder):
        return []
    out = []
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.is_file(follow_symlinks=False) and datetime.datetime.fromtimestamp(
                entry.stat().st_mtime, tz=datetime.UTC) < cutoff:
            out.append(entry.path)
    return out


def purge(found: Orphans) -> None:
    """Delete the orphan rows; their files and the files without rows leave storage once this commits."""
    names = [row.file.name for row in found.rows] + found.files
    StoredFile.objects.filter(pk__in=[row.pk for row in found.rows]).delete()
    transaction.on_commit(lambda: remove_from_storage(names))
    for path in found.temporary:
        try:
            os.remove(path)
        except FileNotFoundError:
            pass
