from django.apps import AppConfig


class FilesConfig(AppConfig):
    name = "zhicheng.files"
    verbose_name = "文件"

    def ready(self) -> None:
        from zhicheng.codes.models import PARAMETER_DEFAULTS

        from .parameters import FILE_PARAMETERS

        # get_param falls back to these when a row is missing, like the code tables' own parameters.
        for key, default in FILE_PARAMETERS.items():
            PARAMETER_DEFAULTS.setdefault(key, default)
