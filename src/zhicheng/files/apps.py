from django.apps import AppConfig


class FilesConfig(AppConfig):
    name = "zhicheng.files"
    verbose_name = "文件"
