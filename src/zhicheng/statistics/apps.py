from django.apps import AppConfig


class StatisticsConfig(AppConfig):
    """统计: a read-only dashboard over the applications in each reviewer's data scope (top layer: it imports
    the stage apps, nothing imports it)."""

    name = "zhicheng.statistics"
    verbose_name = "统计"
