"""Which review committee an application is assigned to (§四). Thin model; no column on Application."""

from django.db import models


class CommitteeAssignment(models.Model):
    application = models.OneToOneField("dossier.Application", verbose_name="申报", on_delete=models.CASCADE,
                                       related_name="committee_assignment")
    committee = models.ForeignKey("orgs.Organization", verbose_name="评审委员会", on_delete=models.PROTECT,
                                  related_name="assigned_applications",
                                  limit_choices_to={"kind": "committee"})
    assigned_at = models.DateTimeField("委托时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "委托评审"

    def __str__(self) -> str:
        return f"{self.application_id} → {self.committee}"
