"""单位意见: once the notice has ended with no objection (NOTICE_PASSED) the opinion of the 评审表 and of the
一览表 is filled from the real notice dates and the responsible person; the unit may edit the wording until it
signs, then it is frozen."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from zhicheng.audit.services import record
from zhicheng.orgs.models import RoleAssignment
from zhicheng.orgs.roles import Role
from zhicheng.publicity.models import NoticeEntry
from zhicheng.workdays.formats import cn_date
from zhicheng.workflow.states import State

from .. import permissions as perms
from ..models import UnitOpinion
from .common import SubmissionError, _deny

# The wording of §二(八); the unit may edit it before signing.
REVIEW_OPINION = ("我单位已于{start}—{end}对该同志申报材料评审信息等进行公示。经公示，材料真实有效，"
                  "符合申报条件，群众无异议，同意推荐。")
ROSTER_OPINION = "{name}同志所有申报材料真实、有效，符合任职条件，准予申报"


# --------------------------------------------------------------------------- facts read from other apps

def latest_closed_entry(application) -> NoticeEntry | None:
    """The application's entry in the latest notice it passed (passed_at set by the publicity app's close_notice).

    Read from the publicity models directly: the one place this app depends on how notices are kept."""
    return (NoticeEntry.objects.filter(application=application, passed_at__isnull=False)
            .select_related("notice").order_by("-notice__ends_on", "-passed_at", "-notice_id").first())


def default_responsible(unit_id: int) -> str:
    """The unit leader's name (the first leader recorded), or blank for the unit to fill in."""
    a = (RoleAssignment.objects.filter(organization_id=unit_id, role=Role.UNIT_LEADER)
         .select_related("user").order_by("id").first())
    return a.user.real_name if a else ""


def opinion_texts(name: str, notice) -> tuple[str, str]:
    return (REVIEW_OPINION.format(start=cn_date(notice.starts_on), end=cn_date(notice.ends_on)),
            ROSTER_OPINION.format(name=name))


def current_opinion(application, entry: NoticeEntry | None = None) -> UnitOpinion | None:
    """The opinion for the latest closed notice: the saved one, or — not saved yet — the filled-in default
    (unsaved). None before any notice has closed."""
    entry = entry or latest_closed_entry(application)
    if entry is None:
        return None
    saved = UnitOpinion.objects.filter(application=application, notice_id=entry.notice_id).first()
    if saved is not None:
        return saved
    review, roster = opinion_texts(application.applicant.real_name, entry.notice)
    return UnitOpinion(application=application, notice=entry.notice, review_text=review, roster_text=roster,
                       responsible_person=default_responsible(application.unit_id),
                       opinion_date=timezone.localdate())


# --------------------------------------------------------------------------- opinion

def _opinion_application(actor, application) -> None:
    _deny(perms.can_write_opinion(actor, application))
    if application.state != State.NOTICE_PASSED:
        raise SubmissionError(f"当前状态为“{application.get_state_display()}”，公示期满无异议后才能填写单位意见。")


@transaction.atomic
def save_opinion(actor, application, *, review_text: str, roster_text: str, responsible_person: str,
                 opinion_date: datetime.date, ip: str | None = None) -> UnitOpinion:
    """The unit edits the wording (before signing)."""
    _opinion_application(actor, application)
    opinion = current_opinion(application)
    if opinion is None:
        raise SubmissionError("没有已结束的公示记录，不能填写单位意见。")
    if opinion.signed:
        raise SubmissionError("单位意见已签署，不能再修改。")
    opinion.review_text, opinion.roster_text = review_text.strip(), roster_text.strip()
    opinion.responsible_person, opinion.opinion_date = responsible_person.strip(), opinion_date
    opinion.updated_by = actor
    opinion.save()
    record("unit_opinion_saved", actor=actor, obj=application, ip=ip,
           details={"notice": opinion.notice_id, "responsible_person": opinion.responsible_person})
    return opinion


@transaction.atomic
def sign_opinion(actor, application, *, ip: str | None = None) -> UnitOpinion:
    """签署: the opinion as it stands is frozen (the paper copy is signed and sealed)."""
    _opinion_application(actor, application)
    opinion = current_opinion(application)
    if opinion is None:
        raise SubmissionError("没有已结束的公示记录，不能签署单位意见。")
    if opinion.signed:
        raise SubmissionError("单位意见已签署。")
    if not opinion.responsible_person:
        raise SubmissionError("请先填写负责人姓名。", {"responsible_person": ["请填写负责人姓名。"]})
    if opinion.pk is None:
        opinion.updated_by = actor
    opinion.signed_by, opinion.signed_at, opinion.signed_ip = actor, timezone.now(), ip
    opinion.save()
    record("unit_opinion_signed", actor=actor, obj=application, ip=ip, details={"notice": opinion.notice_id})
    return opinion
