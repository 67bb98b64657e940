from django.apps import AppConfig


class IntegrityConfig(AppConfig):
    """诚信档案: the ban registry (禁申) shared by every unit and stage. A proven fraud (伪造、剽窃) found in
    the unit's notice (§二(七)) or at any later stage disqualifies the application and bars the person,
    by ID number, for `ban_years` from the finding date. Shared: the dossier (§一) asks it before an
    application starts, so it imports no stage app."""

    name = "zhicheng.integrity"
    verbose_name = "诚信档案（禁申登记）"

    def ready(self):
        from zhicheng.workflow import actions, guards

        from . import services
        from .forms import DisqualifyForm

        guards.register("fraud_finding_recorded")(services.guard_fraud_finding_recorded)
        actions.register("disqualify", lambda app, *, actor, ip, reason, data: services.record_fraud_finding(
            actor, app, reason=reason, authority=data["authority"], ip=ip)[0], form=DisqualifyForm)
