"""§二(一) 材料核实 pages: the whole dossier on one page with a mark beside every item. Thin: fetch within
scope, call the services, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zhicheng.dossier import models as dm
from zhicheng.dossier import sections as sec
from zhicheng.dossier.permissions import can_view, record_refusal
from zhicheng.dossier.services import step_by_step_problems
from zhicheng.eligibility.services import evaluate
from zhicheng.http import client_ip
from zhicheng.workflow import actions
from zhicheng.workflow.states import State

from . import services
from .services import ATTACHMENTS, Status

IMAGE_KINDS = {"jpg", "jpeg", "png"}


def _get_app(request, pk: int) -> dm.Application:
    """In the reader's scope (else 404, audited) and theirs to verify — the unit's HR (else 403)."""
    app = get_object_or_404(dm.Application.objects.select_related(
        "applicant", "unit", "campaign", "title", "series"), pk=pk)
    if not can_view(request.user, app):
        record_refusal(request.user, app, client_ip(request), request.path)
        raise Http404
    decision = services.may_verify(request.user, app)
    if not decision:
        raise PermissionDenied("只有本单位人事可以核实申报材料。")
    return app


def _preview(stored) -> str:
    return "image" if stored.kind in IMAGE_KINDS else "pdf" if stored.kind == "pdf" else ""


def _entry(item, marks, posted, errors):
    mark = marks.get(item.key) if item else None
    key = f"{item.section}-{item.item_id or 0}" if item else ""
    return {"item": item, "mark": mark, "anchor": f"item-{key}", "note": posted.get(key, mark.note if mark else ""),
            "errors": errors.get(key, [])}


def _page(request, app, *, posted=None, errors=None, status=200):
    posted, errors = posted or {}, errors or {}
    version, items, marks = services.checklist(app)
    by_key = {i.key: i for i in items}
    editing = app.state == State.RETURNED  # the live dossier is being corrected: show nothing of it
    proofs: dict[tuple, list] = {}
    if not editing:
        for att in dm.Attachment.objects.filter(application=app).select_related("file").order_by("id"):
            entry = _entry(by_key.get((ATTACHMENTS, att.pk)), marks, posted, errors)
            entry.update(att=att, preview=_preview(att.file))
            proofs.setdefault((att.section, att.item_id), []).append(entry)
    sections = []
    for s in sec.SECTIONS if not editing else []:
        if s.key == ATTACHMENTS:
            continue
        rows = []
        for obj in sec.items(app, s):
            item = by_key.get((s.key, None if not s.many else obj.pk))
            entry = _entry(item, marks, posted, errors)
            entry.update(obj=obj, proofs=proofs.pop((s.key, obj.pk), []) if s.many else [])
            if s.key == "summary":
                entry.update(file=obj.file, preview=_preview(obj.file))
            rows.append(entry)
        whole = _entry(by_key.get((s.key, None)), marks, posted, errors) if not s.many and rows else None
        sections.append({"section": s, "rows": rows, "whole": whole, "proofs": proofs.pop((s.key, None), [])})
    stray = [p for group in proofs.values() for p in group]  # proofs of an item no longer there
    return render(request, "unit_review/verification.html", {
        "app": app, "version": version, "sections": sections, "stray": stray,
        "editable": app.state == State.SUBMITTED, "editing": editing, **_summary(request, app, items, marks),
        "eligibility": None if editing else evaluate(app),
    }, status=status)


def _summary(request, app, items, marks) -> dict:
    """The progress block: counts, problems, what blocks 核实通过, hints, and the two buttons."""
    statuses = [marks[i.key].status if i.key in marks else "" for i in items]
    available = {t.action for t in actions.available(request.user, app)}
    return {
        "counts": {"total": len(items), "verified": statuses.count(Status.VERIFIED),
                   "problems": statuses.count(Status.PROBLEM), "unmarked": statuses.count("")},
        "problems": [{"label": i.label, "note": marks[i.key].note} for i in items
                     if i.key in marks and marks[i.key].status == Status.PROBLEM],
        "can_verify": "verify" in available, "can_return": "return" in available,
        "blocking": services.completeness_problems(app) if app.state == State.SUBMITTED else [],
        "hints": step_by_step_problems(app),
    }


def _mark_fragment(request, app, key: str, *, note: str = "", errors=None):
    """For the page's HTMX forms: the one mark re-drawn, and the progress block swapped out of band."""
    _version, items, marks = services.checklist(app)
    item = next((i for i in items if f"{i.section}-{i.item_id or 0}" == key), None)
    entry = _entry(item, marks, {key: note} if errors else {}, {key: errors} if errors else {})
    return render(request, "unit_review/_mark_response.html", {
        "app": app, "e": entry, "editable": app.state == State.SUBMITTED, "oob": True,
        **_summary(request, app, items, marks)})


@login_required
def verification_page(request, pk: int):
    return _page(request, _get_app(request, pk))


@login_required
@require_POST
def mark(request, pk: int):
    """One mark (plain form beside each item). A refused mark re-renders the page with what was typed."""
    app = _get_app(request, pk)
    section, item_id = request.POST.get("section", ""), request.POST.get("item_id", "")
    status = request.POST.get("status", "")
    note = request.POST.get("note", "")
    anchor_key = f"{section}-{item_id or 0}"
    try:
        services.set_mark(request.user, app, section=section, item_id=item_id or None, status=status, note=note,
                          ip=client_ip(request))
    except services.VerificationError as exc:
        if exc.forbidden:
            raise PermissionDenied("；".join(exc.problems)) from None
        if request.htmx:  # swapped in place (HTMX swaps only 2xx answers): the note typed stays in its box
            return _mark_fragment(request, app, anchor_key, note=note, errors=exc.problems)
        for p in exc.problems:
            messages.error(request, p)
        return _page(request, app, posted={anchor_key: note}, errors={anchor_key: exc.problems}, status=422)
    if request.htmx:
        return _mark_fragment(request, app, anchor_key)
    messages.success(request, "已记录为“已核，与原件一致”。" if status == Status.VERIFIED else
                     "已记录问题。" if status == Status.PROBLEM else "已撤销该项核实记录。")
    return redirect(f"{reverse('verification', args=[app.pk])}#item-{anchor_key}")
