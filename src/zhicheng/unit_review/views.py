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
    counts = {"total": len(items), "verified": sum(1 for i in items if i.key in marks
                                                   and marks[i.key].status == Status.VERIFIED)}
    counts["problems"] = sum(1 for i in items if i.key in marks and marks[i.key].status == Status.PROBLEM)
    counts["unmarked"] = counts["total"] - counts["verified"] - counts["problems"]
    available = {t.action for t in actions.available(request.user, app)}
    return render(request, "unit_review/verification.html", {
        "app": app, "version": version, "sections": sections, "stray": stray, "counts": counts,
        "problems": [{"label": i.label, "note": marks[i.key].note} for i in items
                     if i.key in marks and marks[i.key].status == Status.PROBLEM],
        "editable": app.state == State.SUBMITTED, "editing": editing,
        "can_verify": "verify" in available, "can_return": "return" in available,
        "blocking": services.completeness_problems(app) if app.state == State.SUBMITTED else [],
        "hints": step_by_step_problems(app),
    }, status=status)


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
        for p in exc.problems:
            messages.error(request, p)
        return _page(request, app, posted={anchor_key: note}, errors={anchor_key: exc.problems}, status=422)
    messages.success(request, "已记录为“已核，与原件一致”。" if status == Status.VERIFIED else
                     "已记录问题。" if status == Status.PROBLEM else "已撤销该项核实记录。")
    return redirect(f"{reverse('verification', args=[app.pk])}#item-{anchor_key}")
