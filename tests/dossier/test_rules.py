"""Dossier rules at their edges: the ISSN check digit, the work summary (about 800 characters, a PDF with
text), and an upload that fails after its file was stored leaves nothing behind."""

import io
from pathlib import Path

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhicheng.dossier import models as m
from zhicheng.dossier import services
from zhicheng.dossier.forms import issn_valid

from .. import factories as f


def upload(data: bytes, name: str = "x.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def test_issn_check_digit():
    assert issn_valid("0317-8471") and issn_valid("2434-561X")
    assert not issn_valid("0317-8472")


# --- work summary: about 800 characters (600–1000 by default) ---


@pytest.mark.parametrize("chars,ok", [(599, False), (600, True), (800, True), (1000, True), (1001, False)])
def test_work_summary_band(world, chars, ok):
    up = upload(f.pdf_bytes(f.summary_text(chars)), "工作总结.pdf")
    if ok:
        s = services.upload_work_summary(world.applicant, world.app, up)
        assert s.char_count == chars
    else:
        with pytest.raises(services.DossierError, match=f"约{chars}字，要求600–1000字"):
            services.upload_work_summary(world.applicant, world.app, up)


def test_scanned_summary_without_text_gets_its_own_message(world):
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.rect(10, 10, 100, 100, fill=1)  # an image-like page, no text
    c.save()
    with pytest.raises(services.DossierError, match="可能是扫描件"):
        services.upload_work_summary(world.applicant, world.app, upload(buf.getvalue()))


def test_summary_must_be_pdf(world):
    with pytest.raises(services.DossierError, match="只接受 PDF"):
        services.upload_work_summary(world.applicant, world.app, upload(f.png_bytes(), "总结.png"))


def test_encrypted_summary_gets_a_clear_message_not_a_crash(world):
    with pikepdf.open(io.BytesIO(f.summary_pdf())) as pdf:
        out = io.BytesIO()
        pdf.save(out, encryption=pikepdf.Encryption(user="open-me", owner="owner", aes=True))
    with pytest.raises(services.DossierError, match="密码|加密"):
        services.upload_work_summary(world.applicant, world.app, upload(out.getvalue()))


def test_a_failed_upload_leaves_no_file_behind(world, monkeypatch, settings):
    def boom(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(m.Attachment.objects, "create", boom)
    with pytest.raises(RuntimeError):
        services.attach_file(world.applicant, world.app, upload(f.pdf_bytes("证书")), section_key="attachments")
    root = Path(settings.STORAGES["default"]["OPTIONS"]["location"])
    assert not [p for p in root.rglob("*") if p.is_file()]
