"""A 10 MB upload of any kind is streamed, checked on its temporary file and *moved* into storage; every
refusal leaves nothing behind, neither in FILE_UPLOAD_TEMP_DIR nor in storage (issue 7)."""

import hashlib
import os
import tracemalloc

import pikepdf
import pytest
from django.contrib.messages import get_messages
from django.core.files.storage import filesystem
from django.urls import reverse

from zhicheng.campaigns.models import CampaignAttachment
from zhicheng.dossier import models as m
from zhicheng.files.models import StoredFile

from ..support import uploads as u

LIMIT = 10 * 1024 * 1024
API = "/api/v1"


@pytest.fixture
def dirs(settings, tmp_path):
    """Temporary uploads and storage on one filesystem, as in production (both under DATA_DIR)."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(temp)
    return temp, tmp_path / "files"


def files_in(folder) -> list[str]:
    return [os.path.join(d, n) for d, _dirs, names in os.walk(folder) for n in names]


def sha256(path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def target(w, where: str, via: str) -> tuple[str, object]:
    """(url, user) for an upload of `where` (attachment / summary / policy) through `via` (ui / api)."""
    if where == "policy":
        url = reverse("campaign_attach", args=[w.campaign.pk]) if via == "ui" else \
            f"{API}/campaigns/{w.campaign.pk}/attachments"
        return url, w.hr
    if via == "ui":
        return reverse("upload", args=[w.app.pk, "summary" if where == "summary" else "attachments"]), w.applicant
    return f"{API}/applications/{w.app.pk}/{'work-summary' if where == 'summary' else 'attachments'}", w.applicant


def send(client, w, tmp_path, where, via, file_path, name="材料.pdf"):
    url, user = target(w, where, via)
    client.force_login(user)
    body, ctype = u.multipart_body(tmp_path / "body.bin", file_path, filename=name)
    return u.post_streamed(client, url, body, ctype)


def messages_of(response) -> list[str]:
    return [str(msg) for msg in get_messages(response.wsgi_request)]


@pytest.fixture
def moves(monkeypatch):
    """Every move FileSystemStorage makes: (inode of the temporary file, target path)."""
    seen = []
    original = filesystem.file_move_safe

    def spy(old, new, *args, **kwargs):
        seen.append((os.stat(old).st_ino, new))
        return original(old, new, *args, **kwargs)

    monkeypatch.setattr(filesystem, "file_move_safe", spy)
    return seen


CASES = [("pdf", "attachment", "ui"), ("jpg", "attachment", "ui"), ("png", "attachment", "ui"),
         ("summary", "summary", "ui"), ("pdf", "policy", "ui"),
         ("pdf", "attachment", "api"), ("png", "attachment", "api"), ("summary", "summary", "api"),
         ("jpg", "policy", "api")]


@pytest.mark.parametrize(("kind", "where", "via"), CASES)
def test_ten_mb_upload_is_moved_into_storage_and_leaves_no_temporary_file(world, client, dirs, tmp_path, moves,
                                                                          kind, where, via):
    temp, storage = dirs
    src = u.make(kind, tmp_path / f"src.{kind}", LIMIT)
    r = send(client, world, tmp_path, where, via, src, name=f"材料.{'pdf' if kind == 'summary' else kind}")
    assert r.status_code in (201, 302), r.content[:500]
    stored = StoredFile.objects.get()
    assert stored.size == LIMIT
    path = stored.file.path
    assert sha256(path) == sha256(src) == stored.sha256
    # Moved, not copied: the stored file is the temporary file itself (same inode), and that is gone.
    assert len(moves) == 1 and moves[0] == (os.stat(path).st_ino, path)
    assert files_in(temp) == []
    assert files_in(storage) == [path]
    if where == "summary":
        assert m.WorkSummary.objects.get(application=world.app).char_count == 800
    elif where == "policy":
        assert CampaignAttachment.objects.get(campaign=world.campaign).file == stored
    else:
        assert m.Attachment.objects.get(application=world.app).file == stored


@pytest.mark.parametrize(("kind", "where", "via"), [("summary", "summary", "ui"), ("png", "attachment", "api"),
                                                    ("pdf", "policy", "ui")])
def test_a_ten_mb_upload_costs_the_worker_little_python_memory(world, client, dirs, tmp_path, kind, where, via):
    src = u.make(kind, tmp_path / f"src.{kind}", LIMIT)
    url, user = target(world, where, via)
    client.force_login(user)
    body, ctype = u.multipart_body(tmp_path / "body.bin", src, filename=f"材料.{'pdf' if kind == 'summary' else kind}")
    u.post_streamed(client, url, body, ctype)  # warm: imports, caches, first queries
    first = StoredFile.objects.latest("pk").pk
    tracemalloc.start()
    try:
        r = u.post_streamed(client, url, body, ctype)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert r.status_code in (201, 302)
    assert StoredFile.objects.latest("pk").pk > first  # stored again
    assert peak < 5 * 1024 * 1024, f"{peak / 1024 / 1024:.1f} MiB"  # the file is 10 MiB


def js_pdf(path):
    u.padded_pdf(path, LIMIT - 4096)
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
        pdf.save(path)
    return path


REFUSALS = [
    ("over the limit", lambda p: u.make("raw", p, LIMIT + 1), "上限"),
    ("not a PDF/JPG/PNG", lambda p: u._fill(p, b"MZ\x90\x00", 2 * 1024 * 1024), "按文件内容识别"),
    ("damaged PDF", lambda p: u.make("raw", p, 3 * 1024 * 1024), "损坏"),
    ("PDF with JavaScript", js_pdf, "JavaScript"),
]


@pytest.mark.parametrize("via", ["ui", "api"])
@pytest.mark.parametrize(("case", "make", "says"), REFUSALS, ids=[r[0] for r in REFUSALS])
@pytest.mark.parametrize("where", ["attachment", "summary", "policy"])
def test_a_refused_upload_leaves_nothing_behind(world, client, dirs, tmp_path, case, make, says, via, where):
    temp, storage = dirs
    r = send(client, world, tmp_path, where, via, make(tmp_path / "src.pdf"))
    said = " ".join(messages_of(r)) if via == "ui" else " ".join(r.json()["detail"])
    assert says in said
    if via == "api":
        assert r.status_code == 422
    assert StoredFile.objects.count() == 0
    assert files_in(temp) == []
    assert files_in(storage) == []


@pytest.mark.parametrize("via", ["ui", "api"])
def test_ten_mb_and_one_byte_is_refused_with_the_chinese_message(world, client, dirs, tmp_path, via):
    temp, storage = dirs
    r = send(client, world, tmp_path, "attachment", via, u.make("pdf", tmp_path / "big.pdf", LIMIT + 1))
    said = messages_of(r) if via == "ui" else r.json()["detail"]
    assert said == [("上传失败：" if via == "ui" else "") + "文件超过单个文件 10 MB 的上限。请将材料拆分为多个文件后分别上传。"]
    assert files_in(temp) == [] and files_in(storage) == []


@pytest.mark.parametrize("via", ["ui", "api"])
def test_a_work_summary_of_the_wrong_length_leaves_nothing_behind(world, client, dirs, tmp_path, via):
    temp, storage = dirs
    r = send(client, world, tmp_path, "summary", via, u.make("pdf", tmp_path / "short.pdf", LIMIT))
    said = " ".join(messages_of(r)) if via == "ui" else " ".join(r.json()["detail"])
    assert "要求" in said and "字" in said
    assert StoredFile.objects.count() == 0
    assert files_in(temp) == [] and files_in(storage) == []


@pytest.mark.parametrize("where", ["attachment", "summary", "policy"])
def test_a_failure_after_the_file_was_stored_removes_it(world, client, dirs, tmp_path, monkeypatch, where):
    """An exception after the move (here: the audit record) rolls back the row and removes the file."""
    temp, storage = dirs

    def broken(*args, **kwargs):
        raise RuntimeError("audit store down")

    import zhicheng.campaigns.services
    import zhicheng.dossier.services.edit

    monkeypatch.setattr(zhicheng.dossier.services.edit, "record", broken)
    monkeypatch.setattr(zhicheng.campaigns.services, "record", broken)
    client.raise_request_exception = False
    kind = "summary" if where == "summary" else "pdf"
    r = send(client, world, tmp_path, where, "ui", u.make(kind, tmp_path / "src.pdf", LIMIT))
    assert r.status_code == 500
    assert StoredFile.objects.count() == 0
    assert files_in(temp) == [] and files_in(storage) == []
