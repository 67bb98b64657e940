"""Reading the generated documents back, as a reader of the paper would."""

from __future__ import annotations

import datetime
import io

from pypdf import PdfReader

from zhicheng.dossier import models as m


def reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def flat(text: str) -> str:
    """Text without whitespace (wrapping in table cells splits words across lines)."""
    return "".join(text.split())


def text(data: bytes) -> str:
    return "".join(page.extract_text() for page in reader(data).pages)


def page_texts(data: bytes) -> list[str]:
    """Each page's text, whitespace removed."""
    return [flat(page.extract_text()) for page in reader(data).pages]


def embedded_font_files(pdf: PdfReader) -> list:
    found = []
    for page in pdf.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            targets = [d.get_object() for d in descendants] if descendants else [font]
            for target in targets:
                descriptor = target.get("/FontDescriptor")
                if descriptor is not None and "/FontFile2" in descriptor.get_object():
                    found.append(target.get("/BaseFont"))
    return found


def add_publications(app, n: int, start: int = 0) -> None:
    m.Publication.objects.bulk_create([
        m.Publication(application=app, kind="paper", title=f"特高压输电线路故障诊断方法研究之{start + i}",
                      author_rank=1, journal="电力系统自动化", issn="1000-1026", cn="32-1180/TP",
                      published_on=datetime.date(2020, 1 + i % 12, 1))
        for i in range(n)])
