"""§三(二) 网上申报 and the 网上审核 of §三(三): services, guards and actions.

The online application is the same dossier the applicant filled in §一 (same sections, pages, autosave,
uploads): after 预审通过 it is editable again (dossier.permissions.can_edit_section), "prefilled" because it
is the material the unit published. What differs from the version published in the unit's notice is shown
side by side (公示时 / 现在) to the applicant before submitting and to the office's reviewer after
(上传材料与纸质填报材料内容完全一致). Submitting (online_submit) keeps a new version and locks the dossier;
the office passes it (online_pass) or returns it with every reason at once and the sections to reopen
(online_return), within `online_correction_working_days` working days.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django import forms
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from zhicheng.codes.models import get_param
from zhicheng.dossier import models as dm
from zhicheng.dossier import sections as sec
from zhicheng.dossier import services as dossier
from zhicheng.dossier.returns import ReturnSectionsForm
from zhicheng.messaging.services import notify
from zhicheng.workdays.formats import cn_date
from zhicheng.workflow import actions, guards
from zhicheng.workflow.services import TransitionError, transition
from zhicheng.workflow.states import State

from .models import OnlineSubmission

FILE_FIELDS = frozenset({"文件", "SHA-256", "字数"})
FILE_SECTIONS = frozenset({sec.BY_KEY["summary"].label, sec.BY_KEY["attachments"].label})


@dataclass
class Comparison:
    """The live dossier against the version published in the unit's notice. `published` None: no notice
    published an online version of this application (纸质途径), nothing to compare."""

    published: dm.ApplicationVersion | None
    fingerprint: str = ""
    rows: list[dict] = field(default_factory=list)
    live: dict | None = None

    @property
    def paper(self) -> bool:
        return self.published is None


def published_entry(application):
    """The notice entry of the application's last closed notice (what was published), or None."""
    from zhicheng.publicity.models import NoticeEntry

    return (NoticeEntry.objects.filter(application=application, notice__closed_at__isnull=False)
            .order_by("-notice__closed_at", "-id").only("version_number", "fingerprint").first())


def flagged(rows: list[dict]) -> list[dict]:
    """dossier.services.diff rows, each marked as a file change (`file`) or a field change."""
    return [{**r, "file": r["section"] in FILE_SECTIONS or r["field"] in FILE_FIELDS} for r in rows]


def compare(application, facts: dossier.Facts | None = None) -> Comparison:
    """Every field and file of the live dossier that differs from the published version (a fixed number of
    queries whatever the number of items: one per section at most)."""
    entry = published_entry(application)
    version = (application.versions.filter(number=entry.version_number).first() if entry is not None else None)
    if version is None:
        return Comparison(None)
    facts = facts or dossier.dossier_facts(application)
    live = dossier.snapshot(application, facts.counts)
    return Comparison(version, entry.fingerprint, flagged(dossier.diff(version.snapshot, live)), live)


def last_submission(application) -> OnlineSubmission | None:
    return application.online_submissions.select_related("submitted_by").order_by("-submitted_at", "-id").first()


def online_missing(application, facts: dossier.Facts | None = None) -> list[str]:
    """Everything missing before the online application can be submitted, all at once."""
    return dossier.missing_items(application, facts=facts or dossier.dossier_facts(application))


def confirm_message(n: int) -> str:
    return (f"网上申报材料与公示的材料有{n}处不同（见差异对照）。请逐项核对，确认与纸质填报材料内容完全一致后，"
            f"勾选“我已核对以上差异，上传材料与纸质填报材料内容完全一致”再提交。")


# ------------------------------------------------------------------------------------------- guards
def late(application, today: datetime.date | None = None) -> list[str]:
    """Refused after the deadline (prereview.deadline_of: the office's 网上申报 deadline, or the correction
    deadline of a 网上审核退回); the deadline day itself is still in time."""
    from .prereview import deadline_of

    today = today or timezone.localdate()
    d = deadline_of(application)
    if d is None or d >= today:
        return []
    what = "网上审核退回的补正期限" if application.state == State.ONLINE_RETURNED else "网上申报"
    return [f"{what}已于{cn_date(d)}截止，不能再提交。"]


def online_application_complete(application, actor, details) -> list[str]:
    """The dossier complete (every missing item listed) and, when submitting, the differences from the
    published material confirmed. The transition reads the facts under the row lock and keeps them, with
    the comparison, on the locked record for online_submit."""
    facts = details.get("dossier_facts") or dossier.dossier_facts(
        application, serial_day=dossier.SUBMITTING_ON.get())
    application._zc_facts = facts
    # The dossier page offers the step without reading the deadline (the step refuses a late one with its date).
    problems = ([] if details.get("page") else late(application)) + dossier.missing_items(application, facts=facts)
    if "confirmed" in details:  # the submission itself (the button is offered without it)
        comparison = compare(application, facts)
        application._zc_comparison = comparison
        if comparison.rows and not details["confirmed"]:
            problems.append(confirm_message(len(comparison.rows)))
    return problems


