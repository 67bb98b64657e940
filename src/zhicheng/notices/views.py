"""通知公告 pages. The list, a notice, its attachment and each published campaign's conditions and policy
files are public (no login; linked from the login page); publishing needs a publisher role."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from zhicheng.campaigns.models import CampaignAttachment
from zhicheng.files.views import serve
from zhicheng.http import client_ip, paged, paginate

from . import services
from .forms import NoticeForm
from .models import Notice


def notice_list(request):
    mine = set()
    if request.user.is_authenticated:
        mine = {o.pk for o in services.publisher_orgs(request.user)}
    return render(request, "notices/list.html", {
        "page": paginate(request, services.public_notices()),
        "campaigns": paged(request, "campaigns", services.public_campaigns().order_by("-year", "-id")),
        "can_publish": bool(mine),
    })


def notice_detail(request, pk: int):
    notice = get_object_or_404(services.public_notices(), pk=pk)
    can_withdraw = request.user.is_authenticated and notice.publisher_id in {
        o.pk for o in services.publisher_orgs(request.user)}
    return render(request, "notices/detail.html", {"notice": notice, "can_withdraw": can_withdraw})


def notice_file(request, pk: int):
    notice = get_object_or_404(Notice.objects.select_related("attachment"), pk=pk, attachment__isnull=False)
    return serve(notice.attachment)


def campaign_conditions(request, pk: int):
    """A published campaign's conditions and policy files: nothing about who applied."""
    campaign = get_object_or_404(services.public_campaigns().prefetch_related("open_titles__series", "stages"),
                                 pk=pk)
    files = CampaignAttachment.objects.filter(campaign=campaign).select_related("file")
    return render(request, "notices/campaign.html", {"campaign": campaign, "files": files})


def campaign_file(request, pk: int, file_id: int):
    attachment = get_object_or_404(CampaignAttachment.objects.select_related("file"), pk=file_id, campaign_id=pk,
                                   campaign__status__in=services.PUBLIC_CAMPAIGN_STATUSES)
    return serve(attachment.file)


@login_required
def notice_create(request):
    orgs = services.publisher_orgs(request.user)
    if not orgs:
        raise PermissionDenied("只有省职改办、主管部门和用人单位人事可以发布通知公告。")
    form = NoticeForm(request.POST or None, request.FILES or None, orgs=orgs)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        publisher = next(o for o in orgs if o.pk == form.cleaned_data["publisher"])
        try:
            notice = services.publish(request.user, publisher=publisher, title=form.cleaned_data["title"],
                                      body=form.cleaned_data["body"], attachment=form.cleaned_data["attachment"],
                                      ip=client_ip(request))
        except services.NoticeError as exc:
            errors = exc.problems
        else:
            messages.success(request, "通知公告已发布。")
            return redirect("notice_detail", notice.pk)
    return render(request, "notices/form.html", {"form": form, "errors": errors})


@login_required
@require_POST
def notice_withdraw(request, pk: int):
    notice = get_object_or_404(Notice, pk=pk)
    try:
        services.withdraw(request.user, notice, ip=client_ip(request))
    except services.NoticeError as exc:
        raise PermissionDenied(exc.problems[0]) from None
    messages.success(request, "通知公告已撤下。")
    return redirect("notice_list")
