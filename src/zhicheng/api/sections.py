"""The dossier's sections: items (validated by the same section forms as the screens), autosaved drafts,
proofs, the work summary, and downloading a file of the dossier."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Body, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from zhicheng.dossier import documents
from zhicheng.dossier import models as m
from zhicheng.dossier import sections as sec
from zhicheng.dossier import services as dossier
from zhicheng.dossier.permissions import can_edit_section, is_owner, sees_submitted_version
from zhicheng.files.views import serve
from zhicheng.http import client_ip

from .common import WRITE_ERRORS, Problem, Scalar, app_or_404, section_or_404

router = Router(tags=["申报材料"])


class FileOut(Schema):
    id: int
    name: str
    size: int


class SectionItemOut(Schema):
    """One item of any section: its fields by name (dates as ISO text, choices by code, references by id),
    and the stored file of the file sections (工作总结, 证明材料)."""

    id: int
    values: dict[str, Scalar]
    file: FileOut | None = None


class SectionOut(Schema):
    key: str
    label: str
    many: bool
    required: bool
    editable: bool
    reason: str
    items: list[SectionItemOut]
    version: int | None = None  # set when the items are those of this submitted version, not live ones


class DraftOut(Schema):
    saved_at: datetime.datetime
    data: dict[str, str]


class AttachmentOut(Schema):
    id: int
    section: str
    item_id: int | None
    description: str
    file_id: int
    file_name: str
    size: int


class WorkSummaryOut(Schema):
    id: int
    file_id: int
    file_name: str
    char_count: int


def item_out(obj) -> dict:
    values = {}
    for f in dossier.display_fields(type(obj)):
        value = getattr(obj, f.attname)
        if isinstance(value, datetime.date):
            value = value.isoformat()
        elif isinstance(value, Decimal):  # 学分 (one decimal) as exact text, as the form takes it
            value = str(value)
        values[f.name] = value
    stored = getattr(obj, "file", None)
    file = {"id": stored.pk, "name": stored.original_name, "size": stored.size} if stored is not None else None
    return {"id": obj.pk, "values": values, "file": file}


def _attachment_out(a: m.Attachment) -> dict:
    return {"id": a.pk, "section": a.section, "item_id": a.item_id, "description": a.description,
            "file_id": a.file_id, "file_name": a.file.original_name, "size": a.file.size}


def _draft_out(d: m.Draft) -> dict:
    return {"saved_at": d.updated_at, "data": {str(k): str(v) for k, v in d.data.items()}}


def _form_data(payload: dict) -> dict:
    """Only scalar values go to the section form: a client cannot pass state, scores or ids."""
    return {str(k): ("" if v is None else str(v)) for k, v in payload.items()
            if isinstance(v, str | int | float | bool | type(None))}


@router.get("/{id:pk}/sections/{key}", response={200: SectionOut, 404: Problem}, summary="某部分的内容")
def get_section(request, pk: int, key: str):
    app = app_or_404(request, pk)
    section = section_or_404(key)
    decision = can_edit_section(request.auth, app, key)
    out = {"key": key, "label": section.label, "many": section.many, "required": section.required,
           "editable": bool(decision), "reason": decision.reason}
    if sees_submitted_version(request.auth, app):  # the applicant is correcting it: the last submission
        version = app.versions.order_by("-number").first()
        rows = version.snapshot.get(key, []) if version else []
        return Status(200, {**out, "version": version.number if version else None,
                            "reason": "申报人正在修改申报材料（退回修改或网上申报中），以下为最近一次提交的内容。",
                            "items": [{"id": r["id"], "values": r["fields"]} for r in rows]})
    return Status(200, {**out, "items": [item_out(o) for o in sec.items(app, section)]})


@router.post("/{id:pk}/sections/{key}", response={201: SectionItemOut, **WRITE_ERRORS},
             summary="新增条目（单条部分为保存）")
def create_item(request, pk: int, key: str, payload: Body[dict]):
    app = app_or_404(request, pk)
    section_or_404(key)
    obj = dossier.save_item(request.auth, app, key, _form_data(payload), ip=client_ip(request))
    return Status(201, item_out(obj))


@router.put("/{id:pk}/sections/{key}/{id:item_id}", response={200: SectionItemOut, **WRITE_ERRORS},
            summary="修改条目")
def update_item(request, pk: int, key: str, item_id: int, payload: Body[dict]):
    app = app_or_404(request, pk)
    section = section_or_404(key)
    obj = dossier.save_item(request.auth, app, key, _form_data(payload),
                            item_id=item_id if section.many else None, ip=client_ip(request))
    return Status(200, item_out(obj))


@router.delete("/{id:pk}/sections/{key}/{id:item_id}", response={204: None, **WRITE_ERRORS}, summary="删除条目")
def delete_item(request, pk: int, key: str, item_id: int):
    app = app_or_404(request, pk)
    section_or_404(key)
    dossier.delete_item(request.auth, app, key, item_id, ip=client_ip(request))
    return Status(204, None)


@router.put("/{id:pk}/drafts/{key}/{form_key}", response={200: DraftOut, **WRITE_ERRORS}, summary="自动保存草稿")
def put_draft(request, pk: int, key: str, form_key: str, payload: Body[dict]):
    app = app_or_404(request, pk)
    section_or_404(key)
    return Status(200, _draft_out(dossier.save_draft(request.auth, app, key, form_key, _form_data(payload))))


@router.get("/{id:pk}/drafts/{key}/{form_key}", response={200: DraftOut, 403: Problem, 404: Problem},
            summary="读取草稿")
def get_draft(request, pk: int, key: str, form_key: str):
    app = app_or_404(request, pk)
    if not is_owner(request.auth, app):
        raise PermissionDenied("自动保存的草稿只有申报人本人可以查看。")
    d = dossier.get_draft(app, key, form_key)
    if d is None:
        raise Http404
    return Status(200, _draft_out(d))


@router.post("/{id:pk}/attachments", response={201: AttachmentOut, **WRITE_ERRORS}, summary="上传证明材料")
def post_attachment(request, pk: int, file: File[UploadedFile], section: Form[str] = "attachments",
                    item_id: Form[int | None] = None, description: Form[str] = ""):
    app = app_or_404(request, pk)
    section_or_404(section)
    att = dossier.attach_file(request.auth, app, file, section_key=section, item_id=item_id,
                              description=description, ip=client_ip(request))
    return Status(201, _attachment_out(att))


@router.post("/{id:pk}/work-summary", response={201: WorkSummaryOut, **WRITE_ERRORS}, summary="上传工作总结PDF")
def post_summary(request, pk: int, file: File[UploadedFile]):
    app = app_or_404(request, pk)
    ws = dossier.upload_work_summary(request.auth, app, file, ip=client_ip(request))
    return Status(201, {"id": ws.pk, "file_id": ws.file_id, "file_name": ws.file.original_name,
                        "char_count": ws.char_count})


@router.get("/{id:pk}/files/{id:file_id}", summary="下载文件（附件方式）", response={200: None, 404: Problem})
def get_file(request, pk: int, file_id: int):
    stored = documents.file_of(app_or_404(request, pk), file_id)
    if stored is None:
        raise Http404
    return serve(stored)
