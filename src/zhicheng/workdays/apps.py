from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "zhicheng.workdays"
    verbose_name = "工作日历"
