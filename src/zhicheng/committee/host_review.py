"""§四(二) 资格审查 by the committee host (评委会组建单位).

An application arrives in HOST_REVIEW through a 报送 batch of kind “host” (an office's 中级/初级, or the provincial
office's delegation after its spot check). The host either accepts it (`host_pass`: the committee that will review
it is the route's committee, else a valid committee of this host covering its series, specialty and level today;
a `CommitteeAssignment` is written) or returns it to the office with every reason at once and a deadline of
`host_correction_working_days` working days (`host_return`, a `HostReturn`). The office corrects and resubmits it
to the same host within the deadline (`resubmit_host`); the daily job abandons it the day after the deadline
(`host_abandon`), acting as the host's system account. Every function takes the acting user, runs in one
transaction and goes through `workflow.services.transition`, which writes the audit event."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from zhicheng.codes.models import get_param
from zhicheng.dossier import models as dm
from zhicheng.errors import Refusal
from zhicheng.office_review.models import Forwarding, ForwardingEntry
from zhicheng.office_review.schedule import office_of
from zhicheng.orgs import accounts
from zhicheng.orgs.models import User
from zhicheng.orgs.roles import Role
from zhicheng.orgs.scope import orgs_for_role
from zhicheng.workdays.formats import cn_date
from zhicheng.workdays.services import add_working_days
from zhicheng.workflow.services import may_act, transition, transition_many
from zhicheng.workflow.states import TRANSITIONS, State

from .models import Committee, CommitteeAssignment, HostReturn

HOST_REVIEW_PARAMETERS = {
    "host_correction_working_days": ("组建单位资格审查退回补正期限", 5, "工作日",
                                     "种子 §四(二)：资格审查不通过的，一次性告知，限期补正"),
}
QUEUE_STATES = (State.HOST_REVIEW, State.HOST_RETURNED)
NO_REASONS = "资格审查不通过须逐条列明全部原因（一次性告知），请至少填写一条。"


class HostReviewError(Refusal):
    """A refused step of the host's qualification review."""


# --------------------------------------------------------------------------- scope and lookups


def host_ids(user) -> list[int]:
    return [o.pk for o in orgs_for_role(user, Role.COMMITTEE_HOST)]


def sent_to(ids: list[int]):
    """Applications sent (报送 of kind host) to one of these hosts — the host's record rule, for its queue."""
    return Exists(ForwardingEntry.objects.filter(application_id=OuterRef("pk"), forwarding__kind=Forwarding.Kind.HOST,
                                                 forwarding__to_org_id__in=ids))


def queue_scope(user) -> QuerySet[dm.Application]:
    return dm.Application.objects.filter(sent_to(host_ids(user)))


def queue(user, *, state: str = State.HOST_REVIEW, series: str = "", level: str = "",
          batch: int | None = None) -> QuerySet[dm.Application]:
    """The host's queue, ordered for paging ids first through the (state, updated_at, id) index."""
    qs = queue_scope(user).filter(state=state)
    if series:
        qs = qs.filter(series__code=series)
    if level:
        qs = qs.filter(level=level)
    if batch:  # an id beyond the column's range matches nothing (rather than overflowing)
        qs = qs.filter(Exists(ForwardingEntry.objects.filter(application_id=OuterRef("pk"), forwarding_id=batch))) \
            if 0 < batch < 2**63 else qs.none()
    return qs.order_by("updated_at", "id")


def host_entry(application) -> ForwardingEntry | None:
    """The latest 报送 entry of kind host of this application: its batch, sending office, host and route."""
    return (ForwardingEntry.objects.filter(application_id=application.pk, forwarding__kind=Forwarding.Kind.HOST)
            .select_related("forwarding", "forwarding__office", "forwarding__to_org", "route", "route__committee")
            .order_by("-forwarding__created_at", "-pk").first())


def open_return(application) -> HostReturn | None:
    return HostReturn.objects.filter(application_id=application.pk, resolved_at__isnull=True).order_by("-at").first()


