"""Upload checks by content (magic bytes + parsing), never by name; storage under server names."""

from __future__ import annotations

import hashlib
import logging
import os
import uuid
import zlib
from contextlib import contextmanager
from typing import NamedTuple

import filetype
from django.core.files import File
from django.db import transaction
from PIL import Image

from zhicheng.codes.models import get_param
from zhicheng.errors import Refusal

from . import sandbox
from .models import StoredFile

logger = logging.getLogger(__name__)

CONTENT_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}
KIND_LABEL = {"pdf": "PDF", "jpg": "JPG", "png": "PNG"}


class Checked(NamedTuple):
    kind: str
    chinese_chars: int | None  # counted only when asked (the work summary)


class UploadError(Refusal):
    """A refused file; the message belongs to the file field."""

    def __init__(self, message: str):
        super().__init__(message, {"file": [message]})


def format_mb(n: int) -> str:
    """Bytes as MB for messages: 10485760 → "10", 1572864 → "1.5"."""
    return f"{n / 1024 / 1024:.2f}".rstrip("0").rstrip(".")


def oversized_message() -> str:
    limit = get_param("upload_max_bytes")
    return f"文件超过单个文件 {format_mb(limit)} MB 的上限。请将材料拆分为多个文件后分别上传。"


def check_size(size: int) -> None:
    limit = get_param("upload_max_bytes")
    if size > limit:
        raise UploadError(
            f"文件大小为 {format_mb(size)} MB，超过单个文件 {format_mb(limit)} MB 的上限。请将材料拆分为多个文件后分别上传。"
        )
    if size == 0:
        raise UploadError("文件为空，请重新选择。")


def detect_kind(f) -> str:
    f.seek(0)
    head = f.read(8192)
    f.seek(0)
    guess = filetype.guess(head)
    ext = guess.extension if guess else None
    if ext == "jpg" or ext == "pdf" or ext == "png":
        return ext
    raise UploadError("只接受 PDF、JPG、PNG 格式的文件（按文件内容识别，不看扩展名），该文件不是这几种格式。")


def _local_path(uploaded) -> str | None:
    return uploaded.temporary_file_path() if hasattr(uploaded, "temporary_file_path") else None


def pdf_limits() -> dict:
    """The child process's limits (parameters): CPU seconds, memory, pages."""
    return {"cpu_seconds": get_param("pdf_parse_cpu_seconds"), "memory_mb": get_param("pdf_parse_memory_mb"),
            "max_pages": get_param("pdf_max_pages")}


def _inspect_pdf(uploaded, *, text: bool) -> dict:
    """Parse the PDF in a limited child process; a refusal for every way it can fail."""
    limits = pdf_limits()
    # A temporary upload goes by its path (the child reads it; nothing of it enters this process); only a
    # small upload already in memory (FILE_UPLOAD_MAX_MEMORY_SIZE, 1 MB) is sent on the child's stdin.
    source = _local_path(uploaded)
    if source is None:
        uploaded.seek(0)
        source = uploaded.read()
        uploaded.seek(0)
    report = sandbox.inspect_pdf(source, text=text, **limits)
    error = report.get("error")
    if error == "cpu":
        raise UploadError(f"PDF 结构异常复杂，系统在 {limits['cpu_seconds']} 秒的处理时限内无法完成检查，不予接收。"
                          "请用 Word 等软件重新导出或“打印为 PDF”后再上传。")
    if error == "memory":
        raise UploadError(f"PDF 解析所需内存超过 {limits['memory_mb']} MB 的上限，不予接收。"
                          "请用 Word 等软件重新导出或“打印为 PDF”后再上传。")
    if error == "pages":
        raise UploadError(f"PDF 共 {report['pages']} 页，超过单个文件 {limits['max_pages']} 页的上限。"
                          "请将材料拆分为多个文件后分别上传。")
    if error == "encrypted":
        raise UploadError("PDF 设置了打开密码，审核人员无法查看。请取消密码后重新导出上传。")
    if error == "text_encrypted":
        raise UploadError("PDF 设置了打开密码，无法读取字数。请取消密码后重新导出上传。")
    if error == "text_unreadable":
        raise UploadError("无法读取该PDF中的文字（可能已加密或损坏），请由Word等软件重新导出PDF后上传。")
    if error:
        raise UploadError("文件已损坏或无法解析（PDF），请重新生成后上传。")
    if report["dangers"]:
        raise UploadError(f"PDF 中含有{'、'.join(report['dangers'])}，出于安全原因不予接收。请另存为普通 PDF 后再上传。")
    return report


def _verify_png(f) -> None:
    """Every chunk's CRC, read in pieces; IHDR first, IEND last. Raises ValueError for a damaged PNG."""
    f.seek(0)
    if f.read(8) != b"\x89PNG\r\n\x1a\n":
        raise ValueError("signature")
    first = True
    while True:
        header = f.read(8)
        if len(header) < 8:
            raise ValueError("truncated")
        length, cid = int.from_bytes(header[:4], "big"), header[4:]
        if first and cid != b"IHDR":
            raise ValueError("no IHDR")
        first = False
        crc = zlib.crc32(cid)
        left = length
        while left > 0:
            piece = f.read(min(left, 64 * 1024))
            if not piece:
                raise ValueError("truncated")
            crc = zlib.crc32(piece, crc)
            left -= len(piece)
        if f.read(4) != (crc & 0xFFFFFFFF).to_bytes(4, "big"):
            raise ValueError(f"CRC of {cid!r}")
        if cid == b"IEND":
            return


