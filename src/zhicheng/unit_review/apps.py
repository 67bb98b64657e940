from django.apps import AppConfig


class UnitReviewConfig(AppConfig):
    """§二(一) 材料核实: unit HR checks every item and attachment against the originals."""

    name = "zhicheng.unit_review"
    verbose_name = "单位材料核实"

    def ready(self):
        from zhicheng.documents import registry
        from zhicheng.dossier import returns
        from zhicheng.workflow import actions, guards

        from . import services

        @guards.register("verification_complete")
        def verification_complete(application, actor, details):
            return services.completeness_problems(application)

        actions.register("verify", lambda app, *, actor, ip, reason, data: services.verify(actor, app, ip=ip))
        returns.register_findings(services.return_findings)

        registry.register_part(registry.REVIEW_FORM, registry.VERIFICATION, 5, services.verification_part)
        registry.register_part(registry.ROSTER, registry.VERIFICATION, 5, services.verification_part)