def _acting_host(actor, application, action: str):
    """The host organisation through which the actor may take `action` (403 before anything is read)."""
    decision = may_act(actor, application, TRANSITIONS[action])
    if not decision:
        raise HostReviewError(decision.reason or "您无权办理该申报的资格审查。", forbidden=True)
    return decision.assignment.organization


# --------------------------------------------------------------------------- the committee


def covers(committee: Committee, application) -> bool:
    """A committee reviews the application's series (and specialty, when formed by specialty) and level."""
    return (committee.series_id == application.series_id and application.level in committee.levels
            and (not committee.specialty or committee.specialty == application.specialty))


def valid_on(committee: Committee, day: datetime.date) -> bool:
    return committee.valid_from <= day <= committee.valid_until


def candidate_committees(host_id: int, application, day: datetime.date) -> list[Committee]:
    """This host's committees covering the application and valid on `day` (the longest-valid first)."""
    rows = Committee.objects.filter(host_id=host_id, series_id=application.series_id,
                                    valid_from__lte=day, valid_until__gte=day).select_related("org")
    return [c for c in rows if covers(c, application)]


def resolve_committee(application, host, *, committee_id: int | None = None, entry=None,
                      day: datetime.date | None = None) -> Committee:
    """The committee that will review the application: the host's choice, else the route's committee (when it
    is registered as a `Committee`), else the longest-valid covering committee of the host. Refused, naming the
    committee and its dates, when that committee is expired, another host's or does not cover the application;
    refused when the host has none valid on `day`."""
    day = day or timezone.localdate()
    name = application.applicant.real_name
    if committee_id:
        chosen = Committee.objects.select_related("org").filter(pk=committee_id, host_id=host.pk).first()
        if chosen is None:
            raise HostReviewError("所选评审委员会不属于本组建单位。", {"committee_id": ["请选择本单位的评审委员会。"]})
        return _checked(chosen, application, day, name)
    entry = entry if entry is not None else host_entry(application)
    route_committee = entry.route.committee if entry and entry.route_id and entry.route.committee_id else None
    if route_committee is not None:
        record = Committee.objects.select_related("org").filter(org_id=route_committee.pk).first()
        if record is not None:
            if record.host_id != host.pk:
                raise HostReviewError(f"评审路由指定的评审委员会“{record}”不属于本组建单位，请选择本单位的评审委员会。")
            return _checked(record, application, day, name)
    found = candidate_committees(host.pk, application, day)
    if not found:
        raise HostReviewError(
            f"{name}：本组建单位没有在{cn_date(day)}有效、且覆盖{application.series.name}"
            f"（{application.specialty}）{application.get_level_display()}的评审委员会，不能提交评审。"
            "请先登记经核准的评审委员会，或在有效期届满前重新核准。")
    return found[0]


def _checked(committee: Committee, application, day: datetime.date, name: str) -> Committee:
    if not valid_on(committee, day):
        raise HostReviewError(
            f"{name}：评审委员会“{committee}”的核准有效期为{cn_date(committee.valid_from)}至"
            f"{cn_date(committee.valid_until)}，{cn_date(day)}不在有效期内，不能提交评审。请选择有效的评审委员会。",
            {"committee_id": ["该评审委员会不在有效期内。"]})
    if not covers(committee, application):
        raise HostReviewError(f"{name}：评审委员会“{committee}”不评审该系列、专业或级别，请选择其他评审委员会。",
                              {"committee_id": ["该评审委员会不评审该申报的系列、专业或级别。"]})
    return committee


# --------------------------------------------------------------------------- accept


def host_pass(actor, application, *, committee_id: int | None = None, ip: str | None = None) -> CommitteeAssignment:
    """资格审查通过: to the committee chosen (`resolve_committee`), assigned in the same transaction."""
    host = _acting_host(actor, application, "host_pass")
    committee = resolve_committee(application, host, committee_id=committee_id)
    with transaction.atomic():
        app = transition(application, "host_pass", actor=actor, ip=ip, committee_id=committee.pk,
                         committee=committee.org.name)
        assignment, _ = CommitteeAssignment.objects.update_or_create(application=app,
                                                                     defaults={"committee_id": committee.org_id})
    return assignment


