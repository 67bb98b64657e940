"""Thin views: fetch within scope, call a service, render. No state is set here."""

from __future__ import annotations

import json
from types import SimpleNamespace

from csp.decorators import csp_replace
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from zhicheng import querycache
from zhicheng.campaigns.models import Campaign
from zhicheng.campaigns.services import visible_campaigns
from zhicheng.errors import Refusal
from zhicheng.files.services import oversized_message
from zhicheng.files.views import serve
from zhicheng.http import client_ip, int_param
from zhicheng.jinja import render_page
from zhicheng.workflow import actions, guards
from zhicheng.workflow.services import may_act
from zhicheng.workflow.states import APPEALABLE_STATES, TRANSITIONS, State

from . import documents, prefill, returns, services, stored_documents, timeline
from . import models as m
from . import sections as sec
from .forms import UploadForm, limit
from .permissions import (
    APPLICANT_EDITABLE_STATES,
    can_edit_section,
    can_view,
    page_application,
    record_refusal,
    sees_submitted_version,
)


def _get_app(request, pk: int, *, steps: bool = False) -> m.Application:
    # The scope checks come with the row (one query, composed once per thread); can_view and may_act read them.
    app = page_application(request.user, pk, steps=steps)
    if app is None:
        raise Http404
    if not can_view(request.user, app):
        record_refusal(request.user, app, client_ip(request), request.path)
        raise Http404  # out of scope: do not reveal that the record exists
    return app


@login_required
def application_start(request):
    campaigns = visible_campaigns(request.user).filter(status=Campaign.Status.OPEN).prefetch_related("open_titles")
    campaign = None
    campaign_id = int_param(request.POST.get("campaign")) or int_param(request.GET.get("campaign"))
    if campaign_id:
        campaign = campaigns.filter(pk=campaign_id).first()
    errors = []
    if request.method == "POST":
        title_id = int_param(request.POST.get("title"))
        title = campaign.open_titles.filter(pk=title_id).first() if campaign and title_id else None
        if campaign is None:
            errors.append("请选择年度申报。")
        if title is None:
            errors.append("请选择申报职称。")
        if not errors:
            try:
                app = services.start_application(
                    request.user, campaign=campaign, title=title, specialty=request.POST.get("specialty", ""),
                    is_exceptional=request.POST.get("is_exceptional") == "on", ip=client_ip(request))
            except services.DossierError as exc:
                errors.extend(exc.problems)
            else:
                messages.success(request, "申报已创建，请按顺序逐项填写并保存。")
                if request.POST.get("prefill") == "on":
                    _prefill(request, app)
                return redirect("application_detail", app.pk)
    previous = m.Application.objects.filter(applicant=request.user).select_related(
        "unit", "title", "campaign").order_by("-created_at", "-id").first()
    return render(request, "dossier/start.html", {"campaigns": campaigns, "campaign": campaign, "errors": errors,
                                                  "data": request.POST, "previous": previous})


def _prefill(request, app: m.Application) -> None:
    try:
        copied = prefill.copy_previous(request.user, app, ip=client_ip(request))
    except services.DossierError as exc:
        for p in exc.problems:
            messages.error(request, p)
    else:
        done = "、".join(f"{sec.BY_KEY[k].label}{n}条" for k, n in copied.items())
        messages.success(request, f"已复制上次申报信息：{done}。复制的内容已标注“复制自上次申报，请核对”，"
                                  f"请逐条核对并保存；工作总结和证明材料须重新上传。")


@login_required
@require_POST
def application_prefill(request, pk: int):
    """复制上次申报信息 into a draft (the button on the dossier page)."""
    app = _get_app(request, pk)
    _prefill(request, app)
    return redirect("application_detail", app.pk)


