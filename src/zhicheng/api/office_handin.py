"""§三(三) 交卷审查 and 报送: the same services as the pages (office_review/views_handin.py). Another office's
application is 404 (app_or_404 + the office reviewer's scope); ID numbers are masked in the transfer list."""

from __future__ import annotations

import datetime
from decimal import Decimal
from urllib.parse import quote

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from zhicheng.documents.pdf import pdf_response
from zhicheng.errors import Refusal
from zhicheng.http import client_ip
from zhicheng.office_review import handin, transfer
from zhicheng.office_review.models import Endorsement, FeePayment, PaperDossier
from zhicheng.orgs.roles import Role
from zhicheng.orgs.scope import covering

from .common import WRITE_ERRORS, Problem, app_or_404

router = Router(tags=["交卷审查与报送"])
ROW_KEYS = ("order", "name", "id_number_masked", "unit", "series", "specialty", "title", "level", "endorsed_on",
            "receipt_no")


class HandinPaperIn(Schema):
    received_on: datetime.date
    items: list[str]
    note: str = ""


class HandinFeeIn(Schema):
    receipt_no: str
    paid_on: datetime.date


class HandinEndorseIn(Schema):
    text: str = ""
    signer_name: str = ""
    signed_on: datetime.date | None = None


class HandinOut(Schema):
    application_id: int
    state: str
    checklist: list[str]
    paper_received_on: datetime.date | None
    paper_items: list[str]
    paper_missing: list[str]
    paper_complete: bool
    paper_bound: bool
    fee_amount: Decimal | None
    fee_paid: bool
    fee_receipt_no: str
    endorsement_text: str
    missing: list[str]


class ForwardingIn(Schema):
    application_ids: list[int]
    office_id: int | None = None


class ForwardingGroupOut(Schema):
    kind: str
    to: str
    year: int
    application_ids: list[int]
    problem: str


class TransferRowOut(Schema):
    """One line of the transfer list (移交清单), ID number masked."""
    order: int
    name: str
    id_number_masked: str
    unit: str
    series: str
    specialty: str
    title: str
    level: str
    endorsed_on: str
    receipt_no: str


class ForwardingOut(Schema):
    id: int
    office: str
    to: str
    kind: str
    year: int
    deadline: datetime.date | None
    created_at: datetime.datetime
    entries: list[TransferRowOut]


def _app(request, pk: int):
    app = app_or_404(request, pk)
    if not covering(request.auth, app, {Role.OFFICE_REVIEWER}):
        raise Http404
    return app


def _out(app) -> dict:
    paper = PaperDossier.objects.filter(application=app).first()
    fee = FeePayment.objects.filter(application=app).first()
    e = Endorsement.objects.filter(application=app).first()
    return {"application_id": app.pk, "state": app.state, "checklist": [i.name for i in handin.checklist(app.series)],
            "paper_received_on": paper.received_on if paper else None, "paper_items": paper.items if paper else [],
            "paper_missing": paper.missing if paper else [], "paper_complete": bool(paper and paper.complete),
            "paper_bound": bool(paper and paper.bound_at), "fee_amount": handin.fee_amount(app),
            "fee_paid": fee is not None, "fee_receipt_no": fee.receipt_no if fee else "",
            "endorsement_text": e.text if e else "",
            "missing": handin.endorsement_problems(app) if app.state == "online_passed" else []}


@router.get("/applications/{id:pk}/handin", response={200: HandinOut, 404: Problem}, summary="交卷审查情况")
def handin_state(request, pk: int):
    return _out(_app(request, pk))


@router.post("/applications/{id:pk}/handin/paper", response={200: HandinOut, 409: Problem, **WRITE_ERRORS},
             summary="登记纸质材料接收（按组卷要求逐项）")
def paper(request, pk: int, payload: HandinPaperIn):
    app = _app(request, pk)
    handin.record_paper(request.auth, app, received_on=payload.received_on, items=payload.items,
                        note=payload.note, ip=client_ip(request))
    return _out(app)


