"""职称证书 (§五): the public verification (no login: number and name, or the QR code's verification code;
masked data only; rate-limited per client address like the page) and the holder's own certificates."""

from __future__ import annotations

import datetime

from ninja import Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from zhicheng.http import IdsFirst, client_ip
from zhicheng.orgs.validators import mask_id_number
from zhicheng.results import services

from .common import Problem

router = Router(tags=["职称证书"])


class CertificateOut(Schema):
    number: str
    holder_name: str
    id_number: str  # masked
    unit_name: str
    series: str
    specialty: str
    title: str
    level: str
    obtained_by: str
    committee_name: str
    authority: str
    document_number: str
    obtained_on: datetime.date
    issued_on: datetime.date
    status: str
    status_label: str
    revoked_on: datetime.date | None = None


class VerifyIn(Schema):
    number: str = ""
    name: str = ""


class VerificationOut(Schema):
    found: bool
    revoked: bool
    message: str
    certificate: CertificateOut | None = None


class OwnOut(CertificateOut):
    id: int
    verification_code: str


def _verification_out(v: services.Verification) -> dict:
    return {"found": v.found, "revoked": v.revoked, "message": v.message, "certificate": v.data or None}


def _answer(call):
    try:
        return _verification_out(call())
    except services.TooManyLookups as exc:
        return Status(429, {"detail": exc.problems})


@router.post("/verify", auth=None, response={200: VerificationOut, 422: Problem, 429: Problem},
             summary="证书查询（无需登录：证书编号与姓名）")
def verify(request, payload: VerifyIn):
    return _answer(lambda: services.verify(payload.number, payload.name, ip=client_ip(request)))


@router.get("/verify/{code}", auth=None, response={200: VerificationOut, 429: Problem},
            summary="证书查询（无需登录：二维码验证码）")
def verify_code(request, code: str):
    return _answer(lambda: services.verify_code(code, ip=client_ip(request)))


def _own_out(c) -> dict:
    return {**services.public_data(c), "id": c.pk, "verification_code": c.verification_code,
            "id_number": mask_id_number(c.id_number)}


@router.get("", response=list[OwnOut], summary="本人的职称证书（分页，最近在前）")
@paginate(PageNumberPagination, page_size=20)
def own_certificates(request):
    # a handful per person, but paged like every other list (the same shape; no silent cut)
    mine = services.holder_certificates(request.auth)
    return IdsFirst(mine.order_by("-issued_on", "-id"), mine, _own_out)
