"""真实性承诺书: confirmed in the system by the applicant and a unit leader (time, IP, version), scan uploaded."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from zhicheng.audit.services import record
from zhicheng.dossier.services import fingerprint
from zhicheng.files import services as files
from zhicheng.orgs.roles import Role
from zhicheng.workflow.states import State

from .. import permissions as perms
from ..models import Pledge
from .common import SubmissionError, _deny

# States in which the pledge may be confirmed: submitted to the unit, not yet sent upward.
PLEDGE_STATES = frozenset({State.SUBMITTED, State.UNIT_VERIFIED, State.SCORED, State.RECOMMENDED, State.IN_NOTICE,
                           State.UNDER_INVESTIGATION, State.NOTICE_PASSED})


def current_version(application) -> tuple[int, str] | None:
    """(number, fingerprint) of the latest submitted version: what the forms print and the office gets."""
    v = application.versions.order_by("-number").only("number", "snapshot").first()
    return (v.number, fingerprint(v.snapshot)) if v else None


# --------------------------------------------------------------------------- pledge

def pledge_of(application) -> Pledge:
    return Pledge.objects.filter(application=application).first() or Pledge(application=application)


@transaction.atomic
def confirm_pledge(actor, application, *, ip: str | None = None) -> Pledge:
    """The applicant or a unit leader confirms the pledge for the current submitted version."""
    decision = perms.pledge_role(actor, application)
    _deny(decision)
    if application.state not in PLEDGE_STATES:
        raise SubmissionError(f"当前状态为“{application.get_state_display()}”，不能确认承诺书。")
    version = current_version(application)
    if version is None:
        raise SubmissionError("申报材料尚未提交，不能确认承诺书。")
    pledge = Pledge.objects.select_for_update().filter(application=application).first() or Pledge(
        application=application)
    now = timezone.now()
    if decision.assignment.role == Role.APPLICANT:
        if pledge.applicant_version == version[0]:
            raise SubmissionError("您已确认过本承诺书。")
        pledge.applicant_confirmed_at, pledge.applicant_ip, pledge.applicant_version = now, ip, version[0]
        who = "applicant"
    else:
        if pledge.leader_version == version[0]:
            raise SubmissionError(f"单位领导{pledge.leader.real_name}已确认过本承诺书。")
        pledge.leader, pledge.leader_confirmed_at, pledge.leader_ip, pledge.leader_version = actor, now, ip, version[0]
        who = "leader"
    pledge.save()
    record("pledge_confirmed", actor=actor, obj=application, ip=ip, role=decision.assignment.role,
           organization=decision.assignment.organization, details={"as": who, "version": version[0]})
    return pledge


def upload_pledge_scan(actor, application, uploaded, *, ip: str | None = None) -> Pledge:
    """The signed and sealed pledge, scanned (PDF/JPG/PNG, the upload checks of every file)."""
    _deny(perms.is_unit_hr(actor, application.unit_id))
    if application.state not in PLEDGE_STATES:
        raise SubmissionError(f"当前状态为“{application.get_state_display()}”，不能再上传承诺书扫描件。")
    kind = files.validate_upload(uploaded)
    with files.kept_only_if_committed() as keep, transaction.atomic():
        stored = keep(files.store(uploaded, kind, actor=actor))
        pledge = Pledge.objects.select_for_update().filter(application=application).first() or Pledge(
            application=application)
        old = pledge.scan_id
        pledge.scan, pledge.scan_uploaded_by, pledge.scan_uploaded_at = stored, actor, timezone.now()
        pledge.save()
        if old:
            files.discard([old])
        record("pledge_scan_uploaded", actor=actor, obj=application, ip=ip, details={"file": stored.pk})
    return pledge
