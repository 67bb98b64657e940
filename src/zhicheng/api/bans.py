"""禁申登记 (integrity): offices and the provincial office read the shared registry, ID numbers masked."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from zhicheng.integrity import services
from zhicheng.orgs.validators import mask_id_number

from .common import Serialised

router = Router(tags=["禁申登记"])


class BanOut(Schema):
    id: int
    person_name: str
    id_number: str  # masked
    starts_on: datetime.date
    ends_on: datetime.date
    authority: str
    reason: str
    unit: str


def _ban_out(b) -> dict:
    return {"id": b.pk, "person_name": b.person_name, "id_number": mask_id_number(b.id_number),
            "starts_on": b.starts_on, "ends_on": b.ends_on, "authority": b.authority, "reason": b.reason,
            "unit": b.application.unit.name if b.application_id else ""}


@router.get("", response=list[BanOut], summary="禁申登记（主管部门、省职改办）")
@paginate(PageNumberPagination, page_size=20)
def list_bans(request):
    if not services.registry_allowed(request.auth):
        raise PermissionDenied("只有主管部门和省职改办可以查看禁申登记。")
    return Serialised(services.registry(request.auth), _ban_out)
