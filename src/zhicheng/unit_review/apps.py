from django.apps import AppConfig


class UnitReviewConfig(AppConfig):
    """§二(一) 材料核实: unit HR checks every item and attachment against the originals."""

    name = "zhicheng.unit_review"
    verbose_name = "单位材料核实"

    def ready(self):
        from zhicheng.documents import registry
        from zhicheng.dossier import returns
        from zhicheng.dossier import services as dossier
        from zhicheng.workflow import actions, guards

        from . import services

        dossier.register_fact(services.MARKS_FACT, services.marks_fact)

        @guards.register("verification_complete")
        def verification_complete(application, actor, details):
            # The dossier page passes its facts: when they already show the step would be refused (no mark
            # yet, or a problem), the button is hidden without reading the version, marks and bans. Anything
            # else, and the step itself (no facts), runs the full check with every problem.
            facts = details.get("dossier_facts")
            return (facts is not None and services.certainly_incomplete(facts)) or \
                services.completeness_problems(application)

        actions.register("verify", lambda app, *, actor, ip, reason, data: services.verify(actor, app, ip=ip))
        returns.register_findings(services.return_findings)

        registry.register_part(registry.REVIEW_FORM, registry.VERIFICATION, 5, services.verification_part)
        registry.register_part(registry.ROSTER, registry.VERIFICATION, 5, services.verification_part)