@login_required
def application_detail(request, pk: int):
    app = _get_app(request, pk, steps=True)  # the timeline comes with the row
    latest = app.versions.order_by("-number").first() if sees_submitted_version(request.user, app) else None
    facts = None
    if latest:
        counts = {key: len(latest.snapshot.get(key, [])) for key in sec.BY_KEY}
        reviews = dict.fromkeys(sec.BY_KEY, 0)
    else:
        facts = services.dossier_facts(app)  # one query: counts, and what the completeness guard reads
        counts, reviews = facts.counts, facts.reviews
    # Versions and returns exist only once the dossier was submitted: a first draft spares the two reads.
    submitted = app.submitted_at is not None
    # One reverse for the 13 links (a {% url %} per row was a tenth of the page's rendering); keys are slugs.
    section_url = reverse("section", args=[app.pk, "KEY"]).replace("/KEY/", "/{}/")
    # Rows as attribute objects, not dicts: Jinja2 reads `row.count` by getattr first, and on a dict that fails
    # with an exception before the key is tried (ten times the cost, some 150 times on this page).
    status = [SimpleNamespace(section=s, count=counts[s.key], review=reviews[s.key], url=section_url.format(s.key),
                              editable=bool(can_edit_section(request.user, app, s.key))) for s in sec.SECTIONS]
    # 复制上次申报信息 is offered on the applicant's own draft while a typed section is still empty.
    prefill_from = prefill.offer(app, counts, facts) if app.applicant_id == request.user.pk else None
    returns = list(app.returns.select_related("created_by")) if submitted else []  # oldest first
    return render_page(request, "dossier/detail.html", {
        "app": app, "status": status, "actions": [SimpleNamespace(t=t, page=t.needs_reason or actions.form_for(t.action) is not None)
                    for t in actions.available(request.user, app,
                                               {"dossier_facts": facts, "page": True, "returns": returns})],
        "returns": returns,
        "versions": list(app.versions.select_related("submitted_by").defer("snapshot").order_by("-number"))
                    if submitted else [],
        "locked": services.is_locked(app), "missing": services.missing_items(app, counts, facts) if app.state in
            APPLICANT_EDITABLE_STATES and latest is None else [],
        "reopened_labels": [sec.BY_KEY[k].label if k in sec.BY_KEY else "所有信息" for k in app.reopened_sections],
        "shown_version": latest, "prefill_from": prefill_from, "timeline": timeline.progress(app),
        "stage_links": stage_links(request.user, app),
    })


OWNER = "owner"  # a link for the applicant who owns the dossier, not tied to a step

# The later stages' own work pages, linked from the overview for whoever may take their step (role and state
# only: may_act reads the scope that came with the row, so no query). (id, label, url name, states, action)
STAGE_LINKS = [
    ("prereview-link", "资格预审", "prereview_application", {State.UNIT_SUBMITTED}, "prereview_return"),
    ("online-review-link", "网上审核（对照差异、退回）", "online_review", {State.ONLINE_SUBMITTED}, "online_pass"),
    ("handin-link", "交卷审查（纸质材料、评审费、呈报意见）", "office_handin",
     {State.ONLINE_PASSED, State.OFFICE_ENDORSED}, "endorse"),
    # the unit's HR corrects on its own page (补充公示, 重新报送), even while the step's guard refuses
    ("correction-link", "资格预审补正（补充公示、重新报送）", "prereview_correction", {State.PREREVIEW_RETURNED},
     "resubmit_prereview"),
    # §四: the spot check's batch, the host's 资格审查 page, the office's correction of what the host returned
    ("spot-check-link", "省职改办抽查（抽样、结论、委托）", "spot_check_application", {State.SPOT_CHECK},
     "delegate_to_host"),
    ("host-review-link", "资格审查", "host_review_page", {State.HOST_REVIEW}, "host_pass"),
    ("host-correction-link", "组建单位退回补正（重新报送）", "host_review_office_page", {State.HOST_RETURNED},
     "resubmit_host"),
    # §五: the applicant's 复查申请 or 投诉 once the review has an outcome (no step of the map: OWNER)
    ("appeal-link", "提出复查申请或投诉", "appeal_new", APPEALABLE_STATES, OWNER),
]


def stage_links(user, app) -> list[SimpleNamespace]:
    out = []
    for id_, label, name, states, action in STAGE_LINKS:
        if app.state not in states:
            continue
        if action == OWNER:
            if user.pk != app.applicant_id:
                continue
        elif action not in TRANSITIONS or not may_act(user, app, TRANSITIONS[action]):
            continue
        try:
            out.append(SimpleNamespace(id=id_, label=label, url=reverse(name, args=[app.pk])))
        except NoReverseMatch:  # the stage's app is not installed
            continue
    return out


