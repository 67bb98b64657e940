"""职称证书 (seed §五): issue one per passed application, revoke after fraud (with the ban), and the public
verification (证书查询) — found only when the number and the name both match, masked data only, the same
answer for a wrong name and an unknown number, rate-limited per client address."""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from zhicheng.audit.services import record
from zhicheng.codes.models import get_param
from zhicheng.errors import Refusal
from zhicheng.integrity.services import record_ban
from zhicheng.orgs.validators import mask_id_number
from zhicheng.workdays.formats import cn_date

from .models import Certificate, Lookup
from .permissions import can_issue_certificate, can_revoke_certificate

NOT_FOUND = "未查询到匹配的证书，请核对证书编号和姓名。"
ONE_HOUR = datetime.timedelta(hours=1)
# Unambiguous characters (no 0/O, 1/I/L): a code read off paper can be typed back.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 16  # 31^16 ≈ 7×10^23: not guessable


class ResultsRefusal(Refusal):
    """A refused certificate step."""


class TooManyLookups(ResultsRefusal):
    """More than `certificate_lookups_per_hour` public lookups from one address (answered 429)."""


def number_prefix(year: int) -> str:
    """冀ZC2026…: the province's prefix (setting CERTIFICATE_NUMBER_PREFIX) and the year of issue."""
    return f"{getattr(settings, 'CERTIFICATE_NUMBER_PREFIX', '冀ZC')}{year}"


def next_number(year: int) -> str:
    """The next number of the year: prefix + 6-digit sequence (冀ZC2026000001). Unique by constraint; the
    caller retries when a concurrent issue took the same number."""
    prefix = number_prefix(year)
    last = (Certificate.objects.filter(number__startswith=prefix).order_by("-number")
            .values_list("number", flat=True).first())
    seq = int(last[len(prefix):]) + 1 if last else 1
    return f"{prefix}{seq:06d}"


def new_verification_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def issue_certificate(actor, application, *, committee_name: str, authority: str, document_number: str,
                      obtained_on: datetime.date, issued_on: datetime.date, ip: str | None = None) -> Certificate:
    """发证: the certificate of a person who passed, as the result document (发文) says. One per application.

    The §五 发文 step calls this for each person in its document; it is responsible for the application
    having passed (the state is not checked here until that step exists)."""
    allowed = can_issue_certificate(actor)
    if not allowed:
        raise ResultsRefusal(allowed.reason, forbidden=True)
    problems = []
    committee_name, authority = (committee_name or "").strip(), (authority or "").strip()
    document_number = (document_number or "").strip()
    if not committee_name:
        problems.append("请填写评审委员会名称。")
    if not authority:
        problems.append("请填写审批（备案）机关。")
    if not document_number:
        problems.append("请填写文号。")
    if obtained_on and issued_on and issued_on < obtained_on:
        problems.append("发证日期不能早于取得资格时间。")
    if problems:
        raise ResultsRefusal(problems)
    person = application.applicant
    for _attempt in range(5):
        try:
            with transaction.atomic():
                if Certificate.objects.filter(application=application).exists():
                    raise ResultsRefusal("该申报人员本次评审的职称证书已发放，不能重复发证。", conflict=True)
                cert = Certificate.objects.create(
                    application=application, holder=person, number=next_number(issued_on.year),
                    holder_name=person.real_name, id_number=person.id_number or "", unit_name=application.unit.name,
                    series=application.series.name, specialty=application.specialty, title=application.title,
                    level=application.level, committee_name=committee_name[:200], authority=authority[:200],
                    document_number=document_number[:100], obtained_on=obtained_on, issued_on=issued_on,
                    verification_code=new_verification_code(), issued_by=actor)
                record("results.certificate_issued", actor=actor, obj=cert, ip=ip, role=allowed.assignment.role,
                       organization=allowed.assignment.organization,
                       details={"number": cert.number, "application": application.pk,
                                "document_number": cert.document_number})
                return cert
        except IntegrityError:
            if Certificate.objects.filter(application=application).exists():
                raise ResultsRefusal("该申报人员本次评审的职称证书已发放，不能重复发证。", conflict=True) from None
            continue  # a concurrent issue took the number: draw the next one
    raise ResultsRefusal("证书编号分配冲突，请稍后重试。", conflict=True)


