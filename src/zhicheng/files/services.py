"""Upload checks by content (magic bytes + parsing), never by name; storage under server names."""

from __future__ import annotations

import hashlib
import os
import re
import uuid
from contextlib import contextmanager

import filetype
import pikepdf
from django.core.files import File
from PIL import Image
from pypdf import PdfReader

from zhicheng.codes.models import get_param
from zhicheng.errors import Refusal

from .models import StoredFile

CONTENT_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}
KIND_LABEL = {"pdf": "PDF", "jpg": "JPG", "png": "PNG"}


class UploadError(Refusal):
    """A refused file; the message belongs to the file field."""

    def __init__(self, message: str):
        super().__init__(message, {"file": [message]})


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.2f}".rstrip("0").rstrip(".")


def oversized_message() -> str:
    limit = get_param("upload_max_bytes")
    return f"文件超过单个文件 {_mb(limit)} MB 的上限。请将材料拆分为多个文件后分别上传。"


def check_size(size: int) -> None:
    limit = get_param("upload_max_bytes")
    if size > limit:
        raise UploadError(
            f"文件大小为 {_mb(size)} MB，超过单个文件 {_mb(limit)} MB 的上限。请将材料拆分为多个文件后分别上传。"
        )
    if size == 0:
        raise UploadError("文件为空，请重新选择。")


_DANGEROUS_PDF_KEYS = {"/JavaScript": "JavaScript 脚本", "/JS": "JavaScript 脚本",
                       "/Launch": "启动外部程序的动作", "/EmbeddedFiles": "嵌入文件",
                       "/EmbeddedFile": "嵌入文件", "/EF": "嵌入文件", "/FileAttachment": "嵌入文件",
                       "/RichMedia": "多媒体内容", "/XFA": "XFA 动态表单", "/GoToE": "跳转到嵌入文件的动作",
                       "/GoToR": "打开外部文件的动作", "/SubmitForm": "提交表单的动作",
                       "/ImportData": "导入数据的动作"}


def pdf_dangers(path_or_file) -> list[str]:
    """Walk every object of the PDF, nested dictionaries included; name the active content it carries."""
    found: set[str] = set()

    def visit(obj, depth: int) -> None:
        if depth > 50:
            return
        if isinstance(obj, pikepdf.Stream):
            obj = obj.stream_dict
        if isinstance(obj, pikepdf.Dictionary):
            for key in obj.keys():
                if key in _DANGEROUS_PDF_KEYS:
                    found.add(_DANGEROUS_PDF_KEYS[key])
                value = obj.get(key)
                if isinstance(value, pikepdf.Name) and key in ("/S", "/Type", "/Subtype") and str(
                        value) in _DANGEROUS_PDF_KEYS:
                    found.add(_DANGEROUS_PDF_KEYS[str(value)])
                if isinstance(value, pikepdf.Object) and not value.is_indirect:  # indirect ones: visited below
                    visit(value, depth + 1)
        elif isinstance(obj, pikepdf.Array):
            for value in obj:
                if isinstance(value, pikepdf.Object) and not value.is_indirect:
                    visit(value, depth + 1)

    with pikepdf.open(path_or_file) as pdf:
        visit(pdf.trailer, 0)
        for obj in pdf.objects:
            visit(obj, 0)
    return sorted(found)


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


def validate_upload(uploaded, allowed: tuple[str, ...] = ("pdf", "jpg", "png")) -> str:
    """Return the detected kind or raise UploadError with a Chinese message."""
    check_size(uploaded.size)
    kind = detect_kind(uploaded)
    if kind not in allowed:
        names = "、".join(KIND_LABEL[k] for k in allowed)
        raise UploadError(f"此处只接受 {names} 格式的文件，上传的文件是 {KIND_LABEL[kind]}。")
    source = _local_path(uploaded) or uploaded
    try:
        if kind == "pdf":
            uploaded.seek(0)
            dangers = pdf_dangers(source)
            if dangers:
                raise UploadError(f"PDF 中含有{'、'.join(dangers)}，出于安全原因不予接收。请另存为普通 PDF 后再上传。")
        else:
            uploaded.seek(0)
            with Image.open(source) as img:
                img.verify()
    except UploadError:
        raise
    except pikepdf.PasswordError:
        raise UploadError("PDF 设置了打开密码，审核人员无法查看。请取消密码后重新导出上传。") from None
    except Exception as exc:  # a parse failure means a damaged or disguised file
        raise UploadError(f"文件已损坏或无法解析（{KIND_LABEL[kind]}），请重新生成后上传。") from exc
    finally:
        uploaded.seek(0)
    return kind


_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def count_chinese_chars(uploaded) -> int:
    uploaded.seek(0)
    try:
        reader = PdfReader(_local_path(uploaded) or uploaded)
        if reader.is_encrypted and not reader.decrypt(""):
            raise UploadError("PDF 设置了打开密码，无法读取字数。请取消密码后重新导出上传。")
        text = "".join(page.extract_text() or "" for page in reader.pages)
    except UploadError:
        raise
    except Exception as exc:  # encrypted with an unsupported scheme, or a damaged text layer
        raise UploadError("无法读取该PDF中的文字（可能已加密或损坏），请由Word等软件重新导出PDF后上传。") from exc
    finally:
        uploaded.seek(0)
    return len(_CJK.findall(text))


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


def store(uploaded, kind: str, *, actor) -> StoredFile:
    """Stream the upload to storage in chunks, hashing as it goes."""
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    original = os.path.basename(uploaded.name or "file")[:255]
    stored = StoredFile(original_name=original, kind=kind, size=uploaded.size, sha256=digest.hexdigest(),
                        uploaded_by=actor)
    stored.file.save(f"{uuid.uuid4().hex}.{kind}", File(uploaded), save=False)
    stored.save()
    return stored
