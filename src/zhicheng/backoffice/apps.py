from django.apps import AppConfig


class BackofficeConfig(AppConfig):
    name = "zhicheng.backoffice"
    verbose_name = "管理后台"

    def ready(self):
        from .site import install

        install()
