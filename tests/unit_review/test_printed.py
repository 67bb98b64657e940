"""“已核，与原件一致” with the checker's name and date on the printed 评审表 and 一览表, once every item is verified."""

import datetime

import time_machine
from django.template.loader import render_to_string
from django.utils import timezone

from zhicheng.dossier import documents as render
from zhicheng.dossier import stored_documents
from zhicheng.unit_review import services
from zhicheng.workdays.formats import cn_date

from ..documents.pdfs import flat, text


def test_the_verified_line_is_printed_with_checker_and_date(dossier, world):
    _v, items, _m = services.checklist(dossier)
    marks = [{"section": i.section, "item_id": i.item_id, "status": "verified"} for i in items]
    services.set_marks(world.hr, dossier, marks[:-1])
    assert "已核" not in flat(text(render.review_form_pdf(dossier)))  # one item unchecked: nothing printed
    later = timezone.localtime() + datetime.timedelta(days=3)  # the last item checked on a later day
    with time_machine.travel(later):
        services.set_marks(world.hr, dossier, marks[-1:])
    line = f"材料核实：已核，与原件一致。核实人：刘人事核实日期：{cn_date(later.date())}"
    for make in (render.review_form_pdf, render.roster_pdf):
        assert line in flat(text(make(dossier))), make.__name__
    ctx = render.document_context(dossier)
    for template in ("documents/review_form.html", "documents/roster.html"):
        assert "已核，与原件一致。核实人：刘人事" in render_to_string(template, ctx)
    # the opinion boxes keep their numbers: the line is not a box
    assert [b.heading for b in ctx["review_form_boxes"]][0].startswith("十二、")


def _read(result) -> bytes:
    return result if isinstance(result, bytes) else result.read()


def test_the_stored_pdf_is_rebuilt_when_the_verification_is_complete(dossier, world):
    from zhicheng.dossier.models import VersionDocument

    assert "已核" not in flat(text(_read(stored_documents.stored_pdf(dossier, "review_form"))))
    before = VersionDocument.objects.get(version__application=dossier, doc="review_form").basis
    _v, items, _m = services.checklist(dossier)
    services.set_marks(world.hr, dossier, [{"section": i.section, "item_id": i.item_id, "status": "verified"}
                                           for i in items])
    assert "已核，与原件一致" in flat(text(_read(stored_documents.stored_pdf(dossier, "review_form"))))
    assert VersionDocument.objects.get(version__application=dossier, doc="review_form").basis != before
