"""The applications list (申报材料: every role's list of what it may see) and its Excel export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from zhicheng.http import IdsFirst, int_param, paginate
from zhicheng.jinja import render_page
from zhicheng.orgs.scope import scope_key
from zhicheng.workflow.states import State

from . import documents
from . import models as m
from .permissions import visible_applications

# Only the columns the list shows: never the password hash, the campaign's policy text or the dossier's JSON.
LIST_ROWS = m.Application.objects.select_related("applicant", "title", "unit", "campaign").only(
    "id", "state", "updated_at", "applicant__real_name", "applicant__id_number", "unit__name", "campaign__name",
    "title__name")


EXPORT_MAX_ROWS = 20_000  # rows of one 申报名单 workbook (built in memory)


def _filtered(request):
    qs = visible_applications(request.user)
    state = request.GET.get("state", "")
    if state in State.values:
        qs = qs.filter(state=state)
    campaign = int_param(request.GET.get("campaign"))
    if campaign:
        qs = qs.filter(campaign_id=campaign)
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(applicant__real_name__contains=q)
    return qs.order_by("-updated_at", "-id"), state, campaign, q


@login_required
def application_export(request):
    """The filtered list as an Excel workbook (ID numbers masked)."""
    qs, *_ = _filtered(request)
    total = qs.count()
    if total > EXPORT_MAX_ROWS:  # one workbook is built in memory: refuse rather than drop rows
        messages.error(request, f"符合条件的申报共{total}份，超过一次导出的上限{EXPORT_MAX_ROWS}份，"
                                "请按状态、年度申报或姓名筛选后分批导出。")
        return redirect(f"{reverse('application_list')}?{request.GET.urlencode()}")
    data = documents.applications_xlsx(qs.select_related("applicant", "title", "series", "unit", "campaign"))
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = "attachment; filename*=UTF-8''%E7%94%B3%E6%8A%A5%E5%90%8D%E5%8D%95.xlsx"
    return response


def _list_statement(request):
    """(key, build, args) of the list without a name search, for IdsFirst's statements composed once per thread:
    the SQL depends on the user's scope and on which filters are set; the filters' values are its parameters."""
    user = request.user
    state = request.GET.get("state", "")
    state = state if state in State.values else ""
    campaign = int_param(request.GET.get("campaign"))

    def build(*args):
        qs, values = visible_applications(user), iter(args)
        if state:
            qs = qs.filter(state=next(values))
        if campaign:
            qs = qs.filter(campaign_id=next(values))
        return qs.order_by("-updated_at", "-id")

    key = ("dossier.list", scope_key(user), bool(state), bool(campaign))
    return (key, build, tuple(v for v in (state, campaign) if v)), state, campaign


@login_required
def application_list(request):
    if request.GET.get("q", "").strip():
        qs, state, campaign, q = _filtered(request)
        listed = IdsFirst(qs, LIST_ROWS)
    else:
        statement, state, campaign = _list_statement(request)
        listed, q = IdsFirst(None, LIST_ROWS, statement=statement), ""
    page = paginate(request, listed)
    return render_page(request, "dossier/list.html", {
        "page": page, "states": State.choices, "state": state, "q": q, "campaign": campaign,
    })
