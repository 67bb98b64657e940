from django.apps import AppConfig


class PublicityConfig(AppConfig):
    """§二(七) 结果公示: the unit's public notice of its recommended applicants (at least
    `notice_working_days` working days), its public page, objections (异议) and their findings."""

    name = "zhicheng.publicity"
    verbose_name = "单位公示"

    def ready(self):
        from zhicheng.workflow import actions, guards

        from . import services as s
        from .forms import InvestigationForm, ObjectionReturnForm

        guards.register("notice_ready")(s.guard_notice_ready)
        guards.register("objection_open")(s.guard_objection_open)
        guards.register("objection_unfounded")(s.guard_objection_under_check)
        guards.register("objection_founded")(s.guard_objection_under_check)
        guards.register("notice_period_over")(s.guard_notice_period_over)

        actions.register("start_notice", s.refuse_single_start)
        actions.register("investigate", lambda app, *, actor, ip, reason, data: s.investigate(actor, app, ip=ip))
        actions.register("clear_objection", lambda app, *, actor, ip, reason, data: s.clear_objection(
            actor, app, reason=reason, investigation=data["investigation"], ip=ip), form=InvestigationForm)
        actions.register("return_after_objection", lambda app, *, actor, ip, reason, data: s.return_after_objection(
            actor, app, reason=reason, investigation=data["investigation"], sections=data["sections"], ip=ip),
            form=ObjectionReturnForm)
        actions.register("withdraw_recommendation", lambda app, *, actor, ip, reason, data:
                         s.withdraw_recommendation(actor, app, reason=reason, investigation=data["investigation"],
                                                   ip=ip), form=InvestigationForm)
        actions.register("close_notice", lambda app, *, actor, ip, reason, data: s.close_one(actor, app, ip=ip))
