"""消息: a person's own inbox (another's message is a 404), as on the /messages/ pages."""

from __future__ import annotations

import datetime

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from zhicheng.messaging.models import Message

from .common import Problem

router = Router(tags=["消息"])


class MessageOut(Schema):
    id: int
    subject: str
    body: str
    link: str
    created_at: datetime.datetime
    read_at: datetime.datetime | None


class ReadAllOut(Schema):
    marked: int


def _mine(request):
    return Message.objects.filter(recipient=request.auth)


@router.get("", response=list[MessageOut], summary="我的消息（最新在前）")
@paginate(PageNumberPagination, page_size=20)
def list_messages(request, unread: bool = False):
    qs = _mine(request)
    return qs.filter(read_at__isnull=True) if unread else qs


@router.post("/{id:pk}/read", response={200: MessageOut, 404: Problem}, summary="标为已读")
def mark_read(request, pk: int):
    msg = get_object_or_404(_mine(request), pk=pk)
    if msg.read_at is None:
        msg.read_at = timezone.now()
        Message.objects.filter(pk=msg.pk, read_at__isnull=True).update(read_at=msg.read_at)
    return msg


@router.post("/read-all", response=ReadAllOut, summary="全部标为已读")
def mark_all_read(request):
    return {"marked": _mine(request).filter(read_at__isnull=True).update(read_at=timezone.now())}