def host_pass_many(actor, applications, *, ip: str | None = None) -> list[CommitteeAssignment]:
    """Batch 资格审查通过: each to its default committee; all or nothing, every refusal named."""
    apps = list(applications)
    if not apps:
        raise HostReviewError("请至少选择一份申报。")
    chosen, problems = {}, []
    for app in apps:
        try:
            chosen[app.pk] = resolve_committee(app, _acting_host(actor, app, "host_pass"))
        except HostReviewError as exc:
            if exc.forbidden:
                raise
            problems += exc.problems
    if problems:
        raise HostReviewError(problems + ["本批次未作任何更改。"])
    with transaction.atomic():
        moved = transition_many(apps, "host_pass", actor=actor, ip=ip,
                                committees={str(pk): c.org.name for pk, c in chosen.items()})
        out = []
        for app in moved:
            c = chosen[app.pk]
            a, _ = CommitteeAssignment.objects.update_or_create(application=app, defaults={"committee_id": c.org_id})
            out.append(a)
    return out


# --------------------------------------------------------------------------- return


def correction_deadline(today: datetime.date | None = None) -> datetime.date:
    """The last day to correct: `host_correction_working_days` working days counted from the day after."""
    today = today or timezone.localdate()
    return add_working_days(today + datetime.timedelta(days=1), get_param("host_correction_working_days"))


def split_reasons(text: str) -> list[str]:
    """One reason a line (leading numbering such as “1.” or “（2）” is the page's to add)."""
    out = []
    for line in (text or "").splitlines():
        line = line.strip().lstrip("0123456789.、）)（( ").strip()
        if line:
            out.append(line)
    return out


def host_return(actor, application, *, reasons: list[str], ip: str | None = None) -> HostReturn:
    """资格审查不通过（一次性告知）: every reason listed, the deadline in working days; the office's reviewers and
    the applicant are told."""
    host = _acting_host(actor, application, "host_return")
    reasons = [r.strip() for r in reasons if r and r.strip()]
    if not reasons:
        raise HostReviewError(NO_REASONS, {"reasons": ["请至少填写一条原因。"]})
    deadline = correction_deadline()
    lines = "\n".join(f"{n}. {r}" for n, r in enumerate(reasons, 1))
    text = (f"经资格审查，{host.name}告知以下全部问题，请主管部门于{cn_date(deadline)}前一次性补正后重新报送，"
            f"逾期视为放弃：\n{lines}")
    if len(text) > 2000:
        raise HostReviewError("原因合计不超过1800字；更长的说明请另附文件告知。", {"reasons": ["原因过长。"]})
    office = office_of(application)
    with transaction.atomic():
        app = transition(application, "host_return", actor=actor, ip=ip, reason=text, items=reasons,
                         deadline=deadline.isoformat())
        rec = HostReturn.objects.create(application=app, host=host, office=office, reasons=reasons,
                                        deadline=deadline, by=actor)
        _notify_return(app, office, text, deadline)
    return rec


def _office_reviewers(office) -> QuerySet[User]:
    return User.objects.filter(is_active=True, role_assignments__role=Role.OFFICE_REVIEWER,
                               role_assignments__organization=office).distinct()


def _notify_return(app, office, text: str, deadline: datetime.date) -> None:
    from zhicheng.messaging.services import notify

    key = f"host_return:{app.pk}:{deadline.isoformat()}"
    subject = f"组建单位资格审查未通过：{app.applicant.real_name}（补正期限{cn_date(deadline)}）"
    if office is not None:
        for user in _office_reviewers(office):
            notify(user, subject=subject, body=f"{app.applicant.real_name}的申报（{app.title.name}）{text}",
                   link=f"/committee/host-review/office/{app.pk}/", key=key)
    if app.applicant.is_active:
        notify(app.applicant, subject=f"组建单位资格审查未通过（补正期限{cn_date(deadline)}）", body=text,
               link=f"/applications/{app.pk}/", key=key)


