"""§五(一)–(二) 报送 and 备案/核准: the host reports a notice's batch once the notice is over (transition_many
`report_result`); the provincial office files (备案) 中级、初级 results and approves (核准) 高级 ones, or refuses
either with reasons back to the host, who re-reports with an explanation or cancels the pass. The other side
is notified each time (messaging.notify)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone

from zhicheng.codes.models import SENIOR_LEVELS
from zhicheng.dossier import models as dm
from zhicheng.messaging.services import notify
from zhicheng.orgs.models import RoleAssignment
from zhicheng.orgs.roles import Role
from zhicheng.orgs.scope import has_role
from zhicheng.workflow.services import transition, transition_many
from zhicheng.workflow.states import State

from .models_flow import ResultNotice, ResultReport, ResultReportEntry
from .result_notice import ResultFlowRefusal, host_of, host_orgs, ids_or_refuse, scope_or_refuse

DECISIONS = {"file_result": ResultReportEntry.Outcome.FILED, "approve_result": ResultReportEntry.Outcome.APPROVED,
             "refuse_result": ResultReportEntry.Outcome.REFUSED}


def _people(role: str, org_ids) -> list:
    return [a.user for a in RoleAssignment.objects.filter(role=role, organization_id__in=list(org_ids))
            .select_related("user")]


def _notify_province(subject: str, body: str, link: str) -> None:
    for user in {a.user for a in RoleAssignment.objects.filter(role=Role.PROVINCIAL_OFFICE).select_related("user")}:
        notify(user, subject=subject, body=body, link=link)


def _notify_host(host_id: int, subject: str, body: str, link: str) -> None:
    for user in _people(Role.COMMITTEE_HOST, [host_id]):
        notify(user, subject=subject, body=body, link=link)


def is_province(user) -> bool:
    return has_role(user, Role.PROVINCIAL_OFFICE)


def _province_or_refuse(actor) -> None:
    if not is_province(actor):
        raise ResultFlowRefusal("只有省职改办可以办理评审结果备案、核准。", forbidden=True)


# --------------------------------------------------------------------------- the host


@transaction.atomic
def report_results(actor, notice: ResultNotice, *, only=None, ip: str | None = None) -> ResultReport:
    """公示期满，报送: every person still in the notice goes to the provincial office, all or nothing (an early
    date or an open objection refuses the batch, naming who and why)."""
    if host_of(actor, notice.committee) is None:
        raise ResultFlowRefusal("只有该评审委员会的组建单位可以报送评审结果。", forbidden=True)
    apps = list(dm.Application.objects.filter(result_notice_entries__notice=notice, state=State.RESULT_NOTICE)
                .select_related("applicant").order_by("pk"))
    if only is not None:
        apps = [a for a in apps if a.pk in set(only)]
    if not apps:
        raise ResultFlowRefusal("本次公示已没有待报送的人员。")
    report = ResultReport.objects.create(host=notice.host, notice=notice, reported_by=actor)
    transition_many(apps, "report_result", actor=actor, ip=ip, report_id=report.pk)
    ResultReportEntry.objects.bulk_create([ResultReportEntry(report=report, application=a) for a in apps])
    _notify_province("评审结果报送备案/核准", f"{notice.host.name}报送了{notice.committee.name}评审结果（{len(apps)}人），"
                     "请办理备案（中级、初级）或核准（高级）。", reverse("results_flow_report", args=[report.pk]))
    return report


@transaction.atomic
def re_report(actor, applications, *, explanation: str, ip: str | None = None) -> ResultReport:
    """整改后重新报送: a new batch with the host's explanation."""
    apps = list(applications)
    explanation = (explanation or "").strip()
    hosts = host_orgs(actor)
    if not hosts:
        raise ResultFlowRefusal("只有评委会组建单位可以重新报送。", forbidden=True)
    moved = transition_many(apps, "re_report_result", actor=actor, ip=ip, reason=explanation)
    host = next((h for h in hosts if all(host_of(actor, a.committee_assignment.committee) == h for a in moved)),
                hosts[0])
    report = ResultReport.objects.create(host=host, explanation=explanation, reported_by=actor)
    ResultReportEntry.objects.bulk_create([ResultReportEntry(report=report, application=a) for a in moved])
    _notify_province("评审结果重新报送", f"{host.name}整改后重新报送{len(moved)}人：{explanation}",
                     reverse("results_flow_report", args=[report.pk]))
    return report


def cancel_after_refusal(actor, application, *, reason: str, ip: str | None = None):
    """不予备案/核准后，组建单位取消评审通过."""
    return transition(application, "cancel_pass", actor=actor, ip=ip, reason=reason)


# --------------------------------------------------------------------------- the provincial office