@router.post("/applications/{id:pk}/handin/bind", response={200: HandinOut, 409: Problem, **WRITE_ERRORS},
             summary="登记胶装（网上申报提交后）")
def bind(request, pk: int):
    app = _app(request, pk)
    handin.bind(request.auth, app, ip=client_ip(request))
    return _out(app)


@router.post("/applications/{id:pk}/handin/fee", response={200: HandinOut, 409: Problem, **WRITE_ERRORS},
             summary="登记评审费缴纳")
def fee(request, pk: int, payload: HandinFeeIn):
    app = _app(request, pk)
    handin.record_fee(request.auth, app, receipt_no=payload.receipt_no, paid_on=payload.paid_on,
                      ip=client_ip(request))
    return _out(app)


@router.post("/applications/{id:pk}/handin/endorse", response={200: HandinOut, 409: Problem, **WRITE_ERRORS},
             summary="签署呈报意见")
def endorse(request, pk: int, payload: HandinEndorseIn):
    app = _app(request, pk)
    app = handin.endorse(request.auth, app, text=payload.text, signer_name=payload.signer_name,
                         signed_on=payload.signed_on, ip=client_ip(request))
    return _out(app)


def _office(request, office_id: int | None):
    offices = transfer.offices_of(request.auth)
    chosen = next((o for o in offices if office_id in (None, o.pk)), None)
    if chosen is None:
        raise Http404
    return chosen


@router.get("/office/forwarding", response={200: list[ForwardingGroupOut], 404: Problem}, summary="待报送（按接收单位分组）")
def pending(request, office_id: int | None = None):
    routed, stopped = transfer.groups(_office(request, office_id))
    return [{"kind": g.kind, "to": g.org.name if g.org else "", "year": g.year,
             "application_ids": [a.pk for a in g.apps], "problem": g.problem} for g in routed + stopped]


def batch_out(b) -> dict:
    return {"id": b.pk, "office": b.office.name, "to": b.to_org.name, "kind": b.kind, "year": b.year,
            "deadline": b.deadline, "created_at": b.created_at,
            "entries": [dict(zip(ROW_KEYS, row, strict=True)) for row in transfer.rows(b)]}


@router.post("/office/forwarding", response={201: ForwardingOut, 409: Problem, **WRITE_ERRORS},
             summary="报送一批（同一接收单位，全部成功或全部不报送）")
def forward(request, payload: ForwardingIn):
    office = _office(request, payload.office_id)
    ids = {i for i in payload.application_ids if 0 < i < 2**31}
    apps = list(transfer.endorsed(office).filter(pk__in=ids))
    if len(apps) != len(ids) or not ids or len(ids) != len(set(payload.application_ids)):
        raise Refusal("部分申报不在本主管部门的待报送列表中。")
    return Status(201, batch_out(transfer.forward(request.auth, office, apps, ip=client_ip(request))))


@router.get("/office/forwarding/{id:pk}", response={200: ForwardingOut, 404: Problem}, summary="报送批次")
def batch(request, pk: int):
    return batch_out(get_object_or_404(transfer.visible_batches(request.auth), pk=pk))


def _transfer(request, pk: int, fmt: str):
    b = get_object_or_404(transfer.visible_batches(request.auth), pk=pk)
    name = transfer.file_name(b)
    if fmt == "pdf":
        return pdf_response(transfer.transfer_pdf(b), name)
    response = HttpResponse(transfer.transfer_xlsx(b), content_type=transfer.XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name + '.xlsx')}"
    return response


@router.get("/office/forwarding/{id:pk}/transfer.xlsx", response={200: None, 404: Problem},
            summary="下载移交清单（XLSX，身份证号脱敏）")
def transfer_xlsx(request, pk: int):
    return _transfer(request, pk, "xlsx")


@router.get("/office/forwarding/{id:pk}/transfer.pdf", response={200: None, 404: Problem},
            summary="下载移交清单（A4 PDF，身份证号脱敏）")
def transfer_pdf(request, pk: int):
    return _transfer(request, pk, "pdf")