@login_required
def version_view(request, pk: int, number: int):
    """One submitted version, whole, on one page (what staff read while a returned dossier is corrected)."""
    app = _get_app(request, pk)
    version = get_object_or_404(app.versions.select_related("submitted_by"), number=number)
    sections = [{"section": s, "rows": version.snapshot.get(s.key, [])} for s in sec.SECTIONS]
    return render(request, "dossier/version.html", {"app": app, "version": version, "sections": sections,
                                                    "header": version.snapshot.get("header", {})})


@login_required
def receipt(request, pk: int, number: int):
    """The printable receipt (回执) of one submission, with its 业务流水号."""
    app = _get_app(request, pk)
    version = get_object_or_404(app.versions.select_related("submitted_by"), number=number)
    return render(request, "dossier/receipt.html", {
        "app": app, "version": version, "fingerprint": services.fingerprint(version.snapshot)})


def _form_for(section, app, request, item=None, data=None):
    return section.form(data, instance=item, application=app) if section.form else None


@login_required
def section_view(request, pk: int, key: str):
    app = _get_app(request, pk)
    try:
        section = sec.get(key)
    except LookupError:
        raise Http404 from None
    if sees_submitted_version(request.user, app) and request.method == "GET":
        latest = app.versions.order_by("-number").values_list("number", flat=True).first()
        return redirect(f"{reverse('application_version', args=[app.pk, latest])}#section-{key}")
    editable = can_edit_section(request.user, app, key)
    raw_item = request.GET.get("item") or request.POST.get("item_id") or ""
    item_id = int_param(raw_item)
    item = None
    if raw_item and item_id is None:
        raise Http404
    if section.model is not None and item_id:
        item = section.model.objects.filter(application=app, pk=item_id).first()
        if item is None:
            raise Http404
    elif section.model is not None and not section.many:
        item = services.first_item(section, app.pk)
    form_key = str(item.pk) if item is not None else "new"
    form = None
    if request.method == "POST":
        if not editable:
            raise PermissionDenied(editable.reason)
        if section.form is None:
            messages.error(request, f"“{section.label}”须上传文件，不能直接填写。")
            return redirect("section", app.pk, key)
        try:
            services.save_item(request.user, app, key, request.POST,
                               item_id=item.pk if item is not None and section.many else None, ip=client_ip(request))
        except services.DossierError as exc:
            form = section.form(request.POST, instance=item, application=app)
            form.is_valid()
            if not form.errors:
                messages.error(request, "；".join(exc.problems))
            # Refused input is still input: keep it as the server draft, so a lost session or a closed
            # tab after this page does not lose it.
            _keep_as_draft(request, app, key, form_key)
        else:
            messages.success(request, f"“{section.label}”已保存。")
            # Post/redirect/get: the page shows what was stored; `saved` names the local copy to forget,
            # and the values stored let the browser forget it only if it holds nothing newer.
            request.session[_SAVED_VALUES] = {"url": reverse("draft_save", args=[app.pk, key, form_key]),
                                              "values": _posted(request)}
            return redirect(f"{reverse('section', args=[app.pk, key])}?saved={form_key}")
    saved_key = request.GET.get("saved", "")
    saved_key = saved_key if saved_key == "new" or int_param(saved_key) else ""
    saved_url = reverse("draft_save", args=[app.pk, key, saved_key]) if saved_key else ""
    saved = request.session.pop(_SAVED_VALUES, None) if _SAVED_VALUES in request.session else None
    saved_values = saved["values"] if saved and saved_url and saved.get("url") == saved_url else None
    draft = services.get_draft(app, key, form_key) if editable and section.form else None
    restored = False
    if form is None and section.form:
        if draft is not None:
            form = section.form(initial=draft.data, instance=item, application=app)
            restored = True
        else:
            form = section.form(instance=item, application=app)
    rows = sec.items(app, section)
    attachments = [] if key == "attachments" else querycache.fetch(
        ("dossier.section_attachments",), lambda a, k: m.Attachment.objects.filter(
            application_id=a, section=k).select_related("file"), app.pk, key)
    return render_page(request, "dossier/section.html", {
        "app": app, "section": section, "sections": sec.SECTIONS, "form": form, "rows": rows, "item": item,
        "editable": editable, "draft": draft, "restored": restored,
        "max_items": limit("section_max_items") if section.many and section.form else None,
        "saved_url": saved_url,
        "saved_values": json.dumps(saved_values, ensure_ascii=False) if saved_values is not None else "",
        "form_key": form_key, "attachments": attachments,
        "storage": services.storage_usage(app) if key == "attachments" else None,
        "section_labels": {s.key: s.label for s in sec.SECTIONS},
        "autosave_url": reverse("draft_save", args=[app.pk, key, form_key]),
        "field_names": [str(f.verbose_name) for f in services.display_fields(section.model)]
        if section.model else [],
    })


