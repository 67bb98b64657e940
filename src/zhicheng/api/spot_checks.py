"""省职改办抽查 (§四(一)): the provincial office's incoming 高级 batches, the reproducible draw, findings and
delegation; the office's returned applications — the same services as the screens. Returning and resubmitting
one application are the map's steps: POST /applications/{id}/actions/spot_return | resubmit_spot.

A batch's people are a paged list of their own (/{pk}/entries), as on the batch page: the draw's sampled ids, the
findings (PUT /findings/{id}) and the delegation never need the whole list at once."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from zhicheng.committee import spotcheck as sc
from zhicheng.committee.models import SpotCheck, SpotFinding, SpotReturn
from zhicheng.dossier.models import Application
from zhicheng.http import IdsFirst, client_ip
from zhicheng.office_review.models import Forwarding, ForwardingEntry
from zhicheng.orgs.roles import Role
from zhicheng.orgs.scope import has_role
from zhicheng.orgs.validators import mask_id_number

from .common import WRITE_ERRORS, Problem

router = Router(tags=["省职改办抽查"])
READ_ERRORS = {403: Problem, 404: Problem}


class DrawOut(Schema):
    seed: str
    method: str
    share_percent: int
    minimum: int
    size: int
    eligible_ids: list[int]
    sampled_ids: list[int]
    reproduced_ids: list[int]
    by: str
    at: datetime.datetime
    delegated_at: datetime.datetime | None


class BatchOut(Schema):
    id: int
    office: str
    year: int
    created_at: datetime.datetime
    counts: dict[str, int]
    spot_check: DrawOut | None = None


class EntryOut(Schema):
    application_id: int
    order: int
    name: str
    id_number: str
    unit: str
    state: str
    sampled: bool
    finding: str | None
    items: list[str]
    host: str | None


class BatchDetailOut(BatchOut):
    problems: list[str]


class FindingIn(Schema):
    result: str
    items: list[str] = []


class FindingOut(Schema):
    application_id: int
    result: str
    items: list[str]


class DelegatedOut(Schema):
    id: int
    to_org: str
    entries: int


class ReturnedOut(Schema):
    application_id: int
    name: str
    id_number: str
    unit: str
    reasons: list[str]
    note: str
    deadline: datetime.date


def _provincial_only(request) -> None:
    if not sc.is_provincial(request.auth):
        raise PermissionDenied("只有省职改办可以进行抽查。")


def _draw(c: SpotCheck | None) -> dict | None:
    if c is None:
        return None
    return {"seed": c.seed, "method": c.method, "share_percent": c.share_percent, "minimum": c.minimum,
            "size": c.size, "eligible_ids": c.eligible_ids, "sampled_ids": c.sampled_ids,
            "reproduced_ids": sc.reproduce(c), "by": c.by.real_name, "at": c.at, "delegated_at": c.delegated_at}


def _batch(b: Forwarding, counts: dict, check: SpotCheck | None) -> dict:
    return {"id": b.pk, "office": b.office.name, "year": b.year, "created_at": b.created_at,
            "counts": dict(counts), "spot_check": _draw(check)}


@router.get("", response={200: list[BatchOut], 403: Problem}, summary="报送省职改办抽查的批次（分页）")
def list_batches(request, page: int = 1):
    _provincial_only(request)
    per = 50
    page = max(page, 1)
    rows = IdsFirst(sc.batches_for(request.auth).order_by("-created_at", "-id"),
                    Forwarding.objects.select_related("office"))[(page - 1) * per:page * per]
    counts = sc.batch_counts([b.pk for b in rows])
    checks = {c.forwarding_id: c for c in SpotCheck.objects.filter(forwarding__in=[b.pk for b in rows])
              .select_related("by")}
    return [_batch(b, counts.get(b.pk, {}), checks.get(b.pk)) for b in rows]


def _detail(request, pk: int) -> dict:
    b = sc.batch_or_404(request.auth, pk)
    check = SpotCheck.objects.filter(forwarding=b).select_related("by").first()
    out = _batch(b, sc.batch_counts([b.pk]).get(b.pk, {}), check)
    out["problems"] = sc.batch_problems(check) if check else []
    return out


ENTRY_ROWS = ForwardingEntry.objects.select_related("application__applicant", "application__unit", "route__host")


class _EntryPage(IdsFirst):
    """A batch's people, ids first; the findings are read once for the page's rows (not per row)."""

    def __init__(self, batch: Forwarding, check: SpotCheck | None):
        super().__init__(batch.entries.order_by("order", "id"), ENTRY_ROWS)
        self.check = check

    def __getitem__(self, index):
        rows = super().__getitem__(index)
        if not isinstance(index, slice):
            return rows
        check, ids = self.check, [e.application_id for e in rows]
        found = {f.application_id: f for f in SpotFinding.objects.filter(spot_check=check, application_id__in=ids)} \
            if check and ids else {}
        sampled = set(check.sampled_ids) if check else set()
        return [{
            "application_id": e.application_id, "order": e.order, "name": e.application.applicant.real_name,
            "id_number": mask_id_number(e.application.applicant.id_number), "unit": e.application.unit.name,
            "state": e.application.state, "sampled": e.application_id in sampled,
            "finding": getattr(found.get(e.application_id), "result", None),
            "items": getattr(found.get(e.application_id), "items", []),
            "host": e.route.host.name if e.route and e.route.host_id else None} for e in rows]


def _returned_out(r: SpotReturn) -> dict:
    return {"application_id": r.application_id, "name": r.application.applicant.real_name,
            "id_number": mask_id_number(r.application.applicant.id_number), "unit": r.application.unit.name,
            "reasons": r.reasons, "note": r.note, "deadline": r.deadline}


@router.get("/returned", response={200: list[ReturnedOut], 403: Problem},
            summary="本主管部门被抽查退回补正的申报（分页，期限近的在前）")
@paginate(PageNumberPagination, page_size=20)
def returned(request):
    if not has_role(request.auth, Role.OFFICE_REVIEWER):
        raise PermissionDenied("只有主管部门审核人员可以查看抽查退回的申报。")
    returns = sc.returned_for(request.auth)
    return IdsFirst(returns.order_by("deadline", "id"), returns, _returned_out)


@router.get("/{pk}", response={200: BatchDetailOut, **READ_ERRORS},
            summary="批次、抽取记录（可复核）与抽查结论（批次人员见 /{pk}/entries）")
def get_batch(request, pk: int):
    _provincial_only(request)
    return _detail(request, pk)


@router.get("/{pk}/entries", response={200: list[EntryOut], **READ_ERRORS},
            summary="批次人员、是否抽中及抽查结论（分页，按报送顺序）")
@paginate(PageNumberPagination, page_size=20)
def list_entries(request, pk: int):
    _provincial_only(request)
    b = sc.batch_or_404(request.auth, pk)
    return _EntryPage(b, SpotCheck.objects.filter(forwarding=b).first())


@router.post("/{pk}/draw", response={201: BatchDetailOut, **WRITE_ERRORS, 409: Problem},
             summary="随机抽取（系统生成种子；每批次一次）")
def draw(request, pk: int):
    _provincial_only(request)
    sc.draw(request.auth, sc.batch_or_404(request.auth, pk), ip=client_ip(request))
    return Status(201, _detail(request, pk))


@router.put("/findings/{pk}", response={200: FindingOut, **WRITE_ERRORS},
            summary="记录抽中申报（编号 pk）的抽查结论（ok 合格 / problem 存在问题，列出全部问题）")
def put_finding(request, pk: int, data: FindingIn):
    _provincial_only(request)
    app = Application.objects.filter(pk=pk).first()
    batch = sc.batch_of(app) if app else None
    if batch is None or not sc.receives(request.auth, batch):
        raise Http404
    check = SpotCheck.objects.filter(forwarding=batch).select_related("forwarding__to_org").first()
    if check is None or pk not in check.sampled_ids:
        raise Http404
    if data.result not in ("ok", "problem"):
        raise sc.SpotCheckError("抽查结论须为 ok（合格）或 problem（存在问题）。", {"result": ["请选择抽查结论。"]})
    f = sc.record_finding(request.auth, check, app, ok=data.result == "ok", items=data.items, ip=client_ip(request))
    return {"application_id": f.application_id, "result": f.result, "items": f.items}


@router.post("/{pk}/delegate", response={201: list[DelegatedOut], **WRITE_ERRORS},
             summary="委托评委会组建单位（按评审路由分组）")
def delegate(request, pk: int):
    _provincial_only(request)
    made = sc.delegate(request.auth, sc.batch_or_404(request.auth, pk), ip=client_ip(request))
    return Status(201, [{"id": fw.pk, "to_org": fw.to_org.name, "entries": fw.entries.count()} for fw in made])
