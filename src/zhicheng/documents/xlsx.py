"""XLSX exports: one sheet, a bold header row, text cells that never become formulas."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell_text(value) -> str:
    """Text typed by users never becomes a formula in Excel (CSV/formula injection, OWASP): a leading
    formula character is quoted; characters XLSX cannot hold are dropped."""
    value = ILLEGAL_CHARACTERS_RE.sub("", str(value if value is not None else ""))
    return "'" + value if value[:1] in FORMULA_STARTS else value


def workbook(sheet: str, headers: Sequence[str], rows: Iterable[Sequence], widths: Sequence[float]) -> bytes:
    """One sheet named ``sheet``: the header row (bold, centred, frozen), then ``rows``. Numbers stay
    numbers; everything else is written through `cell_text`."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(list(headers))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    for row in rows:
        ws.append([v if isinstance(v, int | float) and not isinstance(v, bool) else cell_text(v) for v in row])
    for i, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
