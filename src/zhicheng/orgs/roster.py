"""The XLSX roster of people to make accounts for: the template to download, and reading a filled one.

A roster is checked by its content (a ZIP holding an Excel workbook, not its name), its size, its unpacked
size (a small ZIP can unpack to gigabytes) and its number of rows (the `roster_max_rows` parameter)
before openpyxl reads it, read-only, values only.
"""

from __future__ import annotations

import io
import zipfile

from zhicheng.codes.models import get_param
from zhicheng.documents.xlsx import workbook
from zhicheng.errors import Refusal

HEADERS = ("姓名", "身份证号", "手机号码")
FIELDS = ("real_name", "id_number", "phone")
MAX_UNPACKED = 50 * 1024 * 1024  # a roster of a few thousand people unpacks to well under 1 MB
NOT_XLSX = "文件不是Excel工作簿（.xlsx），请使用下载的模板填写后上传。"


def template() -> bytes:
    """The roster template: the header row and one example row to overwrite (the check digit is right)."""
    from openpyxl import load_workbook

    data = workbook("人员名册", HEADERS, [("张三（示例，请删除本行）", "11010519491231002X", "13800000000")],
                    [24, 24, 16])
    wb = load_workbook(io.BytesIO(data))
    for column in "BC":  # text columns: Excel would turn an 18-digit ID number into 1.10105E+17
        wb.active.column_dimensions[column].number_format = "@"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _param(key: str, default: int) -> int:
    try:
        return get_param(key)
    except KeyError:  # the parameter row was deleted: the built-in value
        return default


def read_roster(uploaded, *, max_rows: int | None = None) -> list[tuple[int, dict]]:
    """The roster's rows as (row number in Excel, {real_name, id_number, phone}); blank rows skipped,
    the template's example row skipped. Refused (422) when the file is not a workbook of the template."""
    max_rows = max_rows or _param("roster_max_rows", 1000)
    size = getattr(uploaded, "size", None)
    limit = _param("upload_max_bytes", 10 * 1024 * 1024)
    if size is not None and size > limit:
        raise Refusal(f"名册文件过大（上限{limit // (1024 * 1024)}MB）。")
    data = uploaded.read(limit + 1)
    if len(data) > limit:
        raise Refusal(f"名册文件过大（上限{limit // (1024 * 1024)}MB）。")
    if not data.startswith(b"PK\x03\x04"):
        raise Refusal(NOT_XLSX)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
            if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
                raise Refusal(NOT_XLSX)
            if sum(i.file_size for i in z.infolist()) > MAX_UNPACKED:
                raise Refusal("名册文件解压后过大，请只保留模板中的人员数据。")
    except zipfile.BadZipFile:
        raise Refusal(NOT_XLSX) from None
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a damaged workbook; all mean the same to the user
        raise Refusal("名册文件已损坏，无法读取，请使用下载的模板重新填写。") from None
    try:
        return _rows(wb.worksheets[0], max_rows)
    finally:
        wb.close()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone typed as a number
    return str(value).strip().lstrip("'")


def _rows(ws, max_rows: int) -> list[tuple[int, dict]]:
    rows: list[tuple[int, dict]] = []
    for number, values in enumerate(ws.iter_rows(values_only=True, max_col=len(HEADERS)), 1):
        texts = [_text(v) for v in values] + [""] * (len(HEADERS) - len(values))
        if number == 1:
            if tuple(texts[: len(HEADERS)]) != HEADERS:
                raise Refusal(f"名册第1行应为表头：{'、'.join(HEADERS)}。请使用下载的模板。")
            continue
        if not any(texts) or "示例" in texts[0]:
            continue
        if len(rows) >= max_rows:
            raise Refusal(f"名册最多{max_rows}人，请分批导入。")
        rows.append((number, dict(zip(FIELDS, texts, strict=False))))
    return rows
