"""§五(一) 评审结果公示: the committee host publishes the results of a committee batch (the applications that
passed, chosen) for at least `result_notice_working_days` working days; anyone may raise an objection on the
public page (rate-limited per address); the host records a finding — unfounded (the notice goes on) or founded
(`cancel_pass`); fraud goes through the existing `disqualify` step. Each function takes the acting user (the
public: the client address), runs in one transaction and writes the audit event."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from zhicheng.audit.services import record
from zhicheng.codes.models import get_param
from zhicheng.committee.models import CommitteeAssignment
from zhicheng.dossier import models as dm
from zhicheng.errors import Refusal
from zhicheng.orgs.models import Organization
from zhicheng.orgs.roles import Role
from zhicheng.orgs.scope import orgs_for_role
from zhicheng.workdays.formats import cn_date
from zhicheng.workdays.services import add_working_days, is_working_day
from zhicheng.workflow.services import transition, transition_many
from zhicheng.workflow.states import State

from .models_flow import ResultNotice, ResultNoticeEntry, ResultObjection

ONE_HOUR = datetime.timedelta(hours=1)
SINGLE_START = "评审结果公示须在“评审结果公示”页面发布（一次公示评审委员会本批评审通过人员）。"


class ResultFlowRefusal(Refusal):
    """A refused §五 step."""


def ids_or_refuse(values, message: str = "所选人员无效，请刷新页面后重新勾选。") -> list[int]:
    """Ticked application ids from a form or a request body: whole numbers only, anything else refused in
    Chinese (never guessed, never a 500)."""
    out = []
    for v in values or []:
        t = str(v).strip()
        if not (t.isascii() and t.isdigit()) or len(t) > 12:
            raise ResultFlowRefusal(message, {"applications": [message]})
        out.append(int(t))
    return out


def scope_or_refuse(scope) -> str:
    """"all" (every person waiting) or "page" (the ticked rows; the default); anything else refused."""
    scope = str(scope or "").strip() or "page"
    if scope not in ("page", "all"):
        raise ResultFlowRefusal("办理范围无效，请刷新页面后重新选择。", {"scope": ["请选择本页勾选的人员或全部人员。"]})
    return scope


INVESTIGATION_MAX = 2000


# --------------------------------------------------------------------------- dates and scope


def working_days() -> int:
    return get_param("result_notice_working_days")


def next_working_day(day: datetime.date) -> datetime.date:
    day += datetime.timedelta(days=1)
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def period_text(notice: ResultNotice) -> str:
    return f"{cn_date(notice.starts_on)}—{cn_date(notice.ends_on)}"


def phase(notice: ResultNotice, today: datetime.date | None = None) -> str:
    """upcoming | running | ended."""
    today = today or timezone.localdate()
    if today < notice.starts_on:
        return "upcoming"
    return "running" if today <= notice.ends_on else "ended"


def host_orgs(user) -> list[Organization]:
    return orgs_for_role(user, Role.COMMITTEE_HOST)


def host_of(user, committee: Organization) -> Organization | None:
    """The user's host organisation that the committee belongs to (a committee is an org under its host)."""
    for host in host_orgs(user):
        if committee.path.startswith(host.path) and committee.pk != host.pk:
            return host
    return None


def _host_or_refuse(actor, committee: Organization) -> Organization:
    host = host_of(actor, committee)
    if host is None:
        raise ResultFlowRefusal("只有该评审委员会的组建单位可以办理评审结果公示。", forbidden=True)
    return host


def committees_with_passed(user) -> list[dict]:
    """The host's committees that have applications passed and not yet in a notice: [{committee, count}]."""
    paths = [h.path for h in host_orgs(user)]
    if not paths:
        return []
    rows: dict[int, dict] = {}
    qs = CommitteeAssignment.objects.filter(application__state=State.PASSED).select_related("committee")
    for a in qs:
        if any(a.committee.path.startswith(p) for p in paths):
            rows.setdefault(a.committee_id, {"committee": a.committee, "count": 0})["count"] += 1
    return list(rows.values())


def passed_of(committee: Organization) -> QuerySet[dm.Application]:
    return (dm.Application.objects.filter(committee_assignment__committee=committee, state=State.PASSED)
            .select_related("applicant", "unit", "series", "title").order_by("pk"))


def notices_for(user) -> QuerySet[ResultNotice]:
    return ResultNotice.objects.filter(host__in=host_orgs(user)).select_related("committee")


def objections_for(user) -> QuerySet[ResultObjection]:
    return (ResultObjection.objects.filter(notice__host__in=host_orgs(user))
            .select_related("notice", "entry__application__applicant"))


# --------------------------------------------------------------------------- publishing


