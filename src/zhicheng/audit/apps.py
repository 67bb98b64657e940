from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "zhicheng.audit"
    verbose_name = "审计"
