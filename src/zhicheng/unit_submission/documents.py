"""What §二(八) prints: the unit opinion in the boxes of the 评审表 and 一览表 (registered with
documents.registry), and the 《职称申报评审真实性承诺书》 (A4 PDF; its wording is the template
``unit_submission/pledge_text.txt``, one paragraph a line)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from zhicheng.codes.models import get_param
from zhicheng.documents import pdf
from zhicheng.documents.registry import Part
from zhicheng.dossier.documents import series_label, version_stamp
from zhicheng.workdays.formats import cn_date
from zhicheng.workflow.states import UPWARD_STATES, State

from . import services
from .models import SubmissionEntry, UnitOpinion, UnitSubmission

PLEDGE_TITLE = "职称申报评审真实性承诺书"
PRINTED_STATES = frozenset({State.NOTICE_PASSED}) | UPWARD_STATES


def _opinion(application):
    """The opinion to print, looked up once per application object (both forms draw from one context)."""
    cached = getattr(application, "_zc_unit_opinion", False)
    if cached is not False:
        return cached
    found = None
    if application.state in PRINTED_STATES:
        entry = services.latest_closed_entry(application)
        saved = (UnitOpinion.objects.filter(application=application, notice_id=entry.notice_id).first()
                 if entry else None)
        if saved is not None:
            found = saved
        elif application.state in UPWARD_STATES:
            found = _paper_opinion(application)
        elif entry is not None:  # NOTICE_PASSED: the filled-in wording, for the unit to print and sign
            found = services.current_opinion(application, entry)
    application._zc_unit_opinion = found
    return found


def _paper_opinion(application):
    """A paper-path submission: its recorded opinion text (the signed scan is the original)."""
    entry = (SubmissionEntry.objects.filter(application=application, submission__kind=UnitSubmission.Kind.PAPER)
             .select_related("submission").order_by("-submission__submitted_at").first())
    if entry is None or not entry.submission.opinion_text:
        return None
    s = entry.submission
    return {"text": s.opinion_text, "date": timezone.localtime(s.submitted_at).date()}


def _sign_line(opinion) -> str:
    return f"负责人：{opinion.responsible_person}　　{cn_date(opinion.opinion_date)}"


def review_form_part(application) -> Part | None:
    opinion = _opinion(application)
    if opinion is None:
        return None
    if isinstance(opinion, dict):
        return Part((opinion["text"], f"（线下审核推荐，登记于{cn_date(opinion['date'])}）"))
    return Part((opinion.review_text, _sign_line(opinion)))


def roster_part(application) -> Part | None:
    opinion = _opinion(application)
    if opinion is None:
        return None
    if isinstance(opinion, dict):
        return Part((opinion["text"],))
    return Part((opinion.roster_text, _sign_line(opinion)))


# --------------------------------------------------------------------------- pledge

def pledge_context(application) -> dict:
    app = application
    return {"name": app.applicant.real_name, "unit": app.unit.name, "series": series_label(app.series.name),
            "title": app.title.name, "level": app.get_level_display(), "specialty": app.specialty,
            "ban_years": get_param("ban_years")}


def pledge_paragraphs(application) -> list[str]:
    text = render_to_string("unit_submission/pledge_text.txt", pledge_context(application))
    return [line.strip() for line in text.splitlines() if line.strip()]


def pledge_pdf(application, pledge=None) -> bytes:
    """A4: title, the paragraphs, then the signature lines of the applicant and of the unit leader (with
    the seal); the confirmations made in the system are noted under them."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer, Table

    out = pdf.A4Document(title=f"{PLEDGE_TITLE}（{application.applicant.real_name}）",
                         author=application.applicant.real_name, stamp=version_stamp(application))
    st = pdf.styles(10.5)
    story = [Spacer(1, 10 * mm), pdf.para(PLEDGE_TITLE, st["title"]), Spacer(1, 6 * mm)]
    story += [pdf.para(p, st["body"]) for p in pledge_paragraphs(application)]
    story.append(Spacer(1, 18 * mm))
    width = out.width
    rows = [[pdf.para("申报人（签名）：", st["opinion"]), pdf.para("", st["opinion"]),
             pdf.para("年　　月　　日", st["right_plain"])],
            [pdf.para(_confirmed(pledge, "applicant"), st["opinion"]), "", ""],
            [pdf.para("单位负责人（签名）：", st["opinion"]), pdf.para("（单位盖章）", st["opinion"]),
             pdf.para("年　　月　　日", st["right_plain"])],
            [pdf.para(_confirmed(pledge, "leader"), st["opinion"]), "", ""]]
    t = Table(rows, colWidths=[width * 0.45, width * 0.25, width * 0.3], rowHeights=[16 * mm, 10 * mm, 16 * mm, 10 * mm])
    t.setStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("SPAN", (0, 1), (-1, 1)), ("SPAN", (0, 3), (-1, 3))])
    story.append(t)
    return out.build(story)


def _confirmed(pledge, who: str) -> str:
    if pledge is None:
        return ""
    at = getattr(pledge, f"{who}_confirmed_at")
    if at is None:
        return ""
    when = timezone.localtime(at).strftime("%Y-%m-%d %H:%M")
    if who == "leader":
        return f"（单位领导{pledge.leader.real_name}已于{when}在系统中确认）"
    return f"（申报人已于{when}在系统中确认）"
