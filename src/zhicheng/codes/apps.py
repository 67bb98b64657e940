from django.apps import AppConfig


class CodesConfig(AppConfig):
    name = "zhicheng.codes"
    verbose_name = "代码表与参数"
