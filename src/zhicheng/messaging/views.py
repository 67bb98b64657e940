"""消息 (the inbox): a person reads only their own messages; another's is a 404, never a 403."""

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhicheng.http import IdsFirst, paginate

from .models import Message


def _mine(request):
    return Message.objects.filter(recipient=request.user)


@login_required
def inbox(request):
    rows = Message.objects.only("id", "subject", "created_at", "read_at")  # never the body
    page = paginate(request, IdsFirst(_mine(request).order_by("-created_at", "-id"), rows))
    return render(request, "messaging/inbox.html", {"page": page})


@login_required
def message_detail(request, pk: int):
    """Opening a message marks it read."""
    msg = get_object_or_404(_mine(request), pk=pk)
    if msg.read_at is None:
        msg.read_at = timezone.now()
        if Message.objects.filter(pk=msg.pk, read_at__isnull=True).update(read_at=msg.read_at):
            count = getattr(request.user, "unread_messages_count", None)
            if count:  # the header's count was read with the user, before this message was opened
                request.user.unread_messages_count = count - 1
    link = msg.link if msg.link.startswith("/") and not msg.link.startswith("//") else ""
    return render(request, "messaging/detail.html", {"msg": msg, "safe_link": link})


@login_required
@require_POST
def mark_all_read(request):
    n = _mine(request).filter(read_at__isnull=True).update(read_at=timezone.now())
    flash.success(request, f"已将{n}条消息标为已读。" if n else "没有未读消息。")
    return redirect("message_inbox")
