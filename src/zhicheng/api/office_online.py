"""§三(二)/(三) 网上申报与网上审核: the differences from the published material, and the office's queue.
Submitting, passing and returning go through the actions endpoint (online_submit, online_pass, online_return)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from zhicheng.dossier.permissions import is_owner, visible_applications
from zhicheng.http import IdsFirst
from zhicheng.office_review import online
from zhicheng.orgs.roles import Role
from zhicheng.orgs.scope import has_role
from zhicheng.workflow.states import OFFICE_EDITABLE_STATES, State

from .applications import LIST_ROWS, ApplicationOut, application_out
from .common import Problem, app_or_404

router = Router(tags=["网上申报与网上审核"])


class OnlineDiffRowOut(Schema):
    section: str
    kind: str
    field: str
    old: str
    new: str
    file: bool


class OnlineDiffOut(Schema):
    source: str  # "live": the dossier now (the applicant, before submitting); "submitted": as submitted
    paper: bool  # no version was published online (纸质途径): nothing to compare
    published_version: int | None
    version_number: int | None
    submitted_at: datetime.datetime | None
    confirmed: bool
    differences: list[OnlineDiffRowOut]


@router.get("/applications/{id:pk}/online-diff", response={200: OnlineDiffOut, 404: Problem},
            summary="网上申报与公示材料的差异（公示时 / 现在）")
def online_diff(request, pk: int):
    app = app_or_404(request, pk)
    last = online.last_submission(app)
    if is_owner(request.auth, app) and (app.state in OFFICE_EDITABLE_STATES or last is None):
        c = online.compare(app)
        return {"source": "live", "paper": c.paper, "published_version": c.published.number if c.published else None,
                "version_number": None, "submitted_at": None, "confirmed": False, "differences": c.rows}
    if last is None:  # others read only what was submitted
        return {"source": "submitted", "paper": False, "published_version": None, "version_number": None,
                "submitted_at": None, "confirmed": False, "differences": []}
    return {"source": "submitted", "paper": last.published_version is None,
            "published_version": last.published_version, "version_number": last.version_number,
            "submitted_at": last.submitted_at, "confirmed": last.confirmed, "differences": last.differences}


@router.get("/office/online/queue", response={200: list[ApplicationOut], 403: Problem},
            summary="待网上审核的申报（本主管部门范围）")
@paginate(PageNumberPagination, page_size=20)
def online_queue(request):
    if not has_role(request.auth, Role.OFFICE_REVIEWER):
        raise PermissionDenied("只有主管部门审核人员可以查看网上审核队列。")
    qs = visible_applications(request.auth).filter(state=State.ONLINE_SUBMITTED)
    return IdsFirst(qs.order_by("updated_at", "id"), LIST_ROWS, application_out)
