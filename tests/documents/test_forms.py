"""The two official documents (seed §一): 情况一览表 and 评审表, as PDF and printable HTML."""

import datetime
import re

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from zhicheng.codes.models import Series
from zhicheng.dossier import documents as render
from zhicheng.dossier import models as m

from .pdfs import add_publications, embedded_font_files, flat, reader, text

ROSTER_TITLE = "申报评审工程技术系列高级工程师专业技术职务任职资格情况一览表"
A4 = {(595, 842), (842, 595)}


def test_titles(app):
    assert render.roster_title(app) == ROSTER_TITLE
    assert render.review_form_title(app) == "专业技术职务任职资格评审表"
    series = app.series
    series.name = "工程技术系列"
    series.save()
    app.refresh_from_db()
    assert render.roster_title(app) == ROSTER_TITLE  # no “系列系列”


def test_series_in_world_is_engineering(app):
    assert Series.objects.get(pk=app.series_id).name == "工程技术"
    assert app.title.code == "082" and app.title.name == "高级工程师"


def test_context_content(app):
    ctx = render.document_context(app)
    assert ctx["name"] == "张建国"
    assert ctx["gender"] == "男"
    assert ctx["birth"] == "1985年3月"
    assert ctx["unit_name"] == "河北电力设计院"
    assert ctx["current_title"]["text"] == "工程师（2015年12月）"
    assert ctx["highest_education"].startswith("大学本科毕业/河北工业大学/电气工程及其自动化/2008年7月")
    assert len(ctx["recent_assessments"]) == 5
    assert ctx["training_hours"] == 90
    assert ctx["id_number"] == app.applicant.id_number  # the paper dossier carries it in full
    assert "1.《220kV变电站防雷接地优化设计》" in ctx["summary"]["publications"]
    assert ctx["fill_date"].endswith("日") and "年" in ctx["fill_date"]


def test_fill_date_is_submission_date(app):
    import zoneinfo

    m.Application.objects.filter(pk=app.pk).update(
        submitted_at=datetime.datetime(2026, 11, 26, 9, 30, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai")))
    assert render.document_context(app)["fill_date"] == "2026年11月26日"
    assert "2026年11月26日" in flat(text(render.review_form_pdf(app)))


def test_roster_pdf(app):
    data = render.roster_pdf(app)
    pdf = reader(data)
    assert len(pdf.pages) == 1
    box = pdf.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)  # A4 landscape
    content = flat(text(data))
    assert ROSTER_TITLE in content
    assert "张建国" in content
    assert "高级工程师" in content
    assert "单位意见" in content and "呈报意见" in content
    assert "220kV变电站防雷接地优化设计" in content
    assert embedded_font_files(pdf), "CJK font must be embedded (FontFile2)"


def test_review_form_pdf(app):
    data = render.review_form_pdf(app)
    pdf = reader(data)
    assert len(pdf.pages) >= 2
    for page in pdf.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) in A4
    assert round(float(pdf.pages[0].mediabox.width)) == 595  # portrait
    content = flat(text(data))
    assert "专业技术职务任职资格评审表" in content
    assert "张建国" in content and "高级工程师" in content and "工程技术系列" in content
    for heading in ("基本情况", "学历学位", "工作经历", "任现职以来主要业绩", "论文著作", "年度考核", "继续教育",
                    "单位意见", "主管部门呈报意见", "评委会评审意见"):
        assert heading in content
    assert "1001-9898" in content
    assert "第2页" in content
    assert embedded_font_files(pdf)


def test_long_content_wraps_and_roster_stays_one_page(app):
    add_publications(app, 30)
    m.Achievement.objects.filter(application=app).update(content="主持完成多项重大工程设计任务。" * 330 + "\n第二段。")
    roster = reader(render.roster_pdf(app))
    assert len(roster.pages) == 1
    review = render.review_form_pdf(app)
    content = flat(text(review))
    assert "特高压输电线路故障诊断方法研究之29" in content
    assert len(reader(review).pages) >= 4


def test_markup_in_user_text_is_escaped(app):
    m.Achievement.objects.filter(application=app).update(content="<b>加粗</b> & <font size=40>x</font>")
    assert "<b>加粗</b>" in text(render.review_form_pdf(app))


def test_context_query_count_is_constant(app, django_assert_max_num_queries):
    with CaptureQueriesContext(connection) as before:
        render.document_context(app)
    add_publications(app, 30, start=100)
    with django_assert_max_num_queries(15):
        ctx = render.document_context(app)
    with CaptureQueriesContext(connection) as after:
        render.document_context(app)
    assert len(ctx["publications"]) == 31
    assert len(after) == len(before)


def test_missing_font_raises_chinese_error(app, settings, monkeypatch):
    from reportlab.pdfbase import pdfmetrics

    monkeypatch.setattr(pdfmetrics, "getRegisteredFontNames", lambda: [])
    settings.CJK_FONT_PATH = "/nonexistent/wqy-microhei.ttc"
    with pytest.raises(RuntimeError, match="fonts-wqy-microhei"):
        render.roster_pdf(app)


@pytest.mark.parametrize("template,title", [("documents/roster.html", ROSTER_TITLE),
                                            ("documents/review_form.html", "专业技术职务任职资格评审表")])
def test_html_templates(app, template, title):
    ctx = render.document_context(app)
    html = render_to_string(template, {**ctx, "application": ctx["application"]})
    assert title in html
    assert "张建国" in html
    assert app.applicant.id_number in html  # in full on the official forms
    assert app.applicant.phone not in html
    # the only script is the static one of the 打印 button (CSP forbids inline script)
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/web/ui.js" defer>']
    assert "@page" in html and "@media print" in html
    if template.endswith("review_form.html"):
        assert "工程技术系列" in html and "高级工程师" in html


def test_html_escapes_user_text(app):
    m.Achievement.objects.filter(application=app).update(content="<script>alert(1)</script>")
    ctx = render.document_context(app)
    for template in ("documents/roster.html", "documents/review_form.html"):
        html = render_to_string(template, ctx)
        assert "<script>" not in html
