from django.apps import AppConfig


class DossierConfig(AppConfig):
    name = "zhicheng.dossier"
    verbose_name = "申报材料"

    def ready(self):
        from zhicheng.workflow import actions, guards

        from . import permissions, services
        from .returns import ReturnSectionsForm

        permissions.register_rules()

        @guards.register("dossier_complete")
        def dossier_complete(application, actor, details):
            return services.window_problems(application) + services.missing_items(application)

        actions.register("submit", lambda app, *, actor, ip, reason, data: services.submit(actor, app, ip=ip))
        actions.register("withdraw")
        actions.register("return", lambda app, *, actor, ip, reason, data: services.return_to_applicant(
            actor, app, reason=reason, sections=data["sections"], ip=ip), form=ReturnSectionsForm)
