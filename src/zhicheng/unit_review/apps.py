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
        dossier.register_fact(services.CARRY_FACT, services.carry_fact)
        dossier.register_fact(services.BANS_FACT, services.bans_fact)

        @guards.register("verification_complete")
        def verification_complete(application, actor, details):
            # The dossier page passes its facts: when they already show how the step would end (refused: a
            # problem, too few marks; or passed: every item its own mark, no ban entry), the button follows
            # without reading the versions, marks and bans. Anything else, and the step itself (no facts),
            # runs the full check with every problem.
            facts = details.get("dossier_facts")
            if facts is not None:
                refused = services.certainly_incomplete(facts)
                if refused or services.certainly_complete(application, facts):
                    return refused
            return services.completeness_problems(application)

        actions.register("verify", lambda app, *, actor, ip, reason, data: services.verify(actor, app, ip=ip))
        returns.register_findings(services.return_findings)

        registry.register_part(registry.REVIEW_FORM, registry.VERIFICATION, 5, services.verification_part)
        registry.register_part(registry.ROSTER, registry.VERIFICATION, 5, services.verification_part)
