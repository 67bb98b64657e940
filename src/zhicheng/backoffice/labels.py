"""Chinese names for what the audit trail stores as codes: actions, roles, object types and states.

Steps of the process take their names from the one map (workflow.states); the other actions are named
here. An action without a name shows its code, so a new one is never hidden.
"""

from __future__ import annotations

from django.apps import apps

from zhicheng.orgs.roles import Role
from zhicheng.workflow.states import MACHINES

OTHER_ACTIONS = {
    "login": "登录",
    "login_failed": "登录失败",
    "login_busy": "登录繁忙未校验密码",
    "logout": "退出登录",
    "password_change": "修改密码",
    "password_reset": "重置密码",
    "access_denied": "越权访问被拒绝",
    "account_create": "创建账号",
    "roster_import": "导入人员名册",
    "application_start": "开始申报",
    "application_prefill": "复制上次申报信息",
    "section_save": "保存申报信息",
    "section_delete": "删除申报信息条目",
    "attachment_add": "上传附件",
    "work_summary_upload": "上传工作总结",
    "campaign_create": "创建申报通知",
    "campaign_update": "修改申报通知",
    "campaign_attach": "上传政策文件",
    "notice_publish": "发布公示",
    "notice_withdraw": "撤回公示",
    "api_token_create": "创建接口令牌",
    "admin_add": "后台新增",
    "admin_change": "后台修改",
    "admin_delete": "后台删除",
    "role_grant": "授予角色",
    "role_change": "变更角色或范围",
    "role_revoke": "收回角色",
    "audit_export": "导出审计记录",
}


def action_labels() -> dict[str, str]:
    """Every known action code → its Chinese name (the process steps from the map included)."""
    labels = dict(OTHER_ACTIONS)
    for _states, transitions, _field in MACHINES.values():
        for action, t in transitions.items():
            labels.setdefault(action, t.label)
    return labels


def action_label(code: str) -> str:
    return action_labels().get(code, code)


def role_label(code: str) -> str:
    return Role(code).label if code in Role.values else code


def object_type_label(label_lower: str) -> str:
    """'dossier.application' → 职称申报 (the model's verbose name)."""
    if not label_lower:
        return ""
    try:
        return str(apps.get_model(label_lower)._meta.verbose_name)
    except (LookupError, ValueError):
        return label_lower


def state_label(object_type: str, code: str) -> str:
    machine = MACHINES.get(object_type)
    if machine and code in machine[0].values:
        return machine[0](code).label
    return code
