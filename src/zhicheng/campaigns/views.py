from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from zhicheng.files.services import UploadError, oversized_message
from zhicheng.files.views import serve
from zhicheng.http import client_ip, paginate
from zhicheng.orgs.roles import Role
from zhicheng.orgs.scope import orgs_for_role
from zhicheng.workflow.states import CAMPAIGN_TRANSITIONS

from . import services
from .forms import AttachmentForm, CampaignForm
from .models import CampaignStage
from .schedule import notice_min_days


def _get(request, pk):
    c = get_object_or_404(services.visible_campaigns(request.user), pk=pk)
    return c


@login_required
def campaign_list(request):
    qs = services.visible_campaigns(request.user).order_by("-year", "-id")
    return render(request, "campaigns/list.html", {"page": paginate(request, qs),
                                                   "can_create": bool(orgs_for_role(request.user, Role.UNIT_HR))})


@login_required
def campaign_detail(request, pk):
    c = _get(request, pk)
    return render(request, "campaigns/detail.html", {
        "c": c, "stages": c.stages.all(), "titles": c.open_titles.select_related("series"),
        "panel": c.panel_members.select_related("user"), "attachments": c.attachments.select_related("file"),
        "can_manage": services.can_manage(request.user, c), "attach_form": AttachmentForm(),
        "steps": services.available_steps(request.user, c),
    })


def _save(request, unit, campaign=None):
    initial = {}
    if campaign is not None:
        initial = {"year": campaign.year, "name": campaign.name, "conditions": campaign.conditions,
                   "policy_text": campaign.policy_text, "titles": list(campaign.open_titles.all())}
        members = list(campaign.panel_members.select_related("user"))
        initial["panel"] = [p.user for p in members]
        initial["panel_leader"] = next((p.user for p in members if p.duty == "leader"), None)
        for s in campaign.stages.all():
            initial[f"{s.stage}_start"], initial[f"{s.stage}_days"] = s.starts_on, s.working_days
    if campaign is None:
        from django.utils import timezone

        year = timezone.localdate().year
        initial = {"year": year, "name": f"{unit.name}{year}年度职称申报推荐工作"}
    form = CampaignForm(request.POST or None, unit=unit, initial=initial)
    if request.method == "POST":
        try:
            c = services.save_campaign_form(request.user, form, unit=unit, campaign=campaign, ip=client_ip(request))
        except services.CampaignError as exc:
            if not form.errors:  # the service's own refusal; the form's messages are already beside their fields
                _show_beside_fields(form, exc)
        else:
            messages.success(request, "年度申报已保存。各阶段截止日期已按工作日计算。")
            return redirect("campaign_detail", c.pk)
    from zhicheng.codes.models import Series

    # Bound: the posted ids; unbound (editing): the campaign's titles — both as id strings, so they stay checked.
    chosen = {str(getattr(v, "pk", v)) for v in (form["titles"].value() or [])}
    series = Series.objects.filter(active=True).prefetch_related("titles")
    titles_by_series = []
    for s in series:
        rows = [(t, str(t.pk) in chosen) for t in s.titles.all() if t.active]
        titles_by_series.append((s, rows, any(on for _t, on in rows)))  # a series with a chosen title opens
    stage_rows = [(form[f"{st.value}_start"], form[f"{st.value}_days"], st.label, st.value)
                  for st in CampaignStage.Stage]
    return render(request, "campaigns/form.html", {"form": form, "unit": unit, "campaign": campaign,
                                                   "titles_by_series": titles_by_series, "stage_rows": stage_rows,
                                                   "notice_min_days": notice_min_days()})


# The service names fields as the API does; the screen's fields for them (stages: the rows carry their own).
_SCREEN_FIELDS = {"title_ids": "titles", "panel": "panel"}


def _show_beside_fields(form, exc) -> None:
    placed = set()
    for name, msgs in exc.fields.items():
        field = _SCREEN_FIELDS.get(name)
        for msg in msgs:
            if field:
                form.add_error(field, msg)
                placed.add(msg)
    for p in exc.problems:
        if p not in placed:
            form.add_error(None, p)


@login_required
def campaign_create(request):
    units = orgs_for_role(request.user, Role.UNIT_HR)
    if not units:
        raise PermissionDenied("只有单位人事可以部署年度申报。")
    return _save(request, units[0])


@login_required
def campaign_edit(request, pk):
    c = _get(request, pk)
    if not services.can_manage(request.user, c):
        raise PermissionDenied("您无权修改该年度申报。")
    return _save(request, c.unit, c)


_DONE = {"publish": "已发布，本单位人员可在首页看到并开始申报。", "close": "本年度申报已结束，不能再开始新的申报。"}


@login_required
@require_POST
def campaign_step(request, pk, action):
    """发布 / 结束: the steps of the campaign's own map, one view for both."""
    c = _get(request, pk)
    if action not in CAMPAIGN_TRANSITIONS:
        raise Http404
    try:
        services.step(request.user, c, action, ip=client_ip(request))
        messages.success(request, _DONE[action])
    except services.CampaignError as exc:
        for p in exc.problems:
            messages.error(request, p)
    return redirect("campaign_detail", c.pk)


@login_required
@require_POST
def campaign_attach(request, pk):
    c = _get(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if getattr(request, "oversized_uploads", None):
        messages.error(request, oversized_message())
    elif form.is_valid():
        try:
            services.add_attachment(request.user, c, form.cleaned_data["file"], form.cleaned_data["title"],
                                    ip=client_ip(request))
            messages.success(request, "政策文件已上传。")
        except (services.CampaignError, UploadError) as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, "请选择文件。")
    return redirect("campaign_detail", c.pk)


@login_required
def campaign_file(request, pk, att_id):
    c = _get(request, pk)
    att = c.attachments.filter(pk=att_id).select_related("file").first()
    if att is None:
        raise Http404
    return serve(att.file)

