"""复查申请与投诉 (seed §五): the applicant asks for a re-examination (复查) or complains (投诉) about their own
application once the committee decided (or a §四 review returned it); the committee host that reviewed it —
the provincial office when no committee was assigned — accepts it (受理), records the handling (处理过程) and
closes it with an outcome (维持原结论 / 予以纠正 / 不予受理) and reasons. Each step is audited and told to the
other side. One open request per kind per application. A finding of fraud points to 撤销 (services.revoke),
which the provincial office takes on its own page."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from zhicheng.audit.services import record
from zhicheng.committee.models import CommitteeAssignment
from zhicheng.errors import Refusal
from zhicheng.files.services import UploadError, check_upload, kept_only_if_committed, store
from zhicheng.messaging.services import notify
from zhicheng.orgs.models import Organization, RoleAssignment
from zhicheng.orgs.roles import OrgKind, Role
from zhicheng.orgs.scope import Decision, assignments
from zhicheng.workflow.states import APPEALABLE_STATES, State

from .models_appeals import Appeal, AppealEvidence, AppealStep

S = State
# After the committee's decision (§四(三)) and through §五, and a §四 return (抽查 or 组建单位审查).
HANDLER_ROLES = (Role.COMMITTEE_HOST, Role.PROVINCIAL_OFFICE)
MAX_TEXT = 2000
MAX_FILES = 5


class AppealRefusal(Refusal):
    """A refused step of a 复查申请 or 投诉."""


# --------------------------------------------------------------------------- who


def is_applicant(user, application) -> Decision:
    for a in assignments(user):
        if a.role == Role.APPLICANT and application.applicant_id == user.pk:
            return Decision(True, assignment=a)
    return Decision(False, "只有申报人本人可以对本人的申报提出复查申请或投诉。")


def handler_org_for(application) -> Organization:
    """The host of the committee the application is assigned to; otherwise the provincial office (the
    province at the top of the applicant's unit)."""
    assignment = (CommitteeAssignment.objects.filter(application_id=application.pk)
                  .select_related("committee__parent").first())
    if assignment is not None and assignment.committee.parent_id:
        return assignment.committee.parent
    roots = [int(p) for p in application.unit.path.strip("/").split("/") if p]
    province = Organization.objects.filter(pk__in=roots, kind=OrgKind.PROVINCE).first()
    if province is None:
        raise AppealRefusal("未找到负责处理的单位，请联系省职改办。")
    return province


def _handler_assignment(user, org_id: int):
    return next((a for a in assignments(user) if a.role in HANDLER_ROLES and a.organization_id == org_id), None)


def can_handle(user, appeal: Appeal) -> Decision:
    """The host (or provincial office) the request went to; nobody else."""
    a = _handler_assignment(user, appeal.handler_org_id)
    return Decision(True, assignment=a) if a else Decision(False, "您无权办理该复查申请或投诉。")


def is_handler(user) -> bool:
    return any(a.role in HANDLER_ROLES for a in assignments(user))


def handled_appeals(user) -> QuerySet[Appeal]:
    orgs = [a.organization_id for a in assignments(user) if a.role in HANDLER_ROLES]
    return Appeal.objects.filter(handler_org_id__in=orgs)


def own_appeals(user) -> QuerySet[Appeal]:
    return Appeal.objects.filter(application__applicant_id=user.pk, filed_by_id=user.pk)


def appealable(user) -> list:
    """The user's own applications about which a request may be filed now."""
    from zhicheng.dossier.models import Application

    if not any(a.role == Role.APPLICANT for a in assignments(user)):
        return []
    return list(Application.objects.filter(applicant_id=user.pk, state__in=APPEALABLE_STATES)
                .select_related("title").order_by("-id")[:20])


def visible_appeal(user, pk: int) -> Appeal | None:
    """The request if the user filed it or handles it; None otherwise (shown as 404)."""
    appeal = (Appeal.objects.select_related("application__applicant", "application__unit", "application__title",
                                            "handler_org", "filed_by").filter(pk=pk).first())
    if appeal is None:
        return None
    if appeal.filed_by_id == user.pk and is_applicant(user, appeal.application) or can_handle(user, appeal):
        return appeal
    return None


def open_kinds(application) -> set[str]:
    return set(Appeal.objects.filter(application_id=application.pk).exclude(status=Appeal.Status.CLOSED)
               .values_list("kind", flat=True))


def filing_problems(user, application) -> list[str]:
    """Why the user may not file now (empty: may)."""
    owner = is_applicant(user, application)
    if not owner:
        return [owner.reason]
    if application.state not in APPEALABLE_STATES:
        return ["评审结论作出后（或资格审查、抽查退回后）才能提出复查申请或投诉。"]
    return []


def _link(appeal: Appeal) -> str:
    return reverse("appeal_detail", args=[appeal.pk])


def _handlers(appeal: Appeal):
    ids = RoleAssignment.objects.filter(organization_id=appeal.handler_org_id, role__in=HANDLER_ROLES
                                        ).values_list("user_id", flat=True)
    from zhicheng.orgs.models import User

    return User.objects.filter(pk__in=ids, is_active=True)


def _tell_applicant(appeal: Appeal, subject: str, body: str) -> None:
    notify(appeal.application.applicant, subject=subject, body=body, link=_link(appeal))


# --------------------------------------------------------------------------- steps


@transaction.atomic
def file_appeal(actor, application, *, kind: str, text: str, files=(), ip: str | None = None) -> Appeal:
    """提出复查申请或投诉 about one's own application; PDF evidence checked like the dossier's."""
    problems = filing_problems(actor, application)
    if problems:
        raise AppealRefusal(problems, forbidden=not is_applicant(actor, application))
    fields: dict[str, list[str]] = {}
    text = (text or "").strip()
    if kind not in Appeal.Kind.values:
        fields["kind"] = ["请选择复查申请或投诉。"]
    elif kind in open_kinds(application):
        fields["kind"] = [f"该申报已有未办结的{Appeal.Kind(kind).label}，请等待处理结果后再提出。"]
    if not text:
        fields["text"] = ["请写明事实与理由。"]
    elif len(text) > MAX_TEXT:
        fields["text"] = [f"事实与理由不超过{MAX_TEXT}字，更多内容请作为证明材料上传。"]
    files = list(files)
    if len(files) > MAX_FILES:
        fields["evidence"] = [f"证明材料最多{MAX_FILES}个。"]
    else:
        for f in files:
            try:
                f.zc_kind = check_upload(f, ("pdf",)).kind
            except UploadError as exc:
                fields.setdefault("evidence", []).append(f"{f.name}：{exc.problems[0]}")
    if fields:
        raise AppealRefusal([m for msgs in fields.values() for m in msgs], fields)
    handler = handler_org_for(application)
    try:
        with transaction.atomic(), kept_only_if_committed() as keep:
            appeal = Appeal.objects.create(application=application, kind=kind, text=text, handler_org=handler,
                                           state_when_filed=application.state, filed_by=actor)
            for f in files:
                AppealEvidence.objects.create(appeal=appeal, file=keep(store(f, f.zc_kind, actor=actor)))
    except IntegrityError as exc:  # a concurrent request of the same kind committed first
        raise AppealRefusal(f"该申报已有未办结的{Appeal.Kind(kind).label}，请等待处理结果后再提出。",
                            {"kind": ["已有未办结的同类申请。"]}) from exc
    record("appeal_filed", actor=actor, obj=application, organization=handler, ip=ip,
           details={"appeal": appeal.pk, "kind": kind, "files": len(files)})
    for person in _handlers(appeal):
        notify(person, subject=f"收到{appeal.get_kind_display()}：{application.applicant.real_name}",
               body=f"{application.applicant.real_name}对其{application.title}申报提出了{appeal.get_kind_display()}，"
                    "请及时受理。", link=_link(appeal))
    return appeal


def _locked(appeal: Appeal) -> Appeal:
    return (Appeal.objects.select_for_update().select_related("application__applicant", "handler_org")
            .get(pk=appeal.pk))


def _check_handler(actor, appeal: Appeal):
    allowed = can_handle(actor, appeal)
    if not allowed:
        raise AppealRefusal(allowed.reason, forbidden=True)
    return allowed.assignment


def _note(note: str, *, required: str) -> str:
    note = (note or "").strip()
    if not note:
        raise AppealRefusal(required, {"note": [required]})
    if len(note) > MAX_TEXT:
        raise AppealRefusal(f"不超过{MAX_TEXT}字。", {"note": [f"不超过{MAX_TEXT}字。"]})
    return note


@transaction.atomic
def accept(actor, appeal: Appeal, *, note: str = "", ip: str | None = None) -> Appeal:
    """受理: the handling starts; the applicant is told."""
    appeal = _locked(appeal)
    a = _check_handler(actor, appeal)
    if appeal.status != Appeal.Status.FILED:
        raise AppealRefusal("只有待受理的申请可以受理。", conflict=True)
    note = (note or "").strip()
    if len(note) > MAX_TEXT:
        raise AppealRefusal(f"不超过{MAX_TEXT}字。", {"note": [f"不超过{MAX_TEXT}字。"]})
    appeal.status, appeal.accepted_by, appeal.accepted_at = Appeal.Status.ACCEPTED, actor, timezone.now()
    appeal.save(update_fields=["status", "accepted_by", "accepted_at"])
    AppealStep.objects.create(appeal=appeal, note="已受理。" + note, by=actor)
    record("appeal_accepted", actor=actor, obj=appeal.application, role=a.role, organization=appeal.handler_org,
           ip=ip, details={"appeal": appeal.pk})
    _tell_applicant(appeal, f"您的{appeal.get_kind_display()}已受理",
                    f"{appeal.handler_org.name}已受理您的{appeal.get_kind_display()}，处理结果将另行通知。")
    return appeal


@transaction.atomic
def add_step(actor, appeal: Appeal, *, note: str, ip: str | None = None) -> AppealStep:
    """处理过程: one entry of the investigation, while accepted."""
    appeal = _locked(appeal)
    a = _check_handler(actor, appeal)
    if appeal.status != Appeal.Status.ACCEPTED:
        raise AppealRefusal("受理后、办结前才能登记处理过程。", conflict=True)
    step = AppealStep.objects.create(appeal=appeal, note=_note(note, required="请填写办理情况。"), by=actor)
    record("appeal_step", actor=actor, obj=appeal.application, role=a.role, organization=appeal.handler_org,
           ip=ip, details={"appeal": appeal.pk, "step": step.pk})
    return step


@transaction.atomic
def decide(actor, appeal: Appeal, *, outcome: str, reason: str, fraud_found: bool = False,
           ip: str | None = None) -> Appeal:
    """办结: 不予受理 (before acceptance), or 维持原结论 / 予以纠正 (after it), always with reasons. 予以纠正
    is a finding recorded here; a change of the application's state goes through its own step."""
    appeal = _locked(appeal)
    a = _check_handler(actor, appeal)
    if outcome not in Appeal.Outcome.values:
        raise AppealRefusal("请选择处理结论。", {"outcome": ["请选择处理结论。"]})
    if appeal.status == Appeal.Status.CLOSED:
        raise AppealRefusal("该申请已办结。", conflict=True)
    if outcome == Appeal.Outcome.REJECTED and appeal.status != Appeal.Status.FILED:
        raise AppealRefusal("已受理的申请应作出维持原结论或予以纠正的结论。", {"outcome": ["已受理，不能不予受理。"]})
    if outcome != Appeal.Outcome.REJECTED and appeal.status != Appeal.Status.ACCEPTED:
        raise AppealRefusal("请先受理，再作出处理结论。", {"outcome": ["尚未受理。"]})
    reason = _note(reason, required="请写明结论理由。")
    fraud_found = bool(fraud_found) and outcome == Appeal.Outcome.CORRECTED
    appeal.status, appeal.outcome, appeal.outcome_reason = Appeal.Status.CLOSED, outcome, reason
    appeal.fraud_found, appeal.closed_by, appeal.closed_at = fraud_found, actor, timezone.now()
    appeal.save(update_fields=["status", "outcome", "outcome_reason", "fraud_found", "closed_by", "closed_at"])
    AppealStep.objects.create(appeal=appeal, note=f"办结：{appeal.get_outcome_display()}。{reason}", by=actor)
    record("appeal_decided", actor=actor, obj=appeal.application, role=a.role, organization=appeal.handler_org,
           ip=ip, reason=reason, details={"appeal": appeal.pk, "outcome": outcome, "fraud_found": fraud_found})
    _tell_applicant(appeal, f"您的{appeal.get_kind_display()}已办结：{appeal.get_outcome_display()}",
                    f"处理结论：{appeal.get_outcome_display()}。理由：{reason}")
    if fraud_found:
        _tell_province(appeal)
    return appeal


def revocation_link(appeal: Appeal) -> str:
    """The 撤销 page of the certificate, when the request found fraud and a certificate was issued."""
    if not appeal.fraud_found:
        return ""
    from .models import Certificate

    cert = Certificate.objects.filter(application_id=appeal.application_id, status=Certificate.Status.VALID
                                      ).values_list("pk", flat=True).first()
    return reverse("results_certificate_revoke", args=[cert]) if cert else ""


def _tell_province(appeal: Appeal) -> None:
    """Fraud found: the provincial office decides on 撤销 (its own step) or on disqualification."""
    link = revocation_link(appeal) or _link(appeal)
    ids = RoleAssignment.objects.filter(role=Role.PROVINCIAL_OFFICE).values_list("user_id", flat=True)
    from zhicheng.orgs.models import User

    for person in User.objects.filter(pk__in=ids, is_active=True):
        notify(person, subject=f"{appeal.get_kind_display()}查实弄虚作假：{appeal.application.applicant.real_name}",
               body=f"{appeal.handler_org.name}办结的{appeal.get_kind_display()}查实弄虚作假，请依规办理撤销等事项。",
               link=link)
