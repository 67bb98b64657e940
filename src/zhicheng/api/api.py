"""JSON API /api/v1/: the same services and permission predicates as the UI; thin endpoints."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Body, File, Form, NinjaAPI, Query, Router, Schema, Status
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.files import UploadedFile
from ninja.pagination import PageNumberPagination, paginate

from zhicheng.campaigns import services as campaign_services
from zhicheng.campaigns.models import Campaign
from zhicheng.codes.models import AssessmentResult, EducationLevel, Parameter, Series, Title
from zhicheng.dossier import documents
from zhicheng.dossier import models as m
from zhicheng.dossier import sections as sec
from zhicheng.dossier import services as dossier
from zhicheng.dossier.permissions import can_view, is_owner, record_refusal, visible_applications
from zhicheng.files.services import UploadError, oversized_message
from zhicheng.files.views import serve
from zhicheng.http import client_ip, int_param
from zhicheng.orgs.roles import Role
from zhicheng.orgs.scope import assignments, orgs_for_role
from zhicheng.workdays.models import SpecialDay
from zhicheng.workdays.services import UnknownYearError, add_working_days
from zhicheng.workflow.actions import available
from zhicheng.workflow.services import TransitionError
from zhicheng.workflow.states import State

from .auth import AUTH

api = NinjaAPI(title="职称申报评审系统 API", version="1", auth=AUTH, urls_namespace="api",
               description="与界面相同的权限与业务规则。会话认证（需 CSRF）或 Bearer 令牌。")


def _problem(request, status: int, problems: list[str], fields: dict | None = None):
    return api.create_response(request, {"detail": problems, "fields": fields or {}}, status=status)


@api.exception_handler(dossier.DossierError)
def _dossier_error(request, exc):
    return _problem(request, 403 if exc.forbidden else 422, exc.problems, exc.fields)


@api.exception_handler(TransitionError)
def _transition_error(request, exc):
    return _problem(request, 403 if exc.forbidden else 409 if exc.conflict else 422, exc.problems)


@api.exception_handler(campaign_services.CampaignError)
def _campaign_error(request, exc):
    return _problem(request, 403 if exc.forbidden else 422, exc.problems)


@api.exception_handler(UploadError)
def _upload_error(request, exc):
    return _problem(request, 422, [str(exc)], {"file": [str(exc)]})


@api.exception_handler(HttpError)
def _http_error(request, exc):
    if exc.status_code == 400:
        return _problem(request, 400, ["请求内容无法解析，须为 UTF-8 编码的 JSON。"])
    return _problem(request, exc.status_code, [str(exc)])


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return _problem(request, 403, [str(exc) or "无权访问。"])


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _problem(request, 404, ["记录不存在或无权访问。"])


@api.exception_handler(AuthenticationError)
def _unauth(request, exc):
    return _problem(request, 401, ["请先登录，或提供有效的访问令牌。"])


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    if getattr(request, "oversized_uploads", None):
        return _problem(request, 422, [oversized_message()], {"file": [oversized_message()]})
    fields = {}
    for e in exc.errors:
        loc = ".".join(str(x) for x in e.get("loc", [])[1:]) or "body"
        fields.setdefault(loc, []).append("格式不正确或缺少必填项。")
    return _problem(request, 422, ["请求数据格式不正确。"], fields)


# ---------- schemas ----------
class Problem(Schema):
    detail: list[str]
    fields: dict = {}


class RoleOut(Schema):
    role: str
    role_label: str
    organization_id: int
    organization: str


class MeOut(Schema):
    id: int
    username: str
    real_name: str
    id_number_masked: str
    roles: list[RoleOut]


class TitleOut(Schema):
    id: int
    code: str
    name: str
    level: str
    level_label: str
    series_id: int
    series: str


class SeriesOut(Schema):
    id: int
    code: str
    name: str


class StageIn(Schema):
    stage: str
    starts_on: datetime.date
    working_days: int


class StageOut(StageIn):
    stage_label: str
    ends_on: datetime.date


class CampaignIn(Schema):
    year: int
    name: str
    conditions: str = ""
    policy_text: str = ""
    title_ids: list[int]
    stages: list[StageIn] = []
    panel: list[dict] = []  # [{"user_id": 1, "duty": "leader"|"member"}]


class CampaignOut(Schema):
    id: int
    unit_id: int
    unit: str
    year: int
    name: str
    status: str
    status_label: str
    conditions: str
    policy_text: str
    titles: list[TitleOut]
    stages: list[StageOut]


class ApplicationIn(Schema):
    campaign_id: int
    title_id: int
    specialty: str
    is_exceptional: bool = False


class ApplicationOut(Schema):
    id: int
    applicant: str
    applicant_id_masked: str
    unit: str
    campaign_id: int
    series: str
    title: str
    level: str
    specialty: str
    is_exceptional: bool
    state: str
    state_label: str
    reopened_sections: list[str]
    return_reason: str
    submitted_at: datetime.datetime | None
    updated_at: datetime.datetime


class SectionOut(Schema):
    key: str
    label: str
    many: bool
    required: bool
    editable: bool
    reason: str
    items: list[dict]


class ReturnIn(Schema):
    reason: str
    sections: list[str]


class VersionOut(Schema):
    number: int
    submitted_at: datetime.datetime
    submitted_by: str


class ActionOut(Schema):
    action: str
    label: str
    target: str


# ---------- serializers ----------
class Serialised:
    """A queryset seen through a serialiser, for the paginator: only the requested page is built."""

    def __init__(self, queryset, fn):
        self.queryset, self.fn = queryset, fn

    def __getitem__(self, index):
        if isinstance(index, slice) and (index.start or 0) >= 2**31:
            return []  # a page far beyond the data: empty, not a database overflow
        rows = self.queryset[index]
        return [self.fn(r) for r in rows] if isinstance(index, slice) else self.fn(rows)

    def __len__(self):
        return self.queryset.count()



def _title(t: Title) -> dict:
    return {"id": t.pk, "code": t.code, "name": t.name, "level": t.level, "level_label": t.get_level_display(),
            "series_id": t.series_id, "series": t.series.name}


def _campaign(c: Campaign) -> dict:
    return {"id": c.pk, "unit_id": c.unit_id, "unit": c.unit.name, "year": c.year, "name": c.name,
            "status": c.status, "status_label": c.get_status_display(), "conditions": c.conditions,
            "policy_text": c.policy_text, "titles": [_title(t) for t in c.open_titles.all()],
            "stages": [{"stage": s.stage, "stage_label": s.get_stage_display(), "starts_on": s.starts_on,
                        "working_days": s.working_days, "ends_on": s.ends_on} for s in c.stages.all()]}


def _application(a: m.Application) -> dict:
    return {"id": a.pk, "applicant": a.applicant.real_name, "applicant_id_masked": a.applicant.masked_id_number,
            "unit": a.unit.name, "campaign_id": a.campaign_id, "series": a.series.name, "title": a.title.name,
            "level": a.level, "specialty": a.specialty, "is_exceptional": a.is_exceptional, "state": a.state,
            "state_label": a.get_state_display(), "reopened_sections": a.reopened_sections,
            "return_reason": a.return_reason, "submitted_at": a.submitted_at, "updated_at": a.updated_at}


def _item(obj) -> dict:
    if isinstance(obj, m.WorkSummary):
        return {"id": obj.pk, "file_id": obj.file_id, "file_name": obj.file.original_name,
                "char_count": obj.char_count}
    if isinstance(obj, m.Attachment):
        return {"id": obj.pk, "section": obj.section, "item_id": obj.item_id, "description": obj.description,
                "file_id": obj.file_id, "file_name": obj.file.original_name, "size": obj.file.size}
    out = {"id": obj.pk}
    for f in dossier.display_fields(type(obj)):
        value = getattr(obj, f.attname)
        out[f.name] = value.isoformat() if isinstance(value, datetime.date) else value
    return out


def _app_or_404(request, pk: int) -> m.Application:
    app = get_object_or_404(m.Application.objects.select_related("applicant", "unit", "campaign", "title", "series"),
                            pk=pk)
    if not can_view(request.auth, app):
        record_refusal(request.auth, app, client_ip(request), request.path)
        raise Http404
    return app


def _section_or_404(key: str) -> sec.Section:
    try:
        return sec.get(key)
    except LookupError:
        raise Http404 from None


# ---------- endpoints ----------
me = Router(tags=["账户"])


@me.get("/me", response=MeOut, summary="当前用户与角色")
def get_me(request):
    u = request.auth
    return {"id": u.pk, "username": u.username, "real_name": u.real_name, "id_number_masked": u.masked_id_number,
            "roles": [{"role": a.role, "role_label": a.get_role_display(), "organization_id": a.organization_id,
                       "organization": a.organization.name} for a in assignments(u)]}


codes = Router(tags=["代码表"])


@codes.get("/series", response=list[SeriesOut], summary="职称系列")
def list_series(request):
    return list(Series.objects.filter(active=True))


@codes.get("/titles", response=list[TitleOut], summary="职称（可按系列筛选）")
def list_titles(request, series_id: int | None = None):
    qs = Title.objects.filter(active=True).select_related("series")
    if series_id is not None and not int_param(series_id):
        return []
    if series_id:
        qs = qs.filter(series_id=series_id)
    return [_title(t) for t in qs]


@codes.get("/education-levels", response=list[dict], summary="学历（GB/T 4658）")
def list_education_levels(request):
    return [{"id": e.pk, "code": e.code, "name": e.name} for e in EducationLevel.objects.all()]


@codes.get("/assessment-results", response=list[dict], summary="年度考核结果")
def list_assessment_results(request):
    return [{"id": r.pk, "code": r.code, "name": r.name} for r in AssessmentResult.objects.all()]


@codes.get("/parameters", response=list[dict], summary="业务参数（上传上限、工作总结字数等）")
def list_parameters(request):
    return [{"key": p.key, "name": p.name, "value": p.value, "unit": p.unit, "source": p.source}
            for p in Parameter.objects.all()]


@codes.get("/holidays", response=list[dict], summary="管理员录入的节假日与调休（库外年份）")
def list_holidays(request, year: int):
    return [{"date": d.date, "is_workday": d.is_workday, "name": d.name}
            for d in SpecialDay.objects.filter(year__year=year)]


@codes.get("/workdays", summary="按工作日计算截止日期", response={200: dict, 422: Problem})
def workdays(request, start: datetime.date, days: int):
    if days < 1 or days > 366:
        return Status(422, {"detail": ["工作日数应在1到366之间。"], "fields": {}})
    try:
        return Status(200, {"start": start, "working_days": days, "ends_on": add_working_days(start, days)})
    except UnknownYearError as exc:
        return Status(422, {"detail": [str(exc)], "fields": {}})


@me.get("/organizations", response=list[dict], summary="数据范围内的组织机构")
def list_organizations(request):
    from django.db.models import Q

    from zhicheng.orgs.models import Organization
    from zhicheng.orgs.scope import ROLE_SCOPE

    q = Q(pk__in=[])
    for a in assignments(request.auth):
        scope = ROLE_SCOPE.get(a.role)
        if scope == "all":
            q = Q()
            break
        q |= Q(path__startswith=a.organization.path) if scope == "subtree" else Q(pk=a.organization_id)
    return [{"id": o.pk, "name": o.name, "kind": o.kind, "kind_label": o.get_kind_display(),
             "parent_id": o.parent_id, "credit_code": o.credit_code} for o in Organization.objects.filter(q)]


campaigns = Router(tags=["年度申报"])


@campaigns.get("", response=list[CampaignOut], summary="可见的年度申报")
@paginate(PageNumberPagination, page_size=20)
def list_campaigns(request, status: str | None = None):
    qs = campaign_services.visible_campaigns(request.auth).prefetch_related("open_titles__series", "stages")
    if status:
        qs = qs.filter(status=status)
    return Serialised(qs.order_by("-year", "-id"), _campaign)


@campaigns.get("/{id:pk}", response=CampaignOut, summary="年度申报详情")
def get_campaign(request, pk: int):
    return _campaign(get_object_or_404(campaign_services.visible_campaigns(request.auth), pk=pk))


def _campaign_args(request, payload: CampaignIn, unit):
    from zhicheng.orgs.models import User

    title_ids = [int_param(t) for t in payload.title_ids]
    titles = list(Title.objects.filter(pk__in=[t for t in title_ids if t]))
    if None in title_ids or len(titles) != len(set(title_ids)):
        raise campaign_services.CampaignError("所选职称中有无效的项目。")
    user_ids = [int_param(p.get("user_id")) if isinstance(p.get("user_id"), int) else None for p in payload.panel]
    if None in user_ids or len(set(user_ids)) != len(user_ids):
        raise campaign_services.CampaignError("推荐组织成员数据无效（须为用户编号，且不能重复）。")
    users = {u.pk: u for u in User.objects.filter(pk__in=user_ids)}
    panel = []
    for p, user_id in zip(payload.panel, user_ids, strict=True):
        if user_id not in users or p.get("duty", "member") not in ("leader", "member"):
            raise campaign_services.CampaignError("推荐组织成员数据无效。")
        panel.append((users[user_id], p.get("duty", "member")))
    stages = []
    for s in payload.stages:
        if s.stage not in {c.value for c in campaign_services.CampaignStage.Stage}:
            raise campaign_services.CampaignError(f"未知阶段：{s.stage}")
        if not 1 <= s.working_days <= 120:
            raise campaign_services.CampaignError("工作日数应在1到120之间。")
        stages.append((s.stage, s.starts_on, s.working_days))
    if len({s[0] for s in stages}) != len(stages):
        raise campaign_services.CampaignError("每个阶段只能设置一次。")
    data = {"year": payload.year, "name": payload.name.strip(), "conditions": payload.conditions,
            "policy_text": payload.policy_text}
    if not data["name"]:
        raise campaign_services.CampaignError("请填写名称。")
    if len(data["name"]) > 100:
        raise campaign_services.CampaignError("名称不超过100个字。")
    if len(data["conditions"]) > 20000 or len(data["policy_text"]) > 20000:
        raise campaign_services.CampaignError("申报条件、政策规定各不超过20000字。")
    if not 2000 <= payload.year <= 2100:
        raise campaign_services.CampaignError("年度应为四位数字。")
    return {"unit": unit, "data": data, "titles": titles, "stages": stages, "panel": panel, "ip": client_ip(request)}


@campaigns.post("", response={201: CampaignOut, 403: Problem, 422: Problem}, summary="部署年度申报（单位人事）")
def create_campaign(request, payload: CampaignIn):
    units = orgs_for_role(request.auth, Role.UNIT_HR)
    if not units:
        raise PermissionDenied("只有单位人事可以部署年度申报。")
    c = campaign_services.save_campaign(request.auth, **_campaign_args(request, payload, units[0]))
    return Status(201, _campaign(c))


@campaigns.put("/{id:pk}", response={200: CampaignOut, 403: Problem, 422: Problem}, summary="修改年度申报")
def update_campaign(request, pk: int, payload: CampaignIn):
    c = get_object_or_404(campaign_services.visible_campaigns(request.auth), pk=pk)
    c = campaign_services.save_campaign(request.auth, campaign=c, **_campaign_args(request, payload, c.unit))
    return Status(200, _campaign(c))


@campaigns.post("/{id:pk}/publish", response={200: CampaignOut, 403: Problem, 422: Problem}, summary="发布")
def publish(request, pk: int):
    c = get_object_or_404(campaign_services.visible_campaigns(request.auth), pk=pk)
    return Status(200, _campaign(campaign_services.publish_campaign(request.auth, c, ip=client_ip(request))))


@campaigns.post("/{id:pk}/attachments", response={201: dict, 403: Problem, 422: Problem}, summary="上传政策文件")
def campaign_attachment(request, pk: int, file: File[UploadedFile], title: Form[str] = ""):
    c = get_object_or_404(campaign_services.visible_campaigns(request.auth), pk=pk)
    att = campaign_services.add_attachment(request.auth, c, file, title, ip=client_ip(request))
    return Status(201, {"id": att.pk, "title": att.title, "file_id": att.file_id, "size": att.file.size})


@campaigns.get("/{id:pk}/attachments", response=list[dict], summary="政策文件列表")
def campaign_attachments(request, pk: int):
    c = get_object_or_404(campaign_services.visible_campaigns(request.auth), pk=pk)
    return [{"id": a.pk, "title": a.title, "file_id": a.file_id, "size": a.file.size}
            for a in c.attachments.select_related("file")]


@campaigns.get("/{id:pk}/attachments/{id:att_id}", summary="下载政策文件", response={200: None, 404: Problem})
def campaign_attachment_file(request, pk: int, att_id: int):
    c = get_object_or_404(campaign_services.visible_campaigns(request.auth), pk=pk)
    return serve(get_object_or_404(c.attachments.select_related("file"), pk=att_id).file)


apps = Router(tags=["申报材料"])


@apps.get("", response=list[ApplicationOut], summary="申报列表（按角色数据范围）")
@paginate(PageNumberPagination, page_size=20)
def list_applications(request, state: str | None = None, campaign_id: int | None = None, q: str | None = None):
    qs = visible_applications(request.auth).select_related("applicant", "unit", "title", "series")
    if state in State.values:
        qs = qs.filter(state=state)
    if campaign_id is not None:
        qs = qs.filter(campaign_id=int_param(campaign_id) or 0)
    if q:
        qs = qs.filter(applicant__real_name__contains=q)
    return Serialised(qs.order_by("-updated_at", "-id"), _application)


@apps.post("", response={201: ApplicationOut, 403: Problem, 422: Problem}, summary="开始申报")
def create_application(request, payload: ApplicationIn):
    campaign = get_object_or_404(campaign_services.visible_campaigns(request.auth), pk=payload.campaign_id)
    title = get_object_or_404(Title, pk=payload.title_id)
    app = dossier.start_application(request.auth, campaign=campaign, title=title, specialty=payload.specialty,
                                    is_exceptional=payload.is_exceptional, ip=client_ip(request))
    return Status(201, _application(app))


@apps.get("/{id:pk}", response=ApplicationOut, summary="申报详情")
def get_application(request, pk: int):
    return _application(_app_or_404(request, pk))


@apps.get("/{id:pk}/missing", response=list[str], summary="提交前缺少的项目（一次列出全部）")
def get_missing(request, pk: int):
    return dossier.missing_items(_app_or_404(request, pk))


@apps.get("/{id:pk}/actions", response=list[ActionOut], summary="当前用户可执行的操作")
def get_actions(request, pk: int):
    app = _app_or_404(request, pk)
    return [{"action": t.action, "label": t.label, "target": t.target} for t in available(request.auth, app)]


@apps.get("/{id:pk}/sections/{key}", response=SectionOut, summary="某部分的内容")
def get_section(request, pk: int, key: str):
    from zhicheng.dossier.permissions import can_edit_section

    app = _app_or_404(request, pk)
    section = _section_or_404(key)
    decision = can_edit_section(request.auth, app, key)
    return {"key": key, "label": section.label, "many": section.many, "required": section.required,
            "editable": bool(decision), "reason": decision.reason,
            "items": [_item(o) for o in sec.items(app, section)]}


@apps.post("/{id:pk}/sections/{key}", response={201: dict, 403: Problem, 422: Problem},
           summary="新增条目（单条部分为保存）")
def create_item(request, pk: int, key: str, payload: Body[dict]):
    app = _app_or_404(request, pk)
    _section_or_404(key)
    obj = dossier.save_item(request.auth, app, key, _form_data(payload), ip=client_ip(request))
    return Status(201, _item(obj))


@apps.put("/{id:pk}/sections/{key}/{id:item_id}", response={200: dict, 403: Problem, 422: Problem},
          summary="修改条目")
def update_item(request, pk: int, key: str, item_id: int, payload: Body[dict]):
    app = _app_or_404(request, pk)
    section = _section_or_404(key)
    obj = dossier.save_item(request.auth, app, key, _form_data(payload),
                            item_id=item_id if section.many else None, ip=client_ip(request))
    return Status(200, _item(obj))


@apps.delete("/{id:pk}/sections/{key}/{id:item_id}", response={204: None, 403: Problem, 422: Problem},
             summary="删除条目")
def delete_item(request, pk: int, key: str, item_id: int):
    app = _app_or_404(request, pk)
    _section_or_404(key)
    dossier.delete_item(request.auth, app, key, item_id, ip=client_ip(request))
    return Status(204, None)


@apps.put("/{id:pk}/drafts/{key}/{form_key}", response={200: dict, 403: Problem}, summary="自动保存草稿")
def put_draft(request, pk: int, key: str, form_key: str, payload: Body[dict]):
    app = _app_or_404(request, pk)
    _section_or_404(key)
    d = dossier.save_draft(request.auth, app, key, form_key, _form_data(payload))
    return Status(200, {"saved_at": d.updated_at.isoformat(), "data": d.data})


@apps.get("/{id:pk}/drafts/{key}/{form_key}", response={200: dict, 404: Problem}, summary="读取草稿")
def get_draft(request, pk: int, key: str, form_key: str):
    app = _app_or_404(request, pk)
    if not is_owner(request.auth, app):
        raise PermissionDenied("自动保存的草稿只有申报人本人可以查看。")
    d = dossier.get_draft(app, key, form_key)
    if d is None:
        raise Http404
    return Status(200, {"saved_at": d.updated_at.isoformat(), "data": d.data})


@apps.post("/{id:pk}/attachments", response={201: dict, 403: Problem, 422: Problem}, summary="上传证明材料")
def post_attachment(request, pk: int, file: File[UploadedFile], section: Form[str] = "attachments",
                    item_id: Form[int | None] = None, description: Form[str] = ""):
    app = _app_or_404(request, pk)
    _section_or_404(section)
    att = dossier.attach_file(request.auth, app, file, section_key=section, item_id=item_id,
                              description=description, ip=client_ip(request))
    return Status(201, _item(att))


@apps.post("/{id:pk}/work-summary", response={201: dict, 403: Problem, 422: Problem}, summary="上传工作总结PDF")
def post_summary(request, pk: int, file: File[UploadedFile]):
    app = _app_or_404(request, pk)
    return Status(201, _item(dossier.upload_work_summary(request.auth, app, file, ip=client_ip(request))))


@apps.get("/{id:pk}/files/{id:file_id}", summary="下载文件（附件方式）", response={200: None, 404: Problem})
def get_file(request, pk: int, file_id: int):
    stored = documents.file_of(_app_or_404(request, pk), file_id)
    if stored is None:
        raise Http404
    return serve(stored)


@apps.post("/{id:pk}/submit", response={200: ApplicationOut, 403: Problem, 409: Problem, 422: Problem},
           summary="提交单位审核")
def post_submit(request, pk: int):
    app = _app_or_404(request, pk)
    return Status(200, _application(dossier.submit(request.auth, app, ip=client_ip(request))))


@apps.post("/{id:pk}/return", response={200: ApplicationOut, 403: Problem, 409: Problem, 422: Problem},
           summary="退回修改（单位人事）")
def post_return(request, pk: int, payload: ReturnIn):
    app = _app_or_404(request, pk)
    app = dossier.return_to_applicant(request.auth, app, reason=payload.reason, sections=payload.sections,
                                      ip=client_ip(request))
    return Status(200, _application(app))


@apps.get("/{id:pk}/versions", response=list[VersionOut], summary="提交版本")
def get_versions(request, pk: int):
    app = _app_or_404(request, pk)
    return [{"number": v.number, "submitted_at": v.submitted_at, "submitted_by": v.submitted_by.real_name}
            for v in app.versions.select_related("submitted_by").order_by("number")]


@apps.get("/{id:pk}/versions/diff", response={200: list[dict], 404: Problem}, summary="两个版本的差异")
def get_diff(request, pk: int, a: int = Query(...), b: int = Query(...)):
    app = _app_or_404(request, pk)
    va = get_object_or_404(m.ApplicationVersion, application=app, number=a)
    vb = get_object_or_404(m.ApplicationVersion, application=app, number=b)
    return Status(200, dossier.diff(va.snapshot, vb.snapshot))


@apps.get("/{id:pk}/documents/{doc}", summary="生成一览表/评审表 PDF（roster 或 review_form）",
          response={200: None, 404: Problem})
def get_document(request, pk: int, doc: str):
    app = _app_or_404(request, pk)
    if doc not in ("roster", "review_form"):
        raise Http404
    return documents.pdf_response(app, doc)


def _form_data(payload: dict) -> dict:
    """Only scalar values go to the section form: a client cannot pass state, scores or ids."""
    return {str(k): ("" if v is None else str(v)) for k, v in payload.items()
            if isinstance(v, str | int | float | bool | type(None))}


api.add_router("/", me)
api.add_router("/codes", codes)
api.add_router("/campaigns", campaigns)
api.add_router("/applications", apps)
