from django.apps import AppConfig


class DossierConfig(AppConfig):
    name = "zhicheng.dossier"
    verbose_name = "申报材料"

    def ready(self):
        from zhicheng.workflow import guards

        from . import services

        @guards.register("dossier_complete")
        def dossier_complete(application, actor, details):
            return services.window_problems(application) + services.missing_items(application)

        @guards.register("return_sections_chosen")
        def return_sections_chosen(application, actor, details):
            return [] if details.get("sections") else ["请至少选择一个允许修改的部分。"]
