from django.apps import AppConfig


class UnitSubmissionConfig(AppConfig):
    """§二(八): unit opinion on the 评审表 and 一览表, the integrity pledge (真实性承诺书), and the batch the
    unit submits to its office (online, or recorded from a §二 run on paper)."""

    name = "zhicheng.unit_submission"
    verbose_name = "单位意见与推荐上报"
