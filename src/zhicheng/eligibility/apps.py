from django.apps import AppConfig


class EligibilityConfig(AppConfig):
    name = "zhicheng.eligibility"
    verbose_name = "申报条件（资格预审）"