def pending_entries(report: ResultReport) -> list[ResultReportEntry]:
    return list(report.entries.filter(outcome=ResultReportEntry.Outcome.PENDING,
                                      application__state=State.RESULT_REPORTED)
                .select_related("application__applicant", "application__unit", "application__title"))


def pending_count(report: ResultReport) -> int:
    return report.entries.filter(outcome=ResultReportEntry.Outcome.PENDING,
                                 application__state=State.RESULT_REPORTED).count()


def chosen_for(report: ResultReport, action: str, *, scope: str, ticked, seen) -> list[int]:
    """The people of a decision from the report's page: `scope` "all" takes every pending person the action
    fits (备案 中级/初级, 核准 高级, 不予 anyone), refused if the number pending is no longer the `seen` one the
    page showed; otherwise the ticked rows."""
    if scope_or_refuse(scope) != "all":
        return ids_or_refuse(ticked)
    pending = pending_entries(report)
    if str(len(pending)) != str(seen or "").strip():
        raise ResultFlowRefusal(f"本批待办理人员已有变化（现有{len(pending)}人），请刷新页面核对后再办理。",
                                conflict=True)
    fits = {"file_result": lambda level: level not in SENIOR_LEVELS,
            "approve_result": lambda level: level in SENIOR_LEVELS}.get(action, lambda level: True)
    return [e.application_id for e in pending if fits(e.application.level)]


@transaction.atomic
def decide(actor, report: ResultReport, action: str, *, application_ids, reason: str = "",
           ip: str | None = None) -> list:
    """备案 / 核准 / 不予备案、核准 for the chosen people of a batch, all or nothing (the level guards refuse
    备案 of 高级 and 核准 of 中级/初级, naming the person)."""
    _province_or_refuse(actor)
    if action not in DECISIONS:
        raise ResultFlowRefusal(f"未知操作：{action}")
    chosen = set(ids_or_refuse(application_ids))
    entries = [e for e in pending_entries(report) if e.application_id in chosen]
    if not entries:
        raise ResultFlowRefusal("请至少选择一名待办理的人员。")
    moved = transition_many([e.application for e in entries], action, actor=actor, ip=ip, reason=reason,
                            report_id=report.pk)
    ResultReportEntry.objects.filter(pk__in=[e.pk for e in entries]).update(
        outcome=DECISIONS[action], reason=(reason or "").strip(), decided_by=actor, decided_at=timezone.now())
    label = {"file_result": "已备案", "approve_result": "已核准", "refuse_result": "不予备案/核准"}[action]
    names = "、".join(a.applicant.real_name for a in moved)
    body = f"{names}：{label}。" + (f"理由：{reason}" if action == "refuse_result" else "")
    _notify_host(report.host_id, f"评审结果{label}", body, reverse("results_flow_host"))
    return moved


def _single(action: str):
    """The dossier page's button for one person: the same decision on the batch that reported them."""
    def handler(application, *, actor, ip, reason, data):
        entry = (ResultReportEntry.objects.filter(application_id=application.pk,
                                                  outcome=ResultReportEntry.Outcome.PENDING)
                 .select_related("report").order_by("-id").first())
        if entry is None:
            return transition(application, action, actor=actor, ip=ip, reason=reason)
        return decide(actor, entry.report, action, application_ids=[application.pk], reason=reason, ip=ip)[0]
    return handler


def reports_for_province(user) -> QuerySet[ResultReport]:
    """Batches with people still to be filed or approved."""
    if not is_province(user):
        return ResultReport.objects.none()
    pending = ResultReportEntry.objects.filter(report=OuterRef("pk"), outcome=ResultReportEntry.Outcome.PENDING,
                                               application__state=State.RESULT_REPORTED)
    return ResultReport.objects.filter(Exists(pending)).select_related("host", "notice__committee")


def refused_for_host(user) -> QuerySet[ResultReportEntry]:
    """The host's people refused 备案/核准 and not yet re-reported or cancelled, the latest first."""
    return (ResultReportEntry.objects.filter(report__host__in=host_orgs(user),
                                             outcome=ResultReportEntry.Outcome.REFUSED,
                                             application__state=State.RESULT_REFUSED)
            .select_related("application__applicant", "application__title").order_by("-decided_at", "-id"))


# --------------------------------------------------------------------------- guards


def guard_filing_by_level(application, actor, details) -> list[str]:
    if application.level in SENIOR_LEVELS:
        return ["高级职称评审结果须报省职改办核准，不能备案。"]
    return []


def guard_approval_by_level(application, actor, details) -> list[str]:
    if application.level not in SENIOR_LEVELS:
        return ["中级、初级职称评审结果实行备案，不需核准。"]
    return []
