from django.apps import AppConfig


class UnitReviewConfig(AppConfig):
    """§二(一) 材料核实: unit HR checks every item and attachment against the originals."""

    name = "zhicheng.unit_review"
    verbose_name = "单位材料核实"
