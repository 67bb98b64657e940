"""Later stages contribute their boxes to the official forms through `zhicheng.documents.registry`."""

import ast
import pathlib

import pytest
from django.template.loader import render_to_string

import zhicheng.documents
from zhicheng.documents import registry
from zhicheng.documents.registry import OFFICE_OPINION, REVIEW_FORM, ROSTER, UNIT_OPINION, Part
from zhicheng.dossier import documents as render

from .pdfs import flat, text


@pytest.fixture(autouse=True)
def _empty_registry(monkeypatch):
    """Each test registers its own parts; whatever the installed apps registered is put back afterwards."""
    monkeypatch.setattr(registry, "_parts", {form: {} for form in registry.FORMS})


def _keys(boxes):
    return [b.key for b in boxes]


def test_with_nothing_registered_the_forms_keep_their_blank_boxes(app):
    ctx = render.document_context(app)
    review = ctx["review_form_boxes"]
    assert _keys(review) == ["unit_opinion", "office_opinion", "committee_opinion"]
    assert [b.heading for b in review] == ["十二、单位意见（推荐意见）", "十三、主管部门呈报意见", "十四、评委会评审意见"]
    assert all(b.blank for b in review)
    assert review[2].before == (render.COMMITTEE_VOTE_LINE,)
    assert _keys(ctx["roster_boxes"]) == ["unit_opinion", "office_opinion"]
    html = render_to_string("documents/review_form.html", ctx)
    assert "评委会总人数\u3000\u3000人，出席\u3000\u3000人" in html  # the printed blanks, as on paper
    assert "十四、评委会评审意见" in html and "主任委员签名" in html


def test_a_registered_part_fills_its_box_on_pdf_and_html(app):
    seen = []

    def unit_opinion(application):
        seen.append(application.pk)
        return Part(("经单位评议，同意推荐。", "推荐排名：第1名"))

    registry.register_part(REVIEW_FORM, UNIT_OPINION, 10, unit_opinion)
    registry.register_part(ROSTER, UNIT_OPINION, 10, unit_opinion)
    ctx = render.document_context(app)
    assert seen == [app.pk, app.pk]
    unit, office, committee = ctx["review_form_boxes"]
    assert unit.lines == ("经单位评议，同意推荐。", "推荐排名：第1名") and not unit.blank
    assert unit.label == "单位推荐意见：" and unit.sign == registry.UNIT_SIGN  # signed and sealed all the same
    assert office.blank and committee.blank
    for make in (render.review_form_pdf, render.roster_pdf):
        assert "经单位评议，同意推荐。推荐排名：第1名" in flat(text(make(app)))
    for template in ("documents/review_form.html", "documents/roster.html"):
        assert "经单位评议，同意推荐。" in render_to_string(template, ctx)


def test_a_part_returning_none_leaves_its_box_blank(app):
    registry.register_part(REVIEW_FORM, OFFICE_OPINION, 20, lambda application: None)
    unit, office, _ = render.document_context(app)["review_form_boxes"]
    assert office.blank and office.label == "主管部门呈报意见：" and office.heading == "十三、主管部门呈报意见"
    content = flat(text(render.review_form_pdf(app)))
    assert "十三、主管部门呈报意见主管部门呈报意见：负责人签名：" in content


def test_parts_are_printed_in_their_order(app):
    registry.register_part(REVIEW_FORM, "notice_result", 15, lambda a: Part(("公示期内无异议。",), title="公示情况："))
    registry.register_part(REVIEW_FORM, UNIT_OPINION, 40, lambda a: Part(("同意推荐。",)))
    boxes = render.document_context(app)["review_form_boxes"]
    assert _keys(boxes) == ["notice_result", "office_opinion", "committee_opinion", "unit_opinion"]
    assert [b.heading for b in boxes] == ["十二、公示情况", "十三、主管部门呈报意见", "十四、评委会评审意见",
                                          "十五、单位意见（推荐意见）"]
    content = flat(text(render.review_form_pdf(app)))
    positions = [content.index(h) for h in ("十二、公示情况", "十三、主管部门呈报意见", "十四、评委会评审意见",
                                            "十五、单位意见（推荐意见）")]
    assert positions == sorted(positions)
    assert content.index("公示期内无异议。") < positions[1]


def test_a_box_is_owned_by_one_stage():
    def mine(application):
        return None

    registry.register_part(ROSTER, UNIT_OPINION, 10, mine)
    registry.register_part(ROSTER, UNIT_OPINION, 10, mine)  # ready() run twice is harmless
    with pytest.raises(ValueError, match="已由其他环节登记"):
        registry.register_part(ROSTER, UNIT_OPINION, 10, lambda application: None)
    with pytest.raises(ValueError, match="未知的文书"):
        registry.register_part("ballot", UNIT_OPINION, 10, mine)
    registry.unregister_part(ROSTER, UNIT_OPINION)
    registry.register_part(ROSTER, UNIT_OPINION, 10, lambda application: None)


def test_cn_number():
    assert [render.cn_number(n) for n in (1, 10, 11, 12, 14, 20, 21, 99)] == [
        "一", "十", "十一", "十二", "十四", "二十", "二十一", "九十九"]


SHARED = ("zhicheng.documents", "zhicheng.orgs", "zhicheng.codes", "zhicheng.workdays", "zhicheng.audit",
          "zhicheng.files", "zhicheng.errors", "zhicheng.http")


def test_documents_is_shared_and_imports_no_stage_app():
    root = pathlib.Path(zhicheng.documents.__file__).parent
    imported = set()
    for path in root.rglob("*.py"):
        package = ["zhicheng", "documents", *path.relative_to(root).parent.parts]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = package[: len(package) - node.level + 1] if node.level else []
                imported.add(".".join([*base, node.module or ""]).rstrip("."))
            elif isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
    ours = {name for name in imported if name.startswith("zhicheng")}
    assert "zhicheng.documents.fonts" in ours  # (the walk sees relative imports too)
    assert [name for name in ours if not name.startswith(SHARED)] == []
