"""人员账号: unit HR and the office make and reset their people's accounts (the same services as the screens).
A password is answered once, in the reply that sets it, and never again."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import PageNumberPagination, paginate

from zhicheng.http import client_ip
from zhicheng.orgs import accounts, roster

from .common import WRITE_ERRORS, Problem, Serialised

router = Router(tags=["人员账号"])


class PersonOut(Schema):
    id: int
    username: str
    real_name: str
    id_number_masked: str
    phone_masked: str
    must_change_password: bool


class PersonIn(Schema):
    unit_id: int
    real_name: str
    id_number: str
    phone: str


class IssuedOut(Schema):
    person: PersonOut
    unit_id: int
    password: str
    row: int | None = None


class ImportOut(Schema):
    created: list[IssuedOut]
    problems: list[str]


def _person(u) -> dict:
    return {"id": u.pk, "username": u.username, "real_name": u.real_name, "id_number_masked": u.masked_id_number,
            "phone_masked": u.masked_phone, "must_change_password": u.must_change_password}


def _issued(i: accounts.Issued) -> dict:
    return {"person": _person(i.user), "unit_id": i.unit.pk, "password": i.password, "row": i.row}


def _unit(request, unit_id: int):
    return get_object_or_404(accounts.manageable_units(request.auth), pk=unit_id)


@router.get("", response=list[PersonOut], summary="我管理的人员账号（单位人事、主管部门）")
@paginate(PageNumberPagination, page_size=20)
def list_people(request):
    return Serialised(accounts.people(request.auth).order_by("real_name", "pk"), _person)


@router.post("", response={201: IssuedOut, **WRITE_ERRORS}, summary="创建人员账号（随机初始密码，仅此一次返回）")
def create_person(request, payload: PersonIn):
    unit = _unit(request, payload.unit_id)
    issued = accounts.create_person(request.auth, unit=unit, real_name=payload.real_name,
                                    id_number=payload.id_number, phone=payload.phone, ip=client_ip(request))
    return Status(201, _issued(issued))


@router.post("/import", response={200: ImportOut, **WRITE_ERRORS}, summary="导入人员名册（XLSX）")
def import_roster(request, roster_file: File[UploadedFile], unit_id: Form[int], good_rows: Form[bool] = False):
    unit = _unit(request, unit_id)
    rows = roster.read_roster(roster_file)
    result = accounts.import_people(request.auth, unit=unit, rows=rows, good_rows=good_rows, ip=client_ip(request))
    return Status(200, {"created": [_issued(i) for i in result.issued], "problems": result.problems})


@router.post("/{id:pk}/reset-password", response={200: IssuedOut, 404: Problem, 403: Problem},
             summary="重置密码（随机新密码，仅此一次返回；下次登录须修改）")
def reset_password(request, pk: int):
    person = get_object_or_404(accounts.people(request.auth), pk=pk)
    return Status(200, _issued(accounts.reset_password(request.auth, person, ip=client_ip(request))))