@transaction.atomic
def revoke(actor, certificate: Certificate, *, reason: str, on: datetime.date | None = None,
           authority: str = "", ip: str | None = None) -> Certificate:
    """撤销 after fraud (seed §五): the certificate shows as revoked on verification from `on`, and the
    person is banned for `ban_years` from that day (integrity.record_ban)."""
    allowed = can_revoke_certificate(actor)
    if not allowed:
        raise ResultsRefusal(allowed.reason, forbidden=True)
    reason = (reason or "").strip()
    if not reason:
        raise ResultsRefusal("请填写撤销的事实与理由。", {"reason": ["请填写撤销的事实与理由。"]})
    cert = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if cert.status == Certificate.Status.REVOKED:
        raise ResultsRefusal(f"该证书已于{cn_date(cert.revoked_on)}撤销。", conflict=True)
    on = on or timezone.localdate()
    if on < cert.issued_on:
        raise ResultsRefusal(f"撤销日期不能早于发证日期（{cn_date(cert.issued_on)}）。",
                             {"on": ["撤销日期不能早于发证日期。"]})
    if on.year > timezone.localdate().year + 10:  # the ban's end would be out of the calendar's range
        raise ResultsRefusal("撤销日期有误，请核对。", {"on": ["撤销日期有误，请核对。"]})
    cert.status, cert.revoked_on, cert.revoked_reason, cert.revoked_by = (
        Certificate.Status.REVOKED, on, reason, actor)
    cert.save(update_fields=["status", "revoked_on", "revoked_reason", "revoked_by"])
    authority = (authority or allowed.assignment.organization.name).strip()
    ban = record_ban(actor, id_number=cert.id_number, person_name=cert.holder_name, starts_on=on,
                     authority=authority, reason=f"职称证书{cert.number}被撤销：{reason}",
                     application=cert.application, ip=ip)
    record("results.certificate_revoked", actor=actor, obj=cert, ip=ip, role=allowed.assignment.role,
           organization=allowed.assignment.organization, reason=reason,
           details={"number": cert.number, "revoked_on": on.isoformat(), "ban_id": ban.pk,
                    "ban_ends_on": ban.ends_on.isoformat()})
    certificate.refresh_from_db()
    return cert


# --------------------------------------------------------------------------- public verification


@dataclass
class Verification:
    found: bool
    message: str
    data: dict = field(default_factory=dict)  # masked data only
    revoked: bool = False


def public_data(cert: Certificate) -> dict:
    """What the public sees: the ID number masked, nothing else personal."""
    return {"number": cert.number, "holder_name": cert.holder_name, "id_number": mask_id_number(cert.id_number),
            "unit_name": cert.unit_name, "series": cert.series, "specialty": cert.specialty,
            "title": cert.title.name, "level": cert.get_level_display(), "obtained_by": cert.obtained_by,
            "committee_name": cert.committee_name, "authority": cert.authority,
            "document_number": cert.document_number, "obtained_on": cert.obtained_on,
            "issued_on": cert.issued_on, "status": cert.status, "status_label": cert.get_status_display(),
            "revoked_on": cert.revoked_on}


def _answer(cert: Certificate | None) -> Verification:
    if cert is None:
        return Verification(False, NOT_FOUND)
    if cert.status == Certificate.Status.REVOKED:
        return Verification(True, f"该证书已于{cn_date(cert.revoked_on)}撤销，不再有效。", public_data(cert),
                            revoked=True)
    return Verification(True, "经查询，该证书真实有效。", public_data(cert))


def _limit(ip: str | None, number: str) -> None:
    if ip and Lookup.objects.filter(ip=ip, created_at__gte=timezone.now() - ONE_HOUR).count() >= get_param(
            "certificate_lookups_per_hour"):
        raise TooManyLookups("查询过于频繁，请一小时后再试。")


def verify(number: str, name: str, *, ip: str | None = None) -> Verification:
    """证书查询: found only when the number and the holder's name both match; a wrong name and an unknown
    number get the same answer (which part was wrong is not revealed). Rate-limited per address."""
    number, name = (number or "").strip().upper(), "".join((name or "").split())
    problems = [m for m, v in (("请填写证书编号。", number), ("请填写姓名。", name)) if not v]
    problems += [m for m, v, most in (("证书编号不超过30个字符。", number, 30), ("姓名不超过50个字符。", name, 50))
                 if len(v) > most]
    if problems:
        raise ResultsRefusal(problems)
    _limit(ip, number)
    cert = (Certificate.objects.select_related("title").filter(number=number[:30], holder_name=name[:50]).first())
    Lookup.objects.create(ip=ip, number=number[:30], found=cert is not None)
    return _answer(cert)


def verify_code(code: str, *, ip: str | None = None) -> Verification:
    """The QR code's page: the verification code alone identifies the certificate (unguessable)."""
    code = (code or "").strip().upper()
    _limit(ip, "")
    cert = Certificate.objects.select_related("title").filter(verification_code=code[:32]).first() if code else None
    Lookup.objects.create(ip=ip, number=cert.number if cert else "", found=cert is not None)
    return _answer(cert)


def purge_lookups(today: datetime.date) -> str:
    """Daily job: lookups older than a day are no longer needed for the hourly limit."""
    deleted, _ = Lookup.objects.filter(created_at__lt=timezone.now() - datetime.timedelta(days=1)).delete()
    return f"删除证书查询记录{deleted}条"


def holder_certificates(user):
    """The person's own certificates."""
    return Certificate.objects.filter(holder=user).select_related("title").order_by("-issued_on", "-id")
