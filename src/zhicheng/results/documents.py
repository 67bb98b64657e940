"""The certificate as an A4 PDF (seed §五): the holder's data with the ID number masked, and a QR code of
the verification page (/zhengshu/v/<code>/) drawn by reportlab itself (no other dependency)."""

from __future__ import annotations

from zhicheng.documents.pdf import A4Document, grid_style, para, styles
from zhicheng.orgs.validators import mask_id_number
from zhicheng.workdays.formats import cn_date

from .models import Certificate

QR_SIZE = 120  # points (about 42 mm)


def qr_drawing(url: str, size: float = QR_SIZE):
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing

    widget = QrCodeWidget(url, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    return drawing


def certificate_rows(cert: Certificate) -> list[tuple[str, str]]:
    return [("证书编号", cert.number), ("姓名", cert.holder_name), ("身份证号", mask_id_number(cert.id_number)),
            ("工作单位", cert.unit_name), ("系列", cert.series), ("专业", cert.specialty),
            ("职称名称", cert.title.name), ("级别", cert.get_level_display()), ("取得方式", cert.obtained_by),
            ("评审委员会", cert.committee_name), ("审批（备案）机关", cert.authority), ("文号", cert.document_number),
            ("取得资格时间", cn_date(cert.obtained_on)), ("发证日期", cn_date(cert.issued_on)),
            ("验证码", cert.verification_code)]


def certificate_pdf(cert: Certificate, verify_url: str) -> bytes:
    """One A4 page; `verify_url` is the absolute address of the verification page the QR code carries."""
    from reportlab.platypus import Spacer, Table

    st = styles(11)
    doc = A4Document(title=f"职称证书-{cert.holder_name}", author=cert.authority, stamp=f"证书编号 {cert.number}",
                     number_first_page=False)
    w = doc.width
    rows = [[para(label, st["label"]), para(value, st["cell"])] for label, value in certificate_rows(cert)]
    table = Table(rows, colWidths=[w * 0.28, w * 0.72])
    table.setStyle(grid_style())
    story = [para("专业技术职务任职资格证书", st["title"]), Spacer(1, 8), table, Spacer(1, 14)]
    if cert.status == Certificate.Status.REVOKED:
        story.append(para(f"本证书已于{cn_date(cert.revoked_on)}撤销。", st["h2"]))
    qr = Table([[qr_drawing(verify_url),
                 [para("扫描二维码或登录本系统“证书查询”，输入证书编号和姓名核验本证书。", st["cell"]),
                  para(verify_url, st["cell"])]]], colWidths=[QR_SIZE + 12, w - QR_SIZE - 12])
    qr.setStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE")])
    story.append(qr)
    return doc.build(story)