def check_upload(uploaded, allowed: tuple[str, ...] = ("pdf", "jpg", "png"), *,
                 count_chars: bool = False) -> Checked:
    """Size, kind by content, then parsing (PDFs in a limited child process); with `count_chars`, the
    Chinese characters of the PDF's text, extracted in the same child. Raises UploadError (Chinese)."""
    check_size(uploaded.size)
    kind = detect_kind(uploaded)
    if kind not in allowed:
        names = "、".join(KIND_LABEL[k] for k in allowed)
        raise UploadError(f"此处只接受 {names} 格式的文件，上传的文件是 {KIND_LABEL[kind]}。")
    if kind == "pdf":
        report = _inspect_pdf(uploaded, text=count_chars)
        return Checked(kind, report.get("chars"))
    try:
        uploaded.seek(0)
        with Image.open(_local_path(uploaded) or uploaded) as img:
            if kind == "png":
                _verify_png(uploaded)  # Pillow's verify() reads each chunk whole (one may be 10 MB)
            else:
                img.verify()
    except Exception as exc:  # a parse failure means a damaged or disguised file
        raise UploadError(f"文件已损坏或无法解析（{KIND_LABEL[kind]}），请重新生成后上传。") from exc
    finally:
        uploaded.seek(0)
    return Checked(kind, None)


def validate_upload(uploaded, allowed: tuple[str, ...] = ("pdf", "jpg", "png")) -> str:
    """Return the detected kind or raise UploadError with a Chinese message."""
    return check_upload(uploaded, allowed).kind


def count_chinese_chars(uploaded) -> int:
    """The Chinese characters of a PDF's text layer (extracted in the limited child process)."""
    return _inspect_pdf(uploaded, text=True)["chars"]


@contextmanager
def kept_only_if_committed():
    """Files stored inside the block are deleted again if the block fails: no file without its row."""
    stored: list[StoredFile] = []

    def keep(f: StoredFile) -> StoredFile:
        stored.append(f)
        return f

    try:
        yield keep
    except BaseException:
        for f in stored:
            f.file.delete(save=False)
        raise


def sha256_of(uploaded) -> str:
    """The file's SHA-256, read in chunks (never the whole file at once)."""
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return digest.hexdigest()


def store(uploaded, kind: str, *, actor) -> StoredFile:
    """Hash the upload in chunks, then hand it to storage as it is: FileSystemStorage *moves* a temporary
    upload (`temporary_file_path`, a rename within DATA_DIR: FILE_UPLOAD_TEMP_DIR is on the same
    filesystem) instead of copying it, and copies anything else (a small in-memory upload, another
    storage) in chunks. Wrapping the upload in `File()` would hide its path and force a copy."""
    digest = sha256_of(uploaded)
    original = os.path.basename(uploaded.name or "file")[:255]
    stored = StoredFile(original_name=original, kind=kind, size=uploaded.size, sha256=digest,
                        uploaded_by=actor)
    content = uploaded if hasattr(uploaded, "chunks") else File(uploaded)
    stored.file.save(f"{uuid.uuid4().hex}.{kind}", content, save=False)
    stored.save()
    return stored


# --------------------------------------------------------------------------- removal

def referring_relations() -> list:
    """Every relation pointing at StoredFile (attachments, work summaries, policy files, and any later one)."""
    return [rel for rel in StoredFile._meta.get_fields(include_hidden=True)
            if rel.auto_created and not rel.concrete and (rel.one_to_many or rel.one_to_one)]


def unreferenced(queryset):
    """The files of the queryset that no row refers to any more."""
    for rel in referring_relations():
        queryset = queryset.exclude(pk__in=rel.related_model._base_manager.values(rel.field.attname))
    return queryset


def remove_from_storage(names: list[str]) -> None:
    storage = StoredFile._meta.get_field("file").storage
    for name in names:
        try:
            storage.delete(name)
        except OSError:  # already gone or unreadable: the orphan command reports what is left
            logger.warning("could not remove stored file %s", name)


def discard(file_ids) -> list[str]:
    """Delete the StoredFile rows among `file_ids` that nothing refers to any more, and remove their files
    from storage once the transaction commits (a rollback keeps both). Returns the storage names."""
    ids = [i for i in file_ids if i is not None]
    gone = list(unreferenced(StoredFile.objects.filter(pk__in=ids)).values_list("pk", "file"))
    if not gone:
        return []
    StoredFile.objects.filter(pk__in=[pk for pk, _ in gone]).delete()
    names = [name for _, name in gone]
    transaction.on_commit(lambda: remove_from_storage(names))
    return names
