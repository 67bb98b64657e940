"""PDF primitives of the official documents: reportlab, A4, the embedded CJK font.

Every page carries a stamp in its header (the dossier passes "第2版 · 校验码 …" so a printed page can
be matched with the version online) and, from the first numbered page, its page number in the footer.
Nothing here knows a dossier: callers pass plain text.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from urllib.parse import quote
from xml.sax.saxutils import escape

from django.http import HttpResponse

from .fonts import cjk_font
from .registry import Box

GREY = "#f0f0f0"


def styles(size: float = 9) -> dict:
    """Paragraph styles in the CJK font (wrapping between any two Chinese characters)."""
    from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    base = ParagraphStyle("zc", fontName=cjk_font(), fontSize=size, leading=size * 1.35, wordWrap="CJK",
                          alignment=TA_LEFT)
    return {
        "cell": base,
        "center": ParagraphStyle("zc-center", parent=base, alignment=TA_CENTER),
        "label": ParagraphStyle("zc-label", parent=base, alignment=TA_CENTER),
        "body": ParagraphStyle("zc-body", parent=base, fontSize=10.5, leading=16, firstLineIndent=21,
                               spaceAfter=4),
        "title": ParagraphStyle("zc-title", parent=base, fontSize=16, leading=22, alignment=TA_CENTER,
                                spaceAfter=8),
        "h2": ParagraphStyle("zc-h2", parent=base, fontSize=12, leading=18, spaceBefore=10, spaceAfter=4),
        "cover_title": ParagraphStyle("zc-cover", parent=base, fontSize=26, leading=36, alignment=TA_CENTER),
        "cover_field": ParagraphStyle("zc-cover-field", parent=base, fontSize=14, leading=20),
        "opinion": ParagraphStyle("zc-opinion", parent=base, fontSize=10, leading=14),
        "right": ParagraphStyle("zc-right", parent=base, alignment=TA_RIGHT, spaceAfter=2),
        "right_plain": ParagraphStyle("zc-right-plain", parent=base, fontSize=10, leading=14,
                                      alignment=TA_RIGHT),
    }


def para(text, style):
    """A paragraph of plain text: user text is escaped (never markup), newlines kept."""
    from reportlab.platypus import Paragraph

    return Paragraph(escape(str(text if text is not None else "")).replace("\n", "<br/>"), style)


def grid_style(extra: Sequence = ()) -> list:
    """Table style of the forms: thin black grid, cells centred vertically."""
    from reportlab.lib import colors

    return [
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        *extra,
    ]


NO_PADDING = [("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
              ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]


def grey_header(table, *, column: bool = False) -> None:
    """Grey background on the first row (or the first column) of a grid table."""
    from reportlab.lib import colors

    cells = ((0, 0), (0, -1)) if column else ((0, 0), (-1, 0))
    table.setStyle(grid_style([("BACKGROUND", *cells, colors.HexColor(GREY))]))


def spread(label: str, style, width: float):
    """A label whose characters are spread over ``width`` (“姓　　名” as wide as “工作单位”)."""
    from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Table

    n = len(label)
    if n < 2:
        return para(label, style)
    aligns = [TA_LEFT] + [TA_CENTER] * (n - 2) + [TA_RIGHT]
    cells = [para(ch, ParagraphStyle(f"spread{a}", parent=style, alignment=a))
             for ch, a in zip(label, aligns, strict=True)]
    t = Table([cells], colWidths=[width / n] * n)
    t.setStyle(NO_PADDING)
    return t


def heading(text: str, st) -> list:
    """A section heading that never ends a page alone (needs room for it and a few rows)."""
    from reportlab.lib.units import mm
    from reportlab.platypus import CondPageBreak

    return [CondPageBreak(30 * mm), para(text, st["h2"])]


def list_table(title: str, head: list[str], rows: list[list], ratios: list[float], width: float, st) -> list:
    """A headed table of items (header row repeated on each page); “无” across the table when empty."""
    from reportlab.platypus import Table

    col_w = [width * r / sum(ratios) for r in ratios]
    data = [[para(h, st["label"]) for h in head]]
    if rows:
        data += [[para(v, st["cell"]) for v in row] for row in rows]
        extra = []
    else:
        data.append([para("无", st["center"])] + [""] * (len(head) - 1))
        extra = [("SPAN", (0, 1), (-1, 1))]
    t = Table(data, colWidths=col_w, repeatRows=1)
    grey_header(t)
    if extra:
        t.setStyle(extra)
    return [*heading(title, st), t]


def text_box(paragraphs: list[str], width: float, st):
    """Long text in one box that may run over several pages (split inside the row, the box closed at the
    foot of each page and reopened at the top of the next)."""
    from reportlab.lib import colors
    from reportlab.platypus import Table

    t = Table([[[para(c, st["body"]) for c in paragraphs]]], colWidths=[width], splitInRow=1)
    t.setStyle([("BOX", (0, 0), (-1, -1), 0.6, colors.black),
                ("LINEBELOW", (0, "splitlast"), (-1, "splitlast"), 0.6, colors.black),
                ("LINEABOVE", (0, "splitfirst"), (-1, "splitfirst"), 0.6, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6), ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6)])
    return t


def sign_row(width: float, st, sign: tuple[str, str]):
    """“负责人签名：        （单位盖章）        年    月    日” as a borderless table.

    (Paragraphs collapse runs of spaces, so the blanks are made by column widths.)"""
    from reportlab.platypus import Table

    right = st["right_plain"]
    cells = [para(sign[0], st["opinion"]), para(sign[1], st["opinion"]),
             para("年", right), para("月", right), para("日", right)]
    date_w = min(width * 0.1, 45)
    t = Table([cells], colWidths=[width - 3 * date_w - width * 0.3, width * 0.3, date_w, date_w, date_w])
    t.setStyle(NO_PADDING)
    return t


def opinion_cell(box: Box, st, width: float, *, blank: float = 60) -> list:
    """An opinion box's content: the label, then the part's lines or blank room and the printed blanks,
    then the signature/seal/date line (paper is signed and sealed even when the text is printed)."""
    from reportlab.platypus import Spacer

    if box.blank:
        body = [Spacer(1, blank), *[para(x, st["opinion"]) for x in box.before]]
    else:
        body = [para(x, st["opinion"]) for x in box.lines] + [Spacer(1, 12)]
    return [para(box.label, st["opinion"]), *body, Spacer(1, 4), sign_row(width, st, box.sign)]


def opinion_style(top: float, pad: float) -> list:
    """Grid style of a table of opinion boxes: content from the top, ``pad`` points of room around it."""
    return grid_style([("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), top),
                       ("BOTTOMPADDING", (0, 0), (-1, -1), pad), ("LEFTPADDING", (0, 0), (-1, -1), pad),
                       ("RIGHTPADDING", (0, 0), (-1, -1), pad)])


class A4Document:
    """An A4 document (portrait or landscape, 15 mm margins) whose every page shows ``stamp`` at the top
    right and, unless ``number_first_page`` is false (a cover), “第 n 页” at the foot."""

    def __init__(self, *, title: str, author: str, stamp: str, landscape: bool = False,
                 number_first_page: bool = True):
        from reportlab.lib.pagesizes import A4
        from reportlab.lib.pagesizes import landscape as turn
        from reportlab.lib.units import mm
        from reportlab.platypus import SimpleDocTemplate

        self.font = cjk_font()
        self.stamp = stamp
        self.number_first_page = number_first_page
        self._buf = io.BytesIO()
        margin = 15 * mm
        self.doc = SimpleDocTemplate(self._buf, pagesize=turn(A4) if landscape else A4, leftMargin=margin,
                                     rightMargin=margin, topMargin=margin, bottomMargin=margin, title=title,
                                     author=author, creator="zhicheng")

    @property
    def width(self) -> float:
        return self.doc.width

    @property
    def height(self) -> float:
        return self.doc.height

    def _decorate(self, canvas, doc, *, number: bool) -> None:
        from reportlab.lib.units import mm

        page_w, page_h = doc.pagesize
        canvas.saveState()
        if self.stamp:
            canvas.setFont(self.font, 8)
            canvas.drawRightString(page_w - doc.rightMargin, page_h - 9 * mm, self.stamp)
        if number:
            canvas.setFont(self.font, 9)
            canvas.drawCentredString(page_w / 2, 8 * mm, f"第 {doc.page} 页")
        canvas.restoreState()

    def build(self, story: list) -> bytes:
        self.doc.build(story,
                       onFirstPage=lambda c, d: self._decorate(c, d, number=self.number_first_page),
                       onLaterPages=lambda c, d: self._decorate(c, d, number=True))
        return self._buf.getvalue()


def pdf_response(data: bytes, title: str) -> HttpResponse:
    """The PDF as a download named ``title``.pdf (UTF-8 filename, RFC 6266)."""
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(title + '.pdf')}"
    return response