def online_return_listed(application, actor, details) -> list[str]:
    problems = []
    if not details.get("sections"):
        problems.append("请至少选择一个允许修改的部分。")
    return problems


def online_review_passable(application, actor, details) -> list[str]:
    """Only what the applicant submitted online, in its last version, is passed."""
    if details.get("page"):  # the dossier page, in 网上已申报: the step checks the versions
        return []
    last = application.online_submissions.order_by("-submitted_at", "-id").values_list("version_number", flat=True)
    latest = application.versions.order_by("-number").values_list("number", flat=True).first()
    if not last or last[0] != latest:
        return ["申报人尚未提交网上申报，不能审核通过。"]
    return []


# ------------------------------------------------------------------------------------------- services
@transaction.atomic
def online_submit(actor, application, *, confirmed: bool = False, ip: str | None = None):
    """网上申报 (and its resubmission after 网上审核退回): completeness and confirmation guard, a new version
    (dossier.services.keep_version), the differences kept for the reviewer, the dossier locked."""
    token = dossier.SUBMITTING_ON.set(timezone.localdate())
    try:
        app = transition(application, "online_submit", actor=actor, ip=ip, confirmed=bool(confirmed),
                         updates={"reopened_sections": []})
    finally:
        dossier.SUBMITTING_ON.reset(token)
    facts = app._zc_facts
    comparison = getattr(app, "_zc_comparison", None) or compare(app, facts)
    version = dossier.keep_version(app, actor, facts, at=timezone.now(), snap=comparison.live)
    return OnlineSubmission.objects.create(
        application=app, version_number=version.number, differences=comparison.rows,
        published_version=comparison.published.number if comparison.published else None,
        confirmed=bool(confirmed) and bool(comparison.rows), submitted_by=actor).application


def correction_deadline(today: datetime.date | None = None) -> datetime.date:
    """The last day to correct: `online_correction_working_days` working days from the next day."""
    from zhicheng.workdays.services import add_working_days

    today = today or timezone.localdate()
    return add_working_days(today + datetime.timedelta(days=1), get_param("online_correction_working_days"))


@transaction.atomic
def online_return(actor, application, *, reason: str, sections: list[str], ip: str | None = None):
    """网上审核退回: every reason at once in one return record, the chosen sections reopened, a deadline."""
    valid = {k for k, _ in sec.RETURN_CHOICES}
    bad = [s for s in sections if s not in valid]
    if bad:
        raise TransitionError(f"未知的材料部分：{'、'.join(bad)}")
    reopened = [sec.ALL] if sec.ALL in sections else list(dict.fromkeys(sections))
    app = transition(application, "online_return", actor=actor, ip=ip, reason=reason, sections=reopened)
    deadline = correction_deadline()
    items = [{"section": "", "reason": line.strip()} for line in reason.splitlines() if line.strip()]
    dossier.open_for_correction(actor, app, stage="§三(三)", action="online_return", reason=reason,
                                sections=reopened, items=items, deadline=deadline)
    labels = "、".join(sec.BY_KEY[k].label if k in sec.BY_KEY else "所有信息" for k in reopened)
    notify(app.applicant, subject="网上申报被退回修改",
           body=f"主管部门网上审核退回了您的网上申报，请于{cn_date(deadline)}前修改（{labels}）后重新提交。\n退回原因：\n"
                f"{reason.strip()}",
           link=reverse("online_apply", args=[app.pk]), key=f"online_return:{app.pk}:{app.returns.count()}")
    return app


@transaction.atomic
def online_pass(actor, application, *, ip: str | None = None):
    app = transition(application, "online_pass", actor=actor, ip=ip)
    notify(app.applicant, subject="网上审核已通过", body="您的网上申报已通过主管部门网上审核，请按通知报送纸质材料并缴纳评审费。",
           link=reverse("application_detail", args=[app.pk]))
    return app


class OnlineSubmitForm(forms.Form):
    """The input of 网上申报 besides the dossier itself (UI and API alike)."""

    confirm_changes = forms.BooleanField(label="我已核对以上差异，上传材料与纸质填报材料内容完全一致", required=False)


def register():
    guards.register("online_application_complete")(online_application_complete)
    guards.register("online_return_listed")(online_return_listed)
    guards.register("online_review_passable")(online_review_passable)
    actions.register("online_submit", lambda app, *, actor, ip, reason, data: online_submit(
        actor, app, confirmed=data.get("confirm_changes", False), ip=ip), form=OnlineSubmitForm)
    actions.register("online_return", lambda app, *, actor, ip, reason, data: online_return(
        actor, app, reason=reason, sections=data["sections"], ip=ip), form=ReturnSectionsForm)
    actions.register("online_pass", lambda app, *, actor, ip, reason, data: online_pass(actor, app, ip=ip))
