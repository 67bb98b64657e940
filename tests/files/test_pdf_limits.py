"""PDFs are parsed in a child process with CPU-time, memory and page limits (parameters): a crafted file
that would keep a worker busy for a minute is refused within seconds, and the server answers others
meanwhile."""

import io
import threading
import time

import pikepdf
import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from zhicheng.codes.models import Parameter
from zhicheng.dossier.services import DossierError, upload_work_summary
from zhicheng.files import sandbox
from zhicheng.files.services import UploadError, check_upload, validate_upload

from .. import factories as f


def slow_pdf(operations: int = 100_000) -> bytes:
    """A ~3 KB PDF whose one page holds `operations` text operators: pypdf needs ~5 s of CPU for 100,000."""
    pdf = pikepdf.new()
    page = pdf.add_blank_page()
    page.obj.Contents = pdf.make_stream(b"BT /F1 12 Tf " + b"(a) Tj 1 0 Td " * operations + b"ET")
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)))
    out = io.BytesIO()
    pdf.save(out, compress_streams=True)
    return out.getvalue()


def pages_pdf(n: int) -> bytes:
    pdf = pikepdf.new()
    for _ in range(n):
        pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def set_param(key: str, value: int) -> None:
    Parameter.objects.filter(key=key).update(value=value)
    cache.clear()


@pytest.fixture
def one_cpu_second(db):
    set_param("pdf_parse_cpu_seconds", 1)


def test_limits_are_parameters_with_defaults(db):
    values = dict(Parameter.objects.filter(key__in=["pdf_parse_cpu_seconds", "pdf_parse_memory_mb", "pdf_max_pages",
                                                    "application_storage_mb"]).values_list("key", "value"))
    assert values == {"pdf_parse_cpu_seconds": 5, "pdf_parse_memory_mb": 512, "pdf_max_pages": 300,
                      "application_storage_mb": 200}


def test_slow_pdf_text_extraction_is_refused_within_the_cpu_limit(one_cpu_second):
    data = slow_pdf()
    assert len(data) < 16 * 1024
    started = time.monotonic()
    with pytest.raises(UploadError, match="1 秒的处理时限内无法完成检查，不予接收"):
        check_upload(SimpleUploadedFile("总结.pdf", data), allowed=("pdf",), count_chars=True)
    # The kernel stops the child at 1 s of CPU; on a loaded machine the parent's wall clock is the bound.
    assert time.monotonic() - started < sandbox.wall_timeout(1)


def test_same_pdf_without_text_extraction_passes(one_cpu_second):
    """Proofs are not text-extracted: the same file is a valid (if odd) PDF attachment."""
    assert validate_upload(SimpleUploadedFile("证明.pdf", slow_pdf())) == "pdf"


def test_slow_work_summary_is_refused_with_the_message_on_the_file_field(one_cpu_second, world):
    with pytest.raises(DossierError) as caught:
        upload_work_summary(world.applicant, world.app, SimpleUploadedFile("总结.pdf", slow_pdf()))
    assert "处理时限" in caught.value.fields["file"][0]


def test_server_answers_others_while_a_pdf_is_parsed(one_cpu_second, client):
    """The request thread only waits on the child's pipe: another request is served meanwhile."""
    results = {}
    assert client.get("/login/").status_code == 200  # the first request of a process loads templates

    def parse() -> None:
        results["report"] = sandbox.inspect_pdf(slow_pdf(), text=True, cpu_seconds=1, memory_mb=512, max_pages=10)

    worker = threading.Thread(target=parse)
    worker.start()
    try:
        time.sleep(0.2)  # the child is running
        started = time.monotonic()
        response = client.get("/login/")
        elapsed = time.monotonic() - started
        still_parsing = worker.is_alive()
    finally:
        worker.join(timeout=15)
    assert response.status_code == 200
    assert still_parsing and elapsed < 2
    assert results["report"] == {"error": "cpu"}


def test_page_limit_at_its_edge(db):
    set_param("pdf_max_pages", 3)
    assert validate_upload(SimpleUploadedFile("a.pdf", pages_pdf(3))) == "pdf"
    with pytest.raises(UploadError, match="PDF 共 4 页，超过单个文件 3 页的上限。请将材料拆分"):
        validate_upload(SimpleUploadedFile("a.pdf", pages_pdf(4)))


def test_memory_limit_refuses_the_file(db):
    set_param("pdf_parse_memory_mb", 16)  # not even the parser fits
    with pytest.raises(UploadError, match="PDF 解析所需内存超过 16 MB 的上限，不予接收"):
        validate_upload(SimpleUploadedFile("a.pdf", f.pdf_bytes("证明")))


def test_child_that_hangs_is_stopped_at_the_wall_clock(monkeypatch, tmp_path):
    """Waiting costs no CPU time, so the parent's wall-clock timeout stops such a child."""
    sleeper = tmp_path / "sleeper.py"
    sleeper.write_text("import time\ntime.sleep(30)\n")
    monkeypatch.setattr(sandbox, "CHECKER", sleeper)
    monkeypatch.setattr(sandbox, "wall_timeout", lambda cpu: 1)
    started = time.monotonic()
    assert sandbox.inspect_pdf(b"%PDF-1.4", text=False, cpu_seconds=1, memory_mb=512, max_pages=1) == {
        "error": "cpu"}
    assert time.monotonic() - started < 5


def test_text_is_counted_in_the_child(db):
    checked = check_upload(SimpleUploadedFile("总结.pdf", f.summary_pdf()), allowed=("pdf",), count_chars=True)
    assert checked == ("pdf", 800)


def test_temporary_file_upload_is_read_by_path(db, tmp_path):
    from django.core.files.uploadedfile import TemporaryUploadedFile

    up = TemporaryUploadedFile("证明.pdf", "application/pdf", 0, "utf-8")
    data = f.pdf_bytes("证明", javascript=True)
    up.write(data)
    up.flush()
    up.size = len(data)
    up.seek(0)
    with pytest.raises(UploadError, match="JavaScript"):
        validate_upload(up)
    up.close()
