"""Roles from PROCESS.md; each is held in an organisation (RoleAssignment)."""

from django.db import models


class Role(models.TextChoices):
    APPLICANT = "applicant", "申报人员"
    UNIT_HR = "unit_hr", "单位人事"
    ASSESSOR = "assessor", "推荐组织成员"
    UNIT_LEADER = "unit_leader", "单位领导"
    OFFICE_REVIEWER = "office_reviewer", "主管部门审核人员"
    PROVINCIAL_OFFICE = "provincial_office", "省职改办"
    COMMITTEE_HOST = "committee_host", "评委会组建单位"
    EXPERT = "expert", "评审专家"
    SYSTEM_ADMIN = "system_admin", "系统管理员"
    SECURITY_ADMIN = "security_admin", "安全管理员"
    AUDIT_ADMIN = "audit_admin", "审计管理员"


class OrgKind(models.TextChoices):
    PROVINCE = "province", "省职改办"
    OFFICE = "office", "主管部门"
    UNIT = "unit", "用人单位"
    COMMITTEE_HOST = "committee_host", "评委会组建单位"
    COMMITTEE = "committee", "评审委员会"


UNIT_ROLES = {Role.UNIT_HR, Role.UNIT_LEADER, Role.ASSESSOR, Role.APPLICANT}
ADMIN_ROLES = {Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN}
