"""The signed-in user: who they are, their roles, and the organisations in their data scope."""

from __future__ import annotations

from ninja import Router, Schema

from zhicheng.orgs.scope import assignments, visible_organizations

router = Router(tags=["账户"])


class RoleOut(Schema):
    role: str
    role_label: str
    organization_id: int
    organization: str


class MeOut(Schema):
    id: int
    username: str
    real_name: str
    id_number_masked: str
    roles: list[RoleOut]


class OrganizationOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    parent_id: int | None
    credit_code: str | None


@router.get("/me", response=MeOut, summary="当前用户与角色")
def get_me(request):
    u = request.auth
    return {"id": u.pk, "username": u.username, "real_name": u.real_name, "id_number_masked": u.masked_id_number,
            "roles": [{"role": a.role, "role_label": a.get_role_display(), "organization_id": a.organization_id,
                       "organization": a.organization.name} for a in assignments(u)]}


@router.get("/organizations", response=list[OrganizationOut], summary="数据范围内的组织机构")
def list_organizations(request):
    return [{"id": o.pk, "name": o.name, "kind": o.kind, "kind_label": o.get_kind_display(),
             "parent_id": o.parent_id, "credit_code": o.credit_code} for o in visible_organizations(request.auth)]