@login_required
@require_POST
def item_delete(request, pk: int, key: str, item_id: int):
    app = _get_app(request, pk)
    try:
        services.delete_item(request.user, app, key, item_id, ip=client_ip(request))
        messages.success(request, "已删除。")
    except services.DossierError as exc:
        messages.error(request, "；".join(exc.problems))
    except LookupError:
        raise Http404 from None
    return redirect("section", app.pk, key)


_SAVED_VALUES = "dossier_saved_values"


def _posted(request) -> dict[str, str]:
    return {k: v for k, v in request.POST.dict().items() if k != "csrfmiddlewaretoken"}


def _keep_as_draft(request, app: m.Application, key: str, form_key: str) -> None:
    try:
        services.save_draft(request.user, app, key, form_key, _posted(request))
    except services.DossierError:
        pass  # not the applicant's to edit: nothing to keep


@require_POST
def draft_save(request, pk: int, key: str, form_key: str):
    """Autosave, called by the page's script. Always JSON: an ended session is a 401 (a redirect to the
    login page would read as success), and the stored values are echoed so the browser keeps its own
    copy until the server holds exactly what was typed."""
    if not request.user.is_authenticated:
        return JsonResponse({"ok": False, "error": "登录已超时，请重新登录后继续。", "login_url": reverse("login")},
                            status=401)
    try:
        app = _get_app(request, pk)
        draft = services.save_draft(request.user, app, key, form_key, request.POST.dict())
    except services.DossierError as exc:
        return JsonResponse({"ok": False, "error": "；".join(exc.problems)}, status=403 if exc.forbidden else 422)
    except (LookupError, Http404):
        return JsonResponse({"ok": False, "error": "记录不存在或无权访问。"}, status=404)
    return JsonResponse({"ok": True, "saved_at": draft.updated_at.isoformat(), "data": draft.data})


@login_required
@require_POST
def upload(request, pk: int, key: str):
    app = _get_app(request, pk)
    form = UploadForm(request.POST, request.FILES)
    if getattr(request, "oversized_uploads", None):
        messages.error(request, "上传失败：" + oversized_message())
        return _back_to_section(request, app, key)
    if not form.is_valid():
        messages.error(request, "请选择要上传的文件。")
        return _back_to_section(request, app, key)
    try:
        if key == "summary":
            s = services.upload_work_summary(request.user, app, form.cleaned_data["file"], ip=client_ip(request))
            messages.success(request, f"工作总结已上传（约{s.char_count}字）。")
        else:
            services.attach_file(request.user, app, form.cleaned_data["file"], section_key=key,
                                 item_id=form.cleaned_data.get("item_id"),
                                 description=form.cleaned_data.get("description", ""), ip=client_ip(request))
            messages.success(request, "文件已上传。")
    except services.DossierError as exc:
        messages.error(request, "上传失败：" + "；".join(exc.problems))
    except LookupError:
        raise Http404 from None
    return _back_to_section(request, app, key)


def _back_to_section(request, app, key: str):
    """After an upload: a redirect, or for the page's progress-bar upload (web/upload.js, which cannot stop
    XMLHttpRequest from following a redirect and so eating the message) the address to go to."""
    url = reverse("section", args=[app.pk, key])
    if request.headers.get("X-Upload") == "progress":
        return JsonResponse({"url": url})
    return redirect(url)


