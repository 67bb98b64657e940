"""The shared primitives of `zhicheng.documents`: A4 pages with a stamp, PDF downloads, XLSX cells."""

import io

from openpyxl import load_workbook

from zhicheng.documents import pdf, xlsx

from .pdfs import page_texts


def test_a4_document_stamps_every_page_and_numbers_from_the_second():
    st = pdf.styles()
    out = pdf.A4Document(title="测试", author="测试", stamp="第3版 · 校验码 0123456789ab", number_first_page=False)
    story = [pdf.para(f"第{i}段内容。" * 40, st["body"]) for i in range(60)]
    pages = page_texts(out.build(story))
    assert len(pages) >= 3
    assert all("第3版·校验码0123456789ab" in page for page in pages)
    assert "第1页" not in pages[0]
    assert [f"第{i}页" in page for i, page in enumerate(pages, 1)][1:] == [True] * (len(pages) - 1)


def test_pdf_response_is_a_download_with_a_chinese_name():
    r = pdf.pdf_response(b"%PDF-1.4", "专业技术职务任职资格评审表")
    assert r["Content-Type"] == "application/pdf"
    assert r["Content-Disposition"] == ("attachment; filename*=UTF-8''%E4%B8%93%E4%B8%9A%E6%8A%80%E6%9C%AF%E8%81%8C"
                                        "%E5%8A%A1%E4%BB%BB%E8%81%8C%E8%B5%84%E6%A0%BC%E8%AF%84%E5%AE%A1%E8%A1%A8.pdf")


def test_xlsx_text_never_becomes_a_formula():
    assert xlsx.cell_text("=1+1") == "'=1+1"
    assert xlsx.cell_text("@SUM(A1)") == "'@SUM(A1)"
    assert xlsx.cell_text("-2") == "'-2"
    assert xlsx.cell_text("张\x07三") == "张三"
    assert xlsx.cell_text(None) == ""
    data = xlsx.workbook("名单", ["序号", "姓名", "备注"], [[1, "张三", "=HYPERLINK(\"x\")"], [2, "李四", None]],
                         [6, 10, 20])
    ws = load_workbook(io.BytesIO(data))["名单"]
    assert list(ws.iter_rows(values_only=True)) == [("序号", "姓名", "备注"), (1, "张三", "'=HYPERLINK(\"x\")"),
                                                     (2, "李四", None)]
    assert ws.freeze_panes == "A2" and ws["A1"].font.bold
