from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "zhicheng.orgs"
    verbose_name = "单位与人员"

    def ready(self):
        from . import scope

        scope.connect_generation_signals()
