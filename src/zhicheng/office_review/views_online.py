"""Thin views of §三(二) 网上申报 (the applicant) and the 网上审核 of §三(三) (the office's reviewer)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zhicheng.dossier import models as dm
from zhicheng.dossier import sections as sec
from zhicheng.dossier import services as dossier
from zhicheng.dossier.permissions import (
    can_edit_section,
    can_view,
    is_owner,
    record_refusal,
    visible_applications,
)
from zhicheng.dossier.returns import ReturnSectionsForm
from zhicheng.eligibility.services import evaluate
from zhicheng.http import IdsFirst, client_ip, paginate
from zhicheng.orgs.roles import Role
from zhicheng.orgs.scope import has_role
from zhicheng.workflow import actions
from zhicheng.workflow.services import TransitionError
from zhicheng.workflow.states import OFFICE_EDITABLE_STATES, State

from . import online
from .online import OnlineSubmitForm

REVIEWED_STATES = (State.ONLINE_SUBMITTED, State.ONLINE_RETURNED, State.ONLINE_PASSED)


def _application(request, pk: int) -> dm.Application:
    app = get_object_or_404(dm.Application.objects.select_related("applicant", "unit", "campaign", "title", "series"),
                            pk=pk)
    if not can_view(request.user, app):
        record_refusal(request.user, app, client_ip(request), request.path)
        raise Http404  # out of scope: do not reveal that the record exists
    return app


def _errors(request, exc) -> None:
    for problem in exc.problems:
        messages.error(request, problem)


@login_required
def apply_page(request, pk: int):
    """网上申报: the sections in order with their status and 下一部分, what is missing (all at once), every
    difference from the published material (公示时 / 现在), and the submission with its confirmation."""
    app = _application(request, pk)
    if not is_owner(request.user, app):
        raise Http404
    form = OnlineSubmitForm(request.POST or None)
    if request.method == "POST":
        try:
            actions.perform(app, "online_submit", actor=request.user, ip=client_ip(request), data=request.POST)
        except TransitionError as exc:
            _errors(request, exc)
        else:
            messages.success(request, "网上申报已提交，材料已锁定，等待主管部门网上审核。")
            return redirect("online_apply", app.pk)
    facts = dossier.dossier_facts(app)
    section_url = reverse("section", args=[app.pk, "KEY"]).replace("/KEY/", "/{}/")
    rows = [{"section": s, "count": facts.counts[s.key], "url": section_url.format(s.key),
             "editable": bool(can_edit_section(request.user, app, s.key))} for s in sec.SECTIONS]
    following = next((r for r in rows if r["editable"] and not r["count"] and r["section"].required), None)
    open_ = app.state in OFFICE_EDITABLE_STATES
    comparison = online.compare(app, facts)
    return render(request, "office_review/online_apply.html", {
        "app": app, "rows": rows, "following": following, "editable": open_, "form": form,
        "missing": online.online_missing(app, facts) if open_ else [], "comparison": comparison,
        "can_submit": app.state in (State.PREREVIEW_PASSED, State.ONLINE_RETURNED),
        "last": online.last_submission(app), "return_record": app.returns.order_by("-created_at").first()
        if app.state in (State.ONLINE_RETURNED, State.PREREVIEW_RETURNED) else None,
    })


QUEUE_ROWS = dm.Application.objects.select_related("applicant", "unit", "title").only(
    "id", "state", "updated_at", "applicant__real_name", "unit__name", "title__name")


def _reviewer(request) -> None:
    if not has_role(request.user, Role.OFFICE_REVIEWER):
        raise Http404


@login_required
def queue(request):
    """网上审核: the online applications submitted in the reviewer's office's scope, oldest first."""
    _reviewer(request)
    state = request.GET.get("state", State.ONLINE_SUBMITTED)
    if state not in REVIEWED_STATES:
        state = State.ONLINE_SUBMITTED
    # ids through the (state, updated_at, id) index, then only the page's rows with the columns shown
    qs = visible_applications(request.user).filter(state=state).order_by("updated_at", "id")
    page = paginate(request, IdsFirst(qs, QUEUE_ROWS))
    return render(request, "office_review/online_queue.html", {
        "page": page, "state": state, "states": [(s, State(s).label) for s in REVIEWED_STATES]})


@login_required
def review_page(request, pk: int):
    """One online application under review: what was submitted and every difference from the published
    material, side by side; pass, or return with every reason at once and the sections to reopen."""
    _reviewer(request)
    app = _application(request, pk)
    if app.state not in REVIEWED_STATES:
        raise Http404
    last = online.last_submission(app)
    return render(request, "office_review/online_review.html", {
        "app": app, "last": last, "published": online.published_entry(app),
        "rows": last.differences if last else [], "return_form": ReturnSectionsForm(),
        "can_act": app.state == State.ONLINE_SUBMITTED, "paper": last is not None and last.published_version is None,
        # The engine on what was submitted online: for the paper path the first time it can read the material.
        "eligibility": evaluate(app) if last else None,
    })


@login_required
@require_POST
def review_act(request, pk: int, action: str):
    _reviewer(request)
    app = _application(request, pk)
    if action not in ("online_pass", "online_return"):
        raise Http404
    try:
        actions.perform(app, action, actor=request.user, ip=client_ip(request), reason=request.POST.get("reason", ""),
                        data=request.POST)
    except TransitionError as exc:
        _errors(request, exc)
        return redirect("online_review", app.pk)
    messages.success(request, "已网上审核通过。" if action == "online_pass" else "已退回修改，并已通知申报人。")
    return redirect("online_queue")