@transaction.atomic
def start_result_notice(actor, *, committee: Organization, application_ids=None,
                        starts_on: datetime.date | None = None, title: str = "",
                        ip: str | None = None) -> ResultNotice:
    """公示评审结果: one notice for the chosen passed applications of the committee (all by default), for
    `result_notice_working_days` working days from `starts_on` (default: the next working day)."""
    host = _host_or_refuse(actor, committee)
    today = timezone.localdate()
    starts_on = starts_on or next_working_day(today)
    problems = []
    if starts_on < today:
        problems.append(f"公示开始日期不能早于今天（{cn_date(today)}）。")
    apps = list(passed_of(committee))
    if application_ids is not None:
        chosen = set(ids_or_refuse(application_ids))
        apps = [a for a in apps if a.pk in chosen]
    if not apps:
        problems.append("请至少选择一名评审通过的人员。")
    title = (title or "").strip() or f"{committee.name}评审结果公示"
    if len(title) > 200:
        problems.append("标题不超过200字。")
    if problems:
        raise ResultFlowRefusal(problems)
    days = working_days()
    notice = ResultNotice.objects.create(host=host, committee=committee, title=title, starts_on=starts_on,
                                         ends_on=add_working_days(starts_on, days), working_days=days,
                                         published_by=actor)
    ResultNoticeEntry.objects.bulk_create([ResultNoticeEntry(notice=notice, application=a, order=i)
                                           for i, a in enumerate(apps, 1)])
    transition_many(apps, "start_result_notice", actor=actor, ip=ip, notice_id=notice.pk,
                    period=period_text(notice))
    return notice


def guard_result_notice_ready(application, actor, details) -> list[str]:
    if "notice_id" not in details:
        return [SINGLE_START]
    if not ResultNoticeEntry.objects.filter(notice_id=details["notice_id"], application_id=application.pk).exists():
        return ["该申报不在本次公示名单中。"]
    return []


def refuse_single_start(application, *, actor, ip, reason, data):
    raise ResultFlowRefusal(SINGLE_START)


# --------------------------------------------------------------------------- reading (public)


def latest_entry(application) -> ResultNoticeEntry | None:
    return (ResultNoticeEntry.objects.filter(application_id=application.pk).select_related("notice")
            .order_by("-notice__starts_on", "-notice_id").first())


def running_notices(today: datetime.date | None = None) -> QuerySet[ResultNotice]:
    today = today or timezone.localdate()
    return (ResultNotice.objects.filter(starts_on__lte=today, ends_on__gte=today).select_related("host", "committee")
            .order_by("-starts_on", "-id"))


def shown_entries(notice: ResultNotice) -> list[ResultNoticeEntry]:
    return list(notice.entries.filter(application__state=State.RESULT_NOTICE)
                .select_related("application__applicant", "application__unit", "application__series",
                                "application__title").order_by("order", "id"))


def public_people(entries: list[ResultNoticeEntry]) -> list[dict]:
    """Name, unit, series/specialty, title and level — never an ID number or a phone."""
    return [{"entry_id": e.pk, "name": e.application.applicant.real_name, "unit": e.application.unit.name,
             "series": e.application.series.name, "specialty": e.application.specialty,
             "title": e.application.title.name, "level": e.application.get_level_display()} for e in entries]


# --------------------------------------------------------------------------- objections


@transaction.atomic
def raise_objection(notice: ResultNotice, *, entry_id, real_name: str, contact: str, facts: str,
                    ip: str | None = None) -> ResultObjection:
    """反映问题 on a running result notice, by anyone under their real name; at most `objections_per_hour` per
    client address per hour (the unit stage's parameter)."""
    p = phase(notice)
    if p == "ended":
        raise ResultFlowRefusal(f"公示已于{cn_date(notice.ends_on)}结束，不再受理异议。")
    if p == "upcoming":
        raise ResultFlowRefusal(f"公示将于{cn_date(notice.starts_on)}开始，开始后方可反映问题。")
    since = timezone.now() - ONE_HOUR
    if ip and ResultObjection.objects.filter(ip=ip, created_at__gte=since).count() >= get_param("objections_per_hour"):
        raise ResultFlowRefusal("提交过于频繁，请一小时后再试。")
    fields: dict[str, list[str]] = {}
    real_name, contact, facts = (real_name or "").strip(), (contact or "").strip(), (facts or "").strip()
    if not real_name or len(real_name) > 50:
        fields["real_name"] = ["请填写真实姓名（不超过50字）。"]
    if not contact or len(contact) > 100:
        fields["contact"] = ["请填写联系方式（不超过100字），以便核实。"]
    if not facts or len(facts) > 2000:
        fields["facts"] = ["请写明反映的问题与事实（不超过2000字）。"]
    try:
        entry_id = int(entry_id)
    except (TypeError, ValueError):
        entry_id = None
    entry = (notice.entries.filter(pk=entry_id, application__state=State.RESULT_NOTICE).select_related("application")
             .first() if entry_id else None)
    if entry is None:
        fields["entry"] = ["请选择所反映的公示人员。"]
    if fields:
        raise ResultFlowRefusal([m for msgs in fields.values() for m in msgs], fields)
    objection = ResultObjection.objects.create(notice=notice, entry=entry, real_name=real_name, contact=contact,
                                               facts=facts, ip=ip)
    record("result_objection_received", obj=entry.application, organization=notice.host, ip=ip,
           details={"notice": notice.pk, "objection": objection.pk})
    return objection


