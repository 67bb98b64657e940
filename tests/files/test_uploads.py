"""Uploads are checked by their content: size limit (a parameter), type by magic bytes, PDFs without
active content or embedded files, damaged files refused."""

import io

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile

from zhicheng.codes.models import Parameter
from zhicheng.files.services import UploadError, validate_upload

from .. import factories as f


def upload(data: bytes, name: str = "x.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def test_ten_mib_is_accepted_and_one_byte_more_is_refused(db, tmp_path):
    limit = 10 * 1024 * 1024
    pdf = f.pdf_bytes("证明")
    for size, ok in [(limit, True), (limit + 1, False)]:
        up = TemporaryUploadedFile("证明.pdf", "application/pdf", size, "utf-8")
        up.write(pdf + b"\n%" + b"0" * (size - len(pdf) - 2))
        up.flush()
        up.seek(0)
        assert up.size == size
        if ok:
            assert validate_upload(up) == "pdf"
        else:
            with pytest.raises(UploadError, match="超过单个文件 10 MB 的上限。请将材料拆分"):
                validate_upload(up)
        up.close()


def test_upload_limit_is_a_parameter(db):
    Parameter.objects.filter(key="upload_max_bytes").update(value=1000)
    from django.core.cache import cache

    cache.clear()
    with pytest.raises(UploadError, match="上限"):
        validate_upload(upload(f.pdf_bytes("证明" * 200)))


def test_type_is_checked_by_content_not_name(db):
    with pytest.raises(UploadError, match="按文件内容识别"):
        validate_upload(upload(b"MZ\x90\x00 not a pdf at all", "证书.pdf"))
    image = f.png_bytes()
    assert validate_upload(upload(image, "photo.pdf")) == "png"  # a PNG named .pdf is a PNG
    with pytest.raises(UploadError, match="只接受 PDF"):
        validate_upload(upload(image, "x.pdf"), allowed=("pdf",))


def test_pdf_with_javascript_is_refused(db):
    with pytest.raises(UploadError, match="JavaScript"):
        validate_upload(upload(f.pdf_bytes("正文", javascript=True)))


def test_pdf_with_embedded_file_is_refused(db):
    with pikepdf.open(io.BytesIO(f.pdf_bytes("正文"))) as pdf:
        pdf.attachments["evil.exe"] = pikepdf.AttachedFileSpec(pdf, b"MZ...")
        out = io.BytesIO()
        pdf.save(out)
    with pytest.raises(UploadError, match="嵌入文件"):
        validate_upload(upload(out.getvalue()))


def test_damaged_pdf_is_refused(db):
    with pytest.raises(UploadError, match="损坏"):
        validate_upload(upload(b"%PDF-1.7\n garbage without structure"))


def test_pdf_with_file_attachment_annotation_is_refused(db):
    with pikepdf.open(io.BytesIO(f.pdf_bytes("正文"))) as pdf:
        ef = pdf.make_stream(b"MZ payload")  # an embedded stream without /Type, hidden in an annotation
        spec = pikepdf.Dictionary(Type=pikepdf.Name.Filespec, F=pikepdf.String("a.exe"),
                                  EF=pikepdf.Dictionary(F=ef))
        annot = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.FileAttachment,
                                   Rect=[0, 0, 10, 10], FS=spec)
        pdf.pages[0].Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(annot)]))
        out = io.BytesIO()
        pdf.save(out)
    with pytest.raises(UploadError, match="嵌入文件"):
        validate_upload(upload(out.getvalue()))