# --------------------------------------------------------------------------- the office's correction


def office_returns(user) -> QuerySet[HostReturn]:
    """The open returns of the user's offices (主管部门 reviewers), the earliest deadline first."""
    offices = [o.pk for o in orgs_for_role(user, Role.OFFICE_REVIEWER)]
    return (HostReturn.objects.filter(office_id__in=offices, resolved_at__isnull=True,
                                      application__state=State.HOST_RETURNED)
            .select_related("application", "application__applicant", "application__unit", "application__title",
                            "host").order_by("deadline", "pk"))


def resubmit_host(actor, application, *, note: str, ip: str | None = None) -> HostReturn:
    """补正后重新报送 to the same host (its batch still names it), within the deadline."""
    decision = may_act(actor, application, TRANSITIONS["resubmit_host"])
    if not decision:
        raise HostReviewError(decision.reason or "您无权重新报送该申报。", forbidden=True)
    note = (note or "").strip()
    if not note:
        raise HostReviewError("请填写补正说明（已补正的内容）。", {"note": ["请填写补正说明。"]})
    with transaction.atomic():
        rec = open_return(application)
        app = transition(application, "resubmit_host", actor=actor, ip=ip, reason=note[:2000],
                         host_return=rec.pk if rec else None)
        rec = open_return(app)
        rec.resolved_at, rec.outcome = timezone.now(), HostReturn.Outcome.RESUBMITTED
        rec.correction_note, rec.resolved_by = note, actor
        rec.save(update_fields=["resolved_at", "outcome", "correction_note", "resolved_by"])
    return rec


# --------------------------------------------------------------------------- the daily job


def system_actor(host) -> User:
    """The host's system account the daily job acts as: inactive, no password, the host's role (host_abandon
    is the host's step and the host's record rule gives it the application)."""
    return accounts.system_actor(host, Role.COMMITTEE_HOST, "host")


def abandon_overdue(today: datetime.date | None = None) -> list[dm.Application]:
    """逾期未补正，视为放弃: every open return whose deadline is before `today` (never on the deadline)."""
    today = today or timezone.localdate()
    out = []
    due = (HostReturn.objects.filter(resolved_at__isnull=True, deadline__lt=today,
                                     application__state=State.HOST_RETURNED)
           .select_related("host", "office", "application").order_by("deadline", "pk"))
    for rec in due:
        with transaction.atomic():
            app = transition(rec.application, "host_abandon", actor=system_actor(rec.host),
                             reason=f"逾期未补正，视为放弃（补正期限：{cn_date(rec.deadline)}）",
                             today=today.isoformat(), deadline=rec.deadline.isoformat())
            rec.resolved_at, rec.outcome = timezone.now(), HostReturn.Outcome.ABANDONED
            rec.save(update_fields=["resolved_at", "outcome"])
            _notify_abandoned(app, rec)
        out.append(app)
    return out


def _notify_abandoned(app, rec: HostReturn) -> None:
    from zhicheng.messaging.services import notify

    body = (f"{app.applicant.real_name}的申报未在补正期限{cn_date(rec.deadline)}前补正重新报送，"
            "已视为放弃。")
    for user in ([*_office_reviewers(rec.office)] if rec.office_id else []):
        notify(user, subject="逾期未补正，视为放弃", body=body, link=f"/applications/{app.pk}/",
               key=f"host_abandon:{app.pk}")
    if app.applicant.is_active:
        notify(app.applicant, subject="逾期未补正，视为放弃", body=body, link=f"/applications/{app.pk}/",
               key=f"host_abandon:{app.pk}")


def abandon_overdue_job(today: datetime.date) -> str:
    return f"组建单位资格审查逾期未补正视为放弃：{len(abandon_overdue(today))}份"


