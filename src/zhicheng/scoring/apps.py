from django.apps import AppConfig


class ScoringConfig(AppConfig):
    """§二(二)–(六): work report (述职), defense (考核答辩), evaluation (考核评议), quantitative scoring (量化赋分)
    by the recommendation panel, the ranking sheet, the quota and the leadership's collective decision."""

    name = "zhicheng.scoring"
    verbose_name = "考核赋分与推荐人选"
