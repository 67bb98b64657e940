"""Rules at their edges: identifiers, working days, uploads, the work summary."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from zhicheng.codes.models import Parameter
from zhicheng.dossier import services
from zhicheng.dossier.forms import issn_valid
from zhicheng.files.services import UploadError, validate_upload
from zhicheng.orgs.validators import (
    mask_id_number,
    mask_phone,
    validate_credit_code,
    validate_id_number,
)
from zhicheng.workdays.models import HolidayYear, SpecialDay
from zhicheng.workdays.services import (
    UnknownYearError,
    add_working_days,
    is_working_day,
    working_days_between,
)

from . import factories as f

# --- 身份证号 GB 11643 ---


def test_id_number_valid():
    validate_id_number("11010519491231002X")  # the standard's published example


def test_id_number_lower_case_x_is_accepted():
    validate_id_number("11010519491231002x")


@pytest.mark.parametrize("value,message", [
    ("110105194912310021", "校验位错误"),
    ("11010519491231002", "应为18位"),
    ("1101051949123100AX", "前17位须为数字"),
    ("110105194913310028", "出生日期"),
])
def test_id_number_invalid(value, message):
    with pytest.raises(ValidationError) as e:
        validate_id_number(value)
    assert message in str(e.value)


def test_id_birth_date_must_match_birth_field(db):
    from zhicheng.orgs.forms import UserAdminForm

    form = UserAdminForm(data={"username": "u1", "real_name": "张三", "id_number": "11010519491231002X",
                               "birth_date": "1949-12-30"})
    assert not form.is_valid()
    assert "出生日期与身份证号中的出生日期（1949年12月31日）不一致" in str(form.errors)


def test_masking():
    assert mask_id_number("11010519491231002X") == "110************02X"
    assert mask_phone("13812345678") == "138****5678"


# --- 统一社会信用代码 GB 32100 ---


def test_credit_code_valid_and_invalid():
    validate_credit_code("91110000600037341L")  # a published code (check char L)
    with pytest.raises(ValidationError, match="校验位错误"):
        validate_credit_code("91110000600037341M")
    with pytest.raises(ValidationError, match="不允许的字符"):
        validate_credit_code("9111000060003734IL")


# --- ISSN ---


def test_issn_check_digit():
    assert issn_valid("0317-8471") and issn_valid("2434-561X")
    assert not issn_valid("0317-8472")


# --- working days with holidays and 调休 (chinesecalendar knows 2026) ---


def test_national_day_2026_and_adjusted_saturday(db):
    assert not is_working_day(datetime.date(2026, 10, 1))
    assert is_working_day(datetime.date(2026, 10, 10))  # Saturday 调休 working day
    assert not is_working_day(datetime.date(2026, 10, 11))


def test_five_working_days_across_national_day(db):
    # Tue 9-29, Wed 9-30, (holiday 10-1..10-7), Thu 10-8, Fri 10-9, Sat 10-10 (调休) -> day 5 is Sat 10-10
    assert add_working_days(datetime.date(2026, 9, 29), 5) == datetime.date(2026, 10, 10)
    assert add_working_days(datetime.date(2026, 9, 29), 4) == datetime.date(2026, 10, 9)
    assert add_working_days(datetime.date(2026, 9, 29), 6) == datetime.date(2026, 10, 12)
    assert working_days_between(datetime.date(2026, 9, 29), datetime.date(2026, 10, 10)) == 5


def test_unknown_year_is_refused_not_guessed(db):
    with pytest.raises(UnknownYearError, match="2027年的法定节假日和调休安排尚未录入"):
        add_working_days(datetime.date(2027, 1, 4), 3)


def test_administrator_table_serves_2027(db):
    year = HolidayYear.objects.create(year=2027, source="国务院办公厅关于2027年部分节假日安排的通知")
    SpecialDay.objects.create(year=year, date=datetime.date(2027, 1, 1), name="元旦")
    SpecialDay.objects.create(year=year, date=datetime.date(2027, 1, 9), is_workday=True, name="调休")  # Saturday
    # Thu 2026-12-31 is day 1; Fri 1-1 holiday; Sat 1-2, Sun 1-3 weekend; Mon 1-4 day 2 ... Fri 1-8 day 6; Sat 1-9 day 7
    assert add_working_days(datetime.date(2026, 12, 31), 6) == datetime.date(2027, 1, 8)
    assert add_working_days(datetime.date(2026, 12, 31), 7) == datetime.date(2027, 1, 9)
    assert add_working_days(datetime.date(2026, 12, 31), 8) == datetime.date(2027, 1, 11)


# --- uploads by content ---


def _upload(data: bytes, name: str = "x.pdf"):
    return SimpleUploadedFile(name, data)


def test_ten_mib_is_accepted_and_one_byte_more_is_refused(db, tmp_path):
    from django.core.files.uploadedfile import TemporaryUploadedFile

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
        validate_upload(_upload(f.pdf_bytes("证明" * 200)))


def test_type_is_checked_by_content_not_name(db):
    with pytest.raises(UploadError, match="按文件内容识别"):
        validate_upload(_upload(b"MZ\x90\x00 not a pdf at all", "证书.pdf"))
    png = _png()
    assert validate_upload(_upload(png, "photo.pdf")) == "png"  # a PNG named .pdf is a PNG
    with pytest.raises(UploadError, match="只接受 PDF"):
        validate_upload(_upload(png, "x.pdf"), allowed=("pdf",))


def test_pdf_with_javascript_is_refused(db):
    with pytest.raises(UploadError, match="JavaScript"):
        validate_upload(_upload(f.pdf_bytes("正文", javascript=True)))


def test_pdf_with_embedded_file_is_refused(db):
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(f.pdf_bytes("正文"))) as pdf:
        pdf.attachments["evil.exe"] = pikepdf.AttachedFileSpec(pdf, b"MZ...")
        out = io.BytesIO()
        pdf.save(out)
    with pytest.raises(UploadError, match="嵌入文件"):
        validate_upload(_upload(out.getvalue()))


def test_damaged_pdf_is_refused(db):
    with pytest.raises(UploadError, match="损坏"):
        validate_upload(_upload(b"%PDF-1.7\n garbage without structure"))


def _png() -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buf, "PNG")
    return buf.getvalue()


# --- work summary: about 800 characters (600–1000 by default) ---


@pytest.mark.parametrize("chars,ok", [(599, False), (600, True), (800, True), (1000, True), (1001, False)])
def test_work_summary_band(world, chars, ok):
    up = _upload(f.pdf_bytes(f.summary_text(chars)), "工作总结.pdf")
    if ok:
        s = services.upload_work_summary(world.applicant, world.app, up)
        assert s.char_count == chars
    else:
        with pytest.raises(services.DossierError, match=f"约{chars}字，要求600–1000字"):
            services.upload_work_summary(world.applicant, world.app, up)


def test_scanned_summary_without_text_gets_its_own_message(world):
    import io

    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.rect(10, 10, 100, 100, fill=1)  # an image-like page, no text
    c.save()
    with pytest.raises(services.DossierError, match="可能是扫描件"):
        services.upload_work_summary(world.applicant, world.app, _upload(buf.getvalue()))


def test_summary_must_be_pdf(world):
    with pytest.raises(services.DossierError, match="只接受 PDF"):
        services.upload_work_summary(world.applicant, world.app, _upload(_png(), "总结.png"))


def test_pdf_with_file_attachment_annotation_is_refused(db):
    import io

    import pikepdf

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
        validate_upload(_upload(out.getvalue()))


def test_encrypted_summary_gets_a_clear_message_not_a_crash(world):
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(f.pdf_bytes(f.summary_text(800)))) as pdf:
        out = io.BytesIO()
        pdf.save(out, encryption=pikepdf.Encryption(user="open-me", owner="owner", aes=True))
    with pytest.raises(services.DossierError, match="密码|加密"):
        services.upload_work_summary(world.applicant, world.app, _upload(out.getvalue()))


def test_a_failed_upload_leaves_no_file_behind(world, monkeypatch, settings):
    from pathlib import Path

    from zhicheng.dossier import models as m

    def boom(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(m.Attachment.objects, "create", boom)
    with pytest.raises(RuntimeError):
        services.attach_file(world.applicant, world.app, _upload(f.pdf_bytes("证书")), section_key="attachments")
    root = Path(settings.STORAGES["default"]["OPTIONS"]["location"])
    assert not [p for p in root.rglob("*") if p.is_file()]