def abandon_one(actor, application, *, ip: str | None = None) -> dm.Application:
    """The same step on one overdue application (the /actions API); the guard refuses it on or before the deadline."""
    rec = open_return(application)
    with transaction.atomic():
        app = transition(application, "host_abandon", actor=actor, ip=ip,
                         reason=f"逾期未补正，视为放弃（补正期限：{cn_date(rec.deadline)}）" if rec else "逾期未补正，视为放弃")
        if rec is not None:
            rec.resolved_at, rec.outcome = timezone.now(), HostReturn.Outcome.ABANDONED
            rec.save(update_fields=["resolved_at", "outcome"])
    return app


# --------------------------------------------------------------------------- guards and actions


def guard_reasons_listed(application, actor, details) -> list[str]:
    """Every reason listed (`items`, given by `host_return`); the buttons (no items) offer the step."""
    if "items" not in details:
        return []
    return [] if details["items"] else [NO_REASONS]


def guard_qualification_reviewed(application, actor, details) -> list[str]:
    """The step names its committee (`host_pass` resolves it first); the dossier page offers the step."""
    if "committee_id" in details or "committees" in details or details.get("page"):
        return []
    decision = may_act(actor, application, TRANSITIONS["host_pass"])
    if not decision:
        return [decision.reason]
    try:
        resolve_committee(application, decision.assignment.organization)
    except HostReviewError as exc:
        return exc.problems
    return []


def guard_deadline_not_passed(application, actor, details) -> list[str]:
    rec = open_return(application)
    if rec is None:
        return ["未找到组建单位资格审查退回的记录。"]
    if rec.deadline < timezone.localdate():
        return [f"补正期限（{cn_date(rec.deadline)}）已过，视为放弃，不能重新报送。"]
    return []


def guard_deadline_passed(application, actor, details) -> list[str]:
    if details.get("page"):  # the daily job's step, not a button of the dossier page
        return ["逾期未补正视为放弃由系统定时任务在补正期限届满次日办理。"]
    today = datetime.date.fromisoformat(details["today"]) if details.get("today") else timezone.localdate()
    rec = open_return(application)
    if rec is None:
        return ["未找到组建单位资格审查退回的记录。"]
    if not rec.deadline < today:
        return [f"补正期限为{cn_date(rec.deadline)}，尚未逾期，不能视为放弃。"]
    return []


def _pass_handler(app, *, actor, ip, reason, data):
    host_pass(actor, app, ip=ip)
    app.refresh_from_db()
    return app


def _return_handler(app, *, actor, ip, reason, data):
    """The dossier page's button: one reason a line of the reason box."""
    host_return(actor, app, reasons=split_reasons(reason), ip=ip)
    app.refresh_from_db()
    return app


def _resubmit_handler(app, *, actor, ip, reason, data):
    resubmit_host(actor, app, note=data.get("note") or reason, ip=ip)
    app.refresh_from_db()
    return app


def register() -> None:
    """Called from CommitteeConfig.ready(): guards, actions, the daily job and the parameter's default."""
    from zhicheng.codes.models import PARAMETER_DEFAULTS
    from zhicheng.scheduling import jobs
    from zhicheng.workflow import actions, guards

    from .host_review_forms import ResubmitForm

    for key, default in HOST_REVIEW_PARAMETERS.items():
        PARAMETER_DEFAULTS.setdefault(key, default)
    guards.register("host_reasons_listed")(guard_reasons_listed)
    guards.register("qualification_reviewed")(guard_qualification_reviewed)
    guards.register("host_deadline_not_passed")(guard_deadline_not_passed)
    guards.register("host_deadline_passed")(guard_deadline_passed)
    # The dossier page's button takes the default committee; choosing another is on the host's review page.
    actions.register("host_pass", _pass_handler)
    actions.register("host_return", _return_handler)
    actions.register("resubmit_host", _resubmit_handler, form=ResubmitForm)
    actions.register("host_abandon", lambda app, *, actor, ip, reason, data: abandon_one(actor, app, ip=ip))
    jobs.register("host_abandon_overdue", abandon_overdue_job, "§四(二)组建单位退回逾期未补正作放弃处理")
