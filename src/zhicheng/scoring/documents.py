"""《申报晋升人员量化评分推荐排名表》 as XLSX and as an A4 landscape PDF for printing, signing and sealing."""

from __future__ import annotations

import io

from django.utils import timezone

from zhicheng.documents.xlsx import cell_text
from zhicheng.workdays.formats import cn_date

from . import rules

TITLE = "申报晋升人员量化评分推荐排名表"
SIGNATURES = ("推荐组织负责人（签字）：", "单位负责人（签字）：")


def _num(v):
    return "" if v is None else rules._fmt(v)


def header(sheet) -> list[str]:
    cols = ["排名", "姓名", "申报职称", "申报专业"]
    cols += [f"{c.name}（{rules._fmt(c.max_points)}分）" for c in sheet.categories]
    cols += ["总分", "并列"]
    if sheet.decision:
        cols += ["集体研究结果", "未按排名顺序推荐的理由"]
    return cols


def body(sheet) -> list[list]:
    out = []
    for r in sheet.rows:
        row = [r.rank, r.app.applicant.real_name, r.app.title.name, r.app.specialty]
        row += [_num(r.cells.get(c.code)) for c in sheet.categories]
        row += [_num(r.total), "并列" if r.tied else ""]
        if sheet.decision:
            entry = getattr(r, "entry", None)
            row += ["" if entry is None else ("推荐" if entry.recommended else "不推荐"),
                    "" if entry is None else entry.departure_reason]
        out.append(row)
    return out


def meta_line(sheet) -> str:
    return (f"单位：{sheet.campaign.unit.name}　　系列：{sheet.series.name}　　级别：{sheet.level_label}"
            f"　　日期：{cn_date(timezone.localdate())}")


def ranking_xlsx(sheet) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    cols = header(sheet)
    wb = Workbook()
    ws = wb.active
    ws.title = "推荐排名表"
    ws.append([TITLE])
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(cols))
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append([cell_text(meta_line(sheet))])
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(cols))
    ws.append(cols)
    for cell in ws[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
    for row in body(sheet):
        ws.append([v if isinstance(v, int) else cell_text(v) for v in row])
    ws.append([])
    ws.append([cell_text(SIGNATURES[0]), "", "", "", cell_text(SIGNATURES[1])])
    for i in range(1, len(cols) + 1):
        ws.column_dimensions[get_column_letter(i)].width = 10 if i > 4 else 14
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def ranking_pdf(sheet) -> bytes:
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer, Table

    from zhicheng.documents.pdf import NO_PADDING, A4Document, grey_header, para, styles

    st = styles(8)
    doc = A4Document(title=TITLE, author=sheet.campaign.unit.name, stamp=f"{sheet.campaign.name}", landscape=True)
    cols = header(sheet)
    fixed = [11 * mm, 16 * mm, 20 * mm, 20 * mm]
    tail = [13 * mm, 10 * mm] + ([15 * mm, 30 * mm] if sheet.decision else [])
    rest = doc.width - sum(fixed) - sum(tail)
    widths = fixed + [rest / max(len(sheet.categories), 1)] * len(sheet.categories) + tail
    data = [[para(h, st["label"]) for h in cols]]
    data += [[para(v, st["center"]) for v in row] for row in body(sheet)] or [[para("暂无已完成量化赋分的人员", st["center"])]
                                                                            + [""] * (len(cols) - 1)]
    table = Table(data, colWidths=widths, repeatRows=1)
    grey_header(table)
    if not sheet.rows:
        table.setStyle([("SPAN", (0, 1), (-1, 1))])
    signs = Table([[para(SIGNATURES[0], st["opinion"]), para(SIGNATURES[1], st["opinion"]),
                    para("（单位盖章）", st["opinion"]), para("年　　月　　日", st["opinion"])]],
                  colWidths=[doc.width * 0.3, doc.width * 0.3, doc.width * 0.2, doc.width * 0.2])
    signs.setStyle(NO_PADDING)
    story = [para(TITLE, st["title"]), para(meta_line(sheet), st["cell"]), Spacer(1, 4 * mm), table]
    if sheet.quota is not None:
        story += [Spacer(1, 2 * mm), para(f"推荐名额：{sheet.quota.count}名", st["cell"])]
    if sheet.decision:
        d = sheet.decision
        story += [para(f"集体研究确定：{cn_date(d.meeting_date)}，出席领导："
                       f"{'、'.join(u.real_name for u in d.leaders_present.all())}。{d.decision}", st["cell"])]
    story += [Spacer(1, 12 * mm), signs]
    return doc.build(story)
