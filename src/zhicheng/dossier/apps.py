from django.apps import AppConfig


class DossierConfig(AppConfig):
    name = "zhicheng.dossier"
    verbose_name = "申报材料"

    def ready(self):
        from zhicheng import jinja
        from zhicheng.workflow import actions, guards

        from . import permissions, services
        from .returns import ReturnSectionsForm
        from .templatetags import dossier_tags

        permissions.register_rules()
        jinja.register_filters(field_values=dossier_tags.field_values, section_labels=dossier_tags.section_labels)

        @guards.register("dossier_complete")
        def dossier_complete(application, actor, details):
            # The dossier page passes the facts it read; the transition reads them under the row lock and
            # keeps them on the locked record for submit (version number, sections to copy).
            facts = details.get("dossier_facts") or services.dossier_facts(
                application, serial_day=services.SUBMITTING_ON.get())
            application._zc_facts = facts
            return services.window_problems(application, facts) + services.missing_items(application, facts=facts)

        actions.register("submit", lambda app, *, actor, ip, reason, data: services.submit(actor, app, ip=ip))
        actions.register("withdraw")
        actions.register("return", lambda app, *, actor, ip, reason, data: services.return_to_applicant(
            actor, app, reason=reason, sections=data["sections"], ip=ip), form=ReturnSectionsForm)
