from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "zhicheng.notices"
    verbose_name = "通知公告"