def open_objection_ids(app_ids) -> set[int]:
    return set(ResultObjection.objects.filter(entry__application_id__in=list(app_ids),
                                              status=ResultObjection.Status.RECEIVED)
               .values_list("entry__application_id", flat=True))


def _investigation(text: str) -> str:
    text = (text or "").strip()
    if len(text) > INVESTIGATION_MAX:
        message = f"核查情况不超过{INVESTIGATION_MAX}字。"
        raise ResultFlowRefusal(message, {"investigation": [message]})
    return text


@transaction.atomic
def record_finding(actor, objection: ResultObjection, *, founded: bool, reason: str, investigation: str = "",
                   ip: str | None = None) -> ResultObjection:
    """The host's finding: unfounded — the notice goes on for the person; founded — `cancel_pass` (评审未通过)
    with the reason. Fraud is recorded through the `disqualify` step instead (the page links to it)."""
    obj = ResultObjection.objects.select_for_update().select_related("notice", "entry__application").get(
        pk=objection.pk)
    if host_of(actor, obj.notice.committee) is None:
        raise ResultFlowRefusal("只有该评审委员会的组建单位可以核查异议。", forbidden=True)
    if not obj.is_open:
        raise ResultFlowRefusal(f"该异议已办结（{obj.get_status_display()}）。", conflict=True)
    reason = (reason or "").strip()
    if not reason:
        raise ResultFlowRefusal("请填写核查结论。", {"reason": ["请填写核查结论。"]})
    investigation = _investigation(investigation)
    obj.status = ResultObjection.Status.FOUNDED if founded else ResultObjection.Status.UNFOUNDED
    obj.investigation, obj.finding, obj.handled_by, obj.handled_at = investigation.strip(), reason, actor, timezone.now()
    obj.save(update_fields=["status", "investigation", "finding", "handled_by", "handled_at"])
    app = obj.entry.application
    if founded:
        transition(app, "cancel_pass", actor=actor, ip=ip, reason=reason, objection_id=obj.pk)
    else:
        record("result_objection_unfounded", actor=actor, obj=app, organization=obj.notice.host, ip=ip, reason=reason,
               details={"objection": obj.pk})
    return obj


@transaction.atomic
def find_fraud(actor, objection: ResultObjection, *, reason: str, authority: str, investigation: str = "",
               ip: str | None = None) -> ResultObjection:
    """查实弄虚作假: the existing `disqualify` step (integrity.record_fraud_finding: ban and disqualification),
    and the objection settled as fraud."""
    from zhicheng.integrity.services import record_fraud_finding

    obj = ResultObjection.objects.select_for_update().select_related("notice", "entry__application").get(
        pk=objection.pk)
    if host_of(actor, obj.notice.committee) is None:
        raise ResultFlowRefusal("只有该评审委员会的组建单位可以核查异议。", forbidden=True)
    if not obj.is_open:
        raise ResultFlowRefusal(f"该异议已办结（{obj.get_status_display()}）。", conflict=True)
    investigation = _investigation(investigation)
    record_fraud_finding(actor, obj.entry.application, reason=reason, authority=authority, ip=ip)
    obj.status, obj.finding, obj.investigation = ResultObjection.Status.FRAUD, reason.strip(), investigation.strip()
    obj.handled_by, obj.handled_at = actor, timezone.now()
    obj.save(update_fields=["status", "finding", "investigation", "handled_by", "handled_at"])
    return obj


def guard_result_objection_founded(application, actor, details) -> list[str]:
    """In the notice: a founded objection about the person. After a refusal of 备案/核准 the refusal is the basis."""
    if application.state == State.RESULT_REFUSED:
        return []
    if ResultObjection.objects.filter(entry__application_id=application.pk,
                                      status=ResultObjection.Status.FOUNDED).exists():
        return []
    return ["取消评审通过须先在异议核查中认定异议属实。"]


def guard_result_notice_over(application, actor, details) -> list[str]:
    entry = latest_entry(application)
    if entry is None:
        return ["该申报没有评审结果公示记录。"]
    problems = []
    if timezone.localdate() <= entry.notice.ends_on:
        problems.append(f"公示期为{period_text(entry.notice)}，"
                        f"{cn_date(entry.notice.ends_on + datetime.timedelta(days=1))}起方可报送。")
    if ResultObjection.objects.filter(entry__application_id=application.pk,
                                      status=ResultObjection.Status.RECEIVED).exists():
        problems.append("该申报尚有未办结的公示异议，不能报送。")
    return problems
