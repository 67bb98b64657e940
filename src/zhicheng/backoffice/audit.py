"""The audit trail for the audit administrator: read only, in Chinese, in local time, exportable.

Actions, roles, object types and states show their Chinese names (labels.py); times are shown in
Asia/Shanghai (settings.TIME_ZONE) to the second; the filtered list exports to XLSX, and the export is
itself an audit event.
"""

from __future__ import annotations

import json
from urllib.parse import quote

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone

from zhicheng.audit.models import AuditEvent
from zhicheng.audit.services import record
from zhicheng.documents import xlsx
from zhicheng.http import client_ip

from .access import AUDIT, RoleAdminMixin, acting_assignment
from .labels import action_label, action_labels, object_type_label, role_label, state_label

EXPORT_MAX_ROWS = 100_000  # one sheet stays usable in Excel; narrow the filter for more


def local_time(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S") if value else ""


def describe_details(ev: AuditEvent) -> str:
    """The details in words: a role change as 'before → after', anything else as readable JSON."""
    d = ev.details or {}
    if ev.action.startswith("role_"):
        def side(x):
            return f"{x['role_label']}（{x['organization']}）" if x else "无"
        return f"{d.get('user', '')}：{side(d.get('before'))} → {side(d.get('after'))}"
    return json.dumps(d, ensure_ascii=False, sort_keys=True) if d else ""


class _CodeFilter(admin.SimpleListFilter):
    """A filter over the codes present in the trail, shown by their Chinese names."""

    field = ""

    def label(self, code: str) -> str:
        raise NotImplementedError

    def lookups(self, request, model_admin):
        codes = (AuditEvent.objects.exclude(**{self.field: ""}).order_by().values_list(self.field, flat=True)
                 .distinct())
        return sorted(((c, self.label(c)) for c in codes), key=lambda pair: pair[1])

    def queryset(self, request, queryset):
        return queryset.filter(**{self.field: self.value()}) if self.value() else queryset


class ActionFilter(_CodeFilter):
    title, parameter_name, field = "操作", "action", "action"

    def label(self, code):
        return action_label(code)


class RoleFilter(_CodeFilter):
    title, parameter_name, field = "角色", "role", "role"

    def label(self, code):
        return role_label(code)


class ObjectTypeFilter(_CodeFilter):
    title, parameter_name, field = "对象类型", "object_type", "object_type"

    def label(self, code):
        return object_type_label(code)


class ResultFilter(admin.SimpleListFilter):
    title, parameter_name = "结果", "success"

    def lookups(self, request, model_admin):
        return [("1", "成功"), ("0", "失败或被拒绝")]

    def queryset(self, request, queryset):
        return queryset.filter(success=self.value() == "1") if self.value() in ("0", "1") else queryset


COLUMNS = [  # (header, width, value)
    ("时间", 20, lambda e: local_time(e.time)),
    ("操作人", 16, lambda e: f"{e.actor.real_name}（{e.actor.username}）" if e.actor else ""),
    ("角色", 14, lambda e: role_label(e.role)),
    ("组织", 24, lambda e: e.organization.name if e.organization else ""),
    ("操作", 16, lambda e: action_label(e.action)),
    ("对象类型", 14, lambda e: object_type_label(e.object_type)),
    ("对象编号", 10, lambda e: e.object_id),
    ("原状态", 14, lambda e: state_label(e.object_type, e.from_state)),
    ("新状态", 14, lambda e: state_label(e.object_type, e.to_state)),
    ("结果", 8, lambda e: "成功" if e.success else "失败"),
    ("来源IP", 16, lambda e: e.ip or ""),
    ("原因/说明", 30, lambda e: e.reason),
    ("详情", 50, describe_details),
]


@admin.register(AuditEvent)
class AuditEventAdmin(RoleAdminMixin, admin.ModelAdmin):
    """审计管理员 reads; nobody changes or deletes."""

    edit_roles = ()
    view_roles = AUDIT
    change_list_template = "backoffice/auditevent_change_list.html"
    list_display = ["local_time", "actor", "role_name", "action_name", "object_name", "from_state_name",
                    "to_state_name", "result", "ip"]
    list_filter = [ActionFilter, RoleFilter, ObjectTypeFilter, ResultFilter]
    search_fields = ["object_id", "action", "actor__username", "actor__real_name", "ip"]
    date_hierarchy = "time"
    list_select_related = ["actor", "organization"]
    fields = ["local_time", "actor", "role_name", "organization", "ip", "action_name", "object_name",
              "from_state_name", "to_state_name", "result", "reason", "details_text"]
    readonly_fields = fields

    @admin.display(description="时间（北京时间）", ordering="time")
    def local_time(self, obj):
        return local_time(obj.time)

    @admin.display(description="角色", ordering="role")
    def role_name(self, obj):
        return role_label(obj.role)

    @admin.display(description="操作", ordering="action")
    def action_name(self, obj):
        return action_label(obj.action)

    @admin.display(description="对象")
    def object_name(self, obj):
        kind = object_type_label(obj.object_type)
        return f"{kind} #{obj.object_id}" if obj.object_id else kind

    @admin.display(description="原状态")
    def from_state_name(self, obj):
        return state_label(obj.object_type, obj.from_state)

    @admin.display(description="新状态")
    def to_state_name(self, obj):
        return state_label(obj.object_type, obj.to_state)

    @admin.display(description="结果", boolean=False)
    def result(self, obj):
        return "成功" if obj.success else "失败"

    @admin.display(description="详情")
    def details_text(self, obj):
        return describe_details(obj)

    def get_search_results(self, request, queryset, search_term):
        """A search for a Chinese action name finds its code too (搜索“登录” finds login)."""
        qs, dup = super().get_search_results(request, queryset, search_term)
        codes = [code for code, label in action_labels().items() if search_term and search_term in label]
        if codes:
            qs = qs | queryset.filter(action__in=codes)
        return qs, dup

    def get_urls(self):
        export = path("export/", self.admin_site.admin_view(self.export_view), name="audit_auditevent_export")
        return [export, *super().get_urls()]

    def export_view(self, request):
        """The list as filtered on screen (filters, search, dates), as an XLSX file."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            cl = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            return redirect(reverse("admin:audit_auditevent_changelist") + "?e=1")
        events = list(cl.get_queryset(request).select_related("actor", "organization")[:EXPORT_MAX_ROWS])
        data = xlsx.workbook("审计记录", [c[0] for c in COLUMNS], ([c[2](e) for c in COLUMNS] for e in events),
                             [c[1] for c in COLUMNS])
        acting = acting_assignment(request, AUDIT)
        record("audit_export", actor=request.user, role=acting.role if acting else "",
               organization=acting.organization if acting else None, ip=client_ip(request),
               details={"filter": request.GET.urlencode()[:500], "rows": len(events)})
        name = f"审计记录-{timezone.localtime():%Y%m%d-%H%M}.xlsx"
        response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
        return response