@login_required
def file_download(request, pk: int, file_id: int):
    stored = documents.file_of(_get_app(request, pk), file_id)
    if stored is None:
        raise Http404
    return serve(stored)


@login_required
@xframe_options_sameorigin
@csp_replace({"frame-ancestors": ["'self'"]})
def file_preview(request, pk: int, file_id: int):
    """The same file, shown inline (images, PDFs in a frame of this site's own pages, e.g. 材料核实)."""
    stored = documents.file_of(_get_app(request, pk), file_id)
    if stored is None:
        raise Http404
    return serve(stored, inline=True)


@login_required
def action_view(request, pk: int, action: str):
    """The one UI view for every step on an application: the buttons come from `actions.available`, and
    this view asks for what the step needs (reason, its form), then calls `actions.perform`."""
    app = _get_app(request, pk)
    t = TRANSITIONS.get(action)
    if t is None:
        raise Http404
    decision = may_act(request.user, app, t)
    if not decision:  # not theirs to do: no form is shown to them at all
        raise PermissionDenied(decision.reason)
    if request.method == "GET" and t not in actions.available(request.user, app):  # a POST is checked by perform
        messages.error(request, _why_not(request.user, app, t))
        return redirect("application_detail", app.pk)
    form_class = actions.form_for(action)
    # A return lists every problem recorded so far (材料核实), sections preselected; HR edits before sending.
    preset = returns.initial(app) if action == "return" and request.method == "GET" else {}
    form = form_class(request.POST or None, initial={"sections": preset.get("sections", [])}) if form_class else None
    reason = request.POST.get("reason", "") if request.method == "POST" else preset.get("reason", "")
    errors: list[str] = []
    if request.method == "POST":
        try:
            actions.perform(app, action, actor=request.user, ip=client_ip(request), reason=reason,
                            data=request.POST)
        except Refusal as exc:  # the map's refusal, or the step's own service (e.g. 资格审查, 撤销)
            if exc.forbidden:
                raise PermissionDenied("；".join(exc.problems)) from None
            errors = exc.problems
            if form is not None:
                form.is_valid()  # show the messages next to their fields
        else:
            messages.success(request, f"已{t.label}。")
            return redirect("application_detail", app.pk)
    return render(request, "dossier/action.html", {"app": app, "t": t, "form": form, "reason": reason,
                                                   "errors": errors})


def _why_not(user, app, t) -> str:
    if not actions.is_built(t):
        return actions.not_built_message(t)
    if app.state not in t.sources:
        return f"当前状态为“{app.get_state_display()}”，不能执行“{t.label}”。"
    return "；".join(guards.check(t.guard, app, user, {})) or f"现在不能执行“{t.label}”。"


@login_required
def versions_view(request, pk: int):
    app = _get_app(request, pk)
    versions = list(app.versions.select_related("submitted_by").order_by("number"))
    for v in versions:  # the check code printed on the paper forms of that version
        v.fingerprint = services.fingerprint(v.snapshot)
    changes = None
    a, b = request.GET.get("a", ""), request.GET.get("b", "")
    by_no = {v.number: v for v in versions}
    if int_param(a) in by_no and int_param(b) in by_no:
        changes = services.diff(by_no[int_param(a)].snapshot, by_no[int_param(b)].snapshot)
    elif len(versions) >= 2:
        a, b = str(versions[-2].number), str(versions[-1].number)
        changes = services.diff(versions[-2].snapshot, versions[-1].snapshot)
    return render(request, "dossier/versions.html", {"app": app, "versions": versions, "changes": changes,
                                                     "a": a, "b": b})


@login_required
def document(request, pk: int, doc: str, fmt: str):
    app = _get_app(request, pk)
    if doc not in ("roster", "review_form") or fmt not in ("pdf", "html"):
        raise Http404
    if fmt == "pdf":
        return stored_documents.pdf_response(app, doc)
    ctx = documents.document_context(app)
    # 草稿 watermark while the content printed is not a submitted version (never submitted, or being corrected).
    ctx.update(draft=app.state in APPLICANT_EDITABLE_STATES, back_url=reverse("application_detail", args=[app.pk]))
    return render(request, f"documents/{doc}.html", ctx)
