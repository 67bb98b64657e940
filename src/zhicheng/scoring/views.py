"""Thin views of §二(二)–(六): fetch within scope (out of scope = 404), call a service, render."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from zhicheng.campaigns.models import Campaign, PanelMember
from zhicheng.campaigns.services import visible_campaigns
from zhicheng.codes.models import Level, Series
from zhicheng.dossier.models import Application
from zhicheng.errors import Refusal
from zhicheng.http import client_ip, int_param
from zhicheng.orgs.models import User
from zhicheng.orgs.roles import Role
from zhicheng.orgs.scope import is_unit_hr_of
from zhicheng.workflow.states import State

from . import documents, services
from .models import Assignment, Category, Relation, Scheme, Score


def _campaign(request, pk: int) -> Campaign:
    campaign = get_object_or_404(visible_campaigns(request.user), pk=pk)
    if not services.in_scope(request.user, campaign):
        raise Http404
    return campaign


def _hr_campaign(request, pk: int) -> Campaign:
    campaign = _campaign(request, pk)
    if not is_unit_hr_of(request.user, campaign.unit):
        raise Http404
    return campaign


def _group(request, pk: int, series_id: int, level: str):
    campaign = _campaign(request, pk)
    series = get_object_or_404(Series, pk=series_id)
    if level not in Level.values:
        raise Http404
    return campaign, series


def _refused(request, exc: Refusal) -> None:
    if exc.forbidden:
        raise PermissionDenied("；".join(exc.problems))
    for p in exc.problems:
        messages.error(request, p)


@login_required
def overview(request, pk: int):
    campaign = _campaign(request, pk)
    is_hr = bool(is_unit_hr_of(request.user, campaign.unit))
    schemes = list(Scheme.objects.filter(campaign=campaign).select_related("series"))
    if not schemes and is_hr:
        schemes = [services.campaign_scheme(campaign)]
    counts = {}
    for s, lv, st in Application.objects.filter(campaign=campaign).values_list("series_id", "level", "state"):
        counts.setdefault((s, lv), {}).setdefault(st, 0)
        counts[(s, lv)][st] += 1
    groups = [{"series": s, "level": lv, "label": label, "verified": counts.get((s.pk, lv), {}).get(State.UNIT_VERIFIED, 0),
               "scored": counts.get((s.pk, lv), {}).get(State.SCORED, 0)}
              for s, lv, label in services.groups(campaign)]
    return render(request, "scoring/overview.html", {
        "campaign": campaign, "is_hr": is_hr, "is_chair": services.is_chair(request.user, campaign),
        "may_sheet": is_hr or services.is_chair(request.user, campaign)
        or services.leader_assignment(request.user, campaign) is not None,
        "schemes": schemes, "groups": groups, "series_all": Series.objects.filter(active=True),
        "levels": Level.choices, "meetings": campaign.scoring_meetings.all()})


@login_required
@require_POST
def scheme_add(request, pk: int):
    campaign = _hr_campaign(request, pk)
    series = Series.objects.filter(pk=request.POST.get("series") or 0).first()
    if series is None:
        messages.error(request, "请选择系列。")
        return redirect("scoring_overview", campaign.pk)
    try:
        scheme = services.add_series_scheme(request.user, campaign, series, request.POST.get("level", ""),
                                            ip=client_ip(request))
    except Refusal as exc:
        _refused(request, exc)
        return redirect("scoring_overview", campaign.pk)
    messages.success(request, "已为该系列和级别设置单独的量化赋分方案（复制自通用方案），请修改。")
    return redirect("scoring_scheme", scheme.pk)


@login_required
def scheme_edit(request, pk: int):
    scheme = get_object_or_404(Scheme.objects.select_related("campaign__unit", "series"), pk=pk)
    campaign = _hr_campaign(request, scheme.campaign_id)
    categories = list(scheme.categories.all())
    errors = []
    if request.method == "POST":
        data = {}
        for c in categories:
            row = {"name": request.POST.get(f"name_{c.pk}", c.name),
                   "max_points": request.POST.get(f"max_{c.pk}", ""),
                   "method": request.POST.get(f"method_{c.pk}", c.method)}
            if c.rule and f"table_{c.pk}" in request.POST:
                try:
                    row["rule_table"] = json.loads(request.POST[f"table_{c.pk}"] or "[]")
                except ValueError:
                    errors.append(f"“{c.name}”的规则表不是有效的 JSON 格式。")
            data[c.pk] = row
        tie_break = [x for x in request.POST.getlist("tie_break") if x]
        if not errors:
            try:
                services.update_scheme(request.user, scheme, aggregation=request.POST.get("aggregation", ""),
                                       tie_break=tie_break, categories=data, ip=client_ip(request))
            except Refusal as exc:
                errors = exc.problems
            else:
                messages.success(request, "量化赋分方案已保存。")
                return redirect("scoring_scheme", scheme.pk)
    for c in categories:
        c.table_json = json.dumps(c.rule_table, ensure_ascii=False, indent=1)
    return render(request, "scoring/scheme.html", {
        "scheme": scheme, "campaign": campaign, "categories": categories, "errors": errors,
        "frozen": services.frozen(scheme), "aggregations": Scheme.Aggregation.choices,
        "methods": Category.Method.choices, "total": sum(c.max_points for c in categories)})


@login_required
def progress(request, pk: int):
    """Assessors per application: HR assigns, the chair reopens a submitted score sheet."""
    campaign = _campaign(request, pk)
    is_hr = bool(is_unit_hr_of(request.user, campaign.unit))
    is_chair = services.is_chair(request.user, campaign)
    if not (is_hr or is_chair):
        raise Http404
    if request.method == "POST" and is_hr:
        apps = {a.pk: a for a in Application.objects.filter(campaign=campaign, state=State.UNIT_VERIFIED)
                .select_related("applicant", "title", "campaign__unit")}
        users = {u.pk: u for u in User.objects.filter(panel_seats__campaign=campaign)}
        done = 0
        for pair in request.POST.getlist("assign"):
            app_id, _, user_id = pair.partition(":")
            app, user = apps.get(int_param(app_id)), users.get(int_param(user_id))
            if app is None or user is None:
                messages.error(request, "所选申报或评分人无效。")
                continue
            try:
                services.assign(request.user, app, user, ip=client_ip(request))
                done += 1
            except Refusal as exc:
                _refused(request, exc)
        if done:
            messages.success(request, f"已分配{done}项评分任务。")
        return redirect("scoring_progress", campaign.pk)
    apps = list(Application.objects.filter(campaign=campaign, state__in=[State.UNIT_VERIFIED, *services.SHEET_STATES])
                .select_related("applicant", "title").order_by("series_id", "level", "id"))
    asgs = {}
    for a in Assignment.objects.filter(application__in=apps).select_related("assessor"):
        asgs.setdefault(a.application_id, []).append(a)
    panel = list(PanelMember.objects.filter(campaign=campaign).select_related("user"))
    relations = set(Relation.objects.filter(campaign=campaign).values_list("assessor_id", "applicant_id"))
    rows = []
    for app in apps:
        have = {a.assessor_id for a in asgs.get(app.pk, [])}
        choices = [pm for pm in panel if pm.user_id not in have and pm.user_id != app.applicant_id
                   and (pm.user_id, app.applicant_id) not in relations] if app.state == State.UNIT_VERIFIED else []
        rows.append({"app": app, "assignments": asgs.get(app.pk, []), "choices": choices})
    return render(request, "scoring/progress.html", {"campaign": campaign, "rows": rows, "is_hr": is_hr,
                                                     "is_chair": is_chair})


@login_required
def my_assignments(request):
    rows = list(services.visible_assignments(request.user).select_related(
        "application__applicant", "application__title", "application__campaign").order_by("-id"))
    chaired = list(PanelMember.objects.filter(user=request.user, duty=PanelMember.Duty.LEADER)
                   .select_related("campaign").order_by("-campaign__year", "-campaign_id"))
    return render(request, "scoring/mine.html", {"rows": rows, "chaired": chaired})


def _assignment(request, pk: int) -> Assignment:
    asg = get_object_or_404(Assignment.objects.select_related("application__applicant", "application__title",
                                                              "application__campaign__unit", "assessor"), pk=pk)
    if asg.assessor_id != request.user.pk:
        raise Http404
    return asg


@login_required
def declare(request, pk: int):
    asg = _assignment(request, pk)
    if asg.declared_at:
        return redirect("scoring_score", asg.pk)
    if request.method == "POST":
        relation = request.POST.get("relation", "")
        if request.POST.get("no_conflict") != "1" and not relation:
            messages.error(request, "请确认无利益冲突，或选择与申报人存在的关系。")
        else:
            try:
                kept = services.declare(request.user, asg, relation="" if request.POST.get("no_conflict") == "1"
                                        else relation, ip=client_ip(request))
            except Refusal as exc:
                _refused(request, exc)
            else:
                if kept is None:
                    messages.success(request, "已记录您与申报人的关系，您已回避该申报的评分。")
                    return redirect("scoring_mine")
                messages.success(request, "已声明无利益冲突，现在可以查阅材料并评分。")
                return redirect("scoring_score", asg.pk)
    return render(request, "scoring/declare.html", {"asg": asg, "relations": Relation.Kind.choices})


@login_required
def score(request, pk: int):
    asg = _assignment(request, pk)
    if not asg.declared_at:
        messages.error(request, "查阅材料和评分前，请先作出无利益冲突声明。")
        return redirect("scoring_declare", asg.pk)
    app = asg.application
    scheme = services.scheme_for(app.campaign, app.series_id, app.level)
    errors, fields = [], {}
    values = {s.category.code: s.points for s in asg.scores.select_related("category")}
    if request.method == "POST":
        posted = {c.code: request.POST.get(f"score_{c.code}", "") for c in services.assessor_categories(scheme)}
        try:
            services.save_scores(request.user, asg, posted, submit="submit" in request.POST, ip=client_ip(request))
        except Refusal as exc:
            if exc.forbidden:
                raise PermissionDenied("；".join(exc.problems)) from None
            errors, fields, values = exc.problems, exc.fields, posted
        else:
            messages.success(request, "评分已提交。" if "submit" in request.POST else "评分已暂存，请在提交前核对。")
            return redirect("scoring_score", asg.pk)
    row = services.score_rows(scheme, [app])[0]
    others = []
    if services.others_scores_visible(app):
        others = list(Score.objects.filter(assignment__application=app, assignment__submitted_at__isnull=False)
                      .exclude(assignment=asg).select_related("assignment__assessor", "category"))
    cats = [{"c": c, "value": values.get(c.code, ""), "errors": fields.get(c.code, []),
             "computed": row.cells.get(c.code), "working": row.working.get(c.code, "")}
            for c in scheme.categories.all()]
    return render(request, "scoring/score.html", {
        "asg": asg, "app": app, "cats": cats, "errors": errors, "others": others,
        "closed": services.others_scores_visible(app)})


@login_required
@require_POST
def reopen(request, pk: int):
    asg = get_object_or_404(Assignment.objects.select_related("application__campaign"), pk=pk)
    campaign = _campaign(request, asg.application.campaign_id)
    try:
        services.reopen(request.user, asg, reason=request.POST.get("reason", ""), ip=client_ip(request))
    except Refusal as exc:
        if exc.forbidden:
            raise Http404 from None
        _refused(request, exc)
    else:
        messages.success(request, "已退回该评分人的评分，待其修改后重新提交。")
    return redirect("scoring_progress", campaign.pk)


@login_required
@require_POST
def finish(request, pk: int, series_id: int, level: str):
    campaign, series = _group(request, pk, series_id, level)
    try:
        done = services.finish_scoring(request.user, campaign, series, level, ip=client_ip(request))
    except Refusal as exc:
        if exc.forbidden:
            raise Http404 from None
        _refused(request, exc)
    else:
        messages.success(request, f"已完成{len(done)}人的量化赋分。")
    return redirect("scoring_ranking", campaign.pk, series.pk, level)


@login_required
def ranking(request, pk: int, series_id: int, level: str):
    campaign, series = _group(request, pk, series_id, level)
    is_hr = bool(is_unit_hr_of(request.user, campaign.unit))
    is_leader = services.leader_assignment(request.user, campaign) is not None
    if not (is_hr or is_leader or services.is_chair(request.user, campaign)):
        raise Http404
    sheet = services.ranking_sheet(campaign, series, level)
    pending = Application.objects.filter(campaign=campaign, series=series, level=level,
                                         state=State.UNIT_VERIFIED).count()
    leaders = User.objects.filter(role_assignments__organization=campaign.unit,
                                  role_assignments__role=Role.UNIT_LEADER).distinct()
    return render(request, "scoring/ranking.html", {
        "campaign": campaign, "series": series, "level": level, "sheet": sheet, "is_hr": is_hr,
        "may_decide": is_hr or is_leader, "pending": pending, "leaders": leaders,
        "rows": [{"r": r, "cells": [r.cells.get(c.code) for c in sheet.categories]} for r in sheet.rows]})


@login_required
def ranking_export(request, pk: int, series_id: int, level: str, fmt: str):
    campaign, series = _group(request, pk, series_id, level)
    if not (is_unit_hr_of(request.user, campaign.unit) or services.leader_assignment(request.user, campaign)
            or services.is_chair(request.user, campaign)):
        raise Http404
    sheet = services.ranking_sheet(campaign, series, level)
    name = f"申报晋升人员量化评分推荐排名表-{series.name}{Level(level).label}"
    if fmt == "xlsx":
        response = HttpResponse(documents.ranking_xlsx(sheet),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        from urllib.parse import quote

        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name + '.xlsx')}"
        return response
    if fmt == "pdf":
        from zhicheng.documents.pdf import pdf_response

        return pdf_response(documents.ranking_pdf(sheet), name)
    raise Http404


@login_required
@require_POST
def quota(request, pk: int, series_id: int, level: str):
    campaign, series = _group(request, pk, series_id, level)
    if not is_unit_hr_of(request.user, campaign.unit):
        raise Http404
    try:
        services.set_quota(request.user, campaign, series, level, request.POST.get("count", ""),
                           ip=client_ip(request))
    except Refusal as exc:
        _refused(request, exc)
    else:
        messages.success(request, "推荐名额已设定。")
    return redirect("scoring_ranking", campaign.pk, series.pk, level)


@login_required
@require_POST
def decide(request, pk: int, series_id: int, level: str):
    from .forms import DecisionForm

    campaign, series = _group(request, pk, series_id, level)
    if not (is_unit_hr_of(request.user, campaign.unit) or services.leader_assignment(request.user, campaign)):
        raise Http404
    form = DecisionForm(request.POST, request.FILES, campaign=campaign)
    if not form.is_valid():
        for msgs in form.errors.values():
            for m in msgs:
                messages.error(request, m)
        return redirect("scoring_ranking", campaign.pk, series.pk, level)
    try:
        services.record_decision(request.user, campaign, series, level, ip=client_ip(request), **form.service_args())
    except Refusal as exc:
        _refused(request, exc)
    else:
        messages.success(request, "集体研究决定已记录，排名表中的人员已分别确定为推荐人选或不予推荐。")
    return redirect("scoring_ranking", campaign.pk, series.pk, level)


@login_required
def minutes_file(request, pk: int):
    from zhicheng.files.views import serve

    from .models import CollectiveDecision

    cd = get_object_or_404(CollectiveDecision.objects.select_related("minutes_file"), pk=pk)
    campaign = _campaign(request, cd.campaign_id)
    if not (is_unit_hr_of(request.user, campaign.unit) or services.leader_assignment(request.user, campaign)) \
            or cd.minutes_file is None:
        raise Http404
    return serve(cd.minutes_file)


# ---------------------------------------------------------------- meetings (§二(二)–(四))
@login_required
def meeting_new(request, pk: int):
    from . import meetings

    campaign = _hr_campaign(request, pk)
    apps = list(Application.objects.filter(campaign=campaign, state__in=meetings.HEARD_STATES)
                .select_related("applicant", "title").order_by("id"))
    panel = list(PanelMember.objects.filter(campaign=campaign).select_related("user"))
    errors = []
    if request.method == "POST":
        import datetime

        try:
            held_on = datetime.date.fromisoformat(request.POST.get("held_on", ""))
        except ValueError:
            held_on = None
        order = [(int_param(request.POST.get(f"order_{a.pk}")), a.pk) for a in apps]
        picked = [pk_ for o, pk_ in sorted((o, pk_) for o, pk_ in order if o)]
        try:
            m = meetings.schedule(request.user, campaign, kind=request.POST.get("kind", ""), held_on=held_on,
                                  place=request.POST.get("place", ""), member_user_ids=request.POST.getlist("members"),
                                  application_ids=picked, ip=client_ip(request))
        except Refusal as exc:
            errors = exc.problems
        else:
            messages.success(request, "会议已安排。")
            return redirect("scoring_meeting", m.pk)
    from .models import Meeting

    return render(request, "scoring/meeting_new.html", {"campaign": campaign, "apps": apps, "panel": panel,
                                                        "errors": errors, "kinds": Meeting.Kind.choices})


@login_required
def meeting_detail(request, pk: int):
    from . import meetings
    from .models import Hearing, Meeting

    meeting = get_object_or_404(Meeting.objects.select_related("campaign__unit"), pk=pk)
    campaign = _campaign(request, meeting.campaign_id)
    hearings = list(meeting.hearings.select_related("application__applicant", "application__title",
                                                    "application__campaign", "recorded_by"))
    errors, current = {}, None
    if request.method == "POST":
        h = next((x for x in hearings if str(x.pk) == request.POST.get("hearing")), None)
        if h is None:
            raise Http404
        try:
            meetings.record_hearing(request.user, h, report_summary=request.POST.get("report_summary", ""),
                                    questions=request.POST.get("questions", ""),
                                    answer_quality=request.POST.get("answer_quality", ""),
                                    evaluation=request.POST.get("evaluation", ""), ip=client_ip(request))
        except Refusal as exc:
            if exc.forbidden:
                raise Http404 from None
            errors, current = exc.problems, h.pk
        else:
            messages.success(request, f"已记录{h.application.applicant.real_name}的情况。")
            return redirect("scoring_meeting", meeting.pk)
    focus = request.GET.get("hearing")
    report = None
    for h in hearings:
        if str(h.pk) == focus:
            report = meetings.report_items(h.application)
    return render(request, "scoring/meeting.html", {
        "meeting": meeting, "campaign": campaign, "hearings": hearings, "errors": errors, "current": current,
        "may_record": meetings.may_record(request.user, campaign), "qualities": Hearing.Quality.choices,
        "members": meeting.members_present.select_related("user"), "focus": focus, "report": report})
