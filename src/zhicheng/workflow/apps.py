from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "zhicheng.workflow"
    verbose_name = "流程"
