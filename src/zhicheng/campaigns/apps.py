from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "zhicheng.campaigns"
    verbose_name = "年度申报部署"

    def ready(self):
        from zhicheng.workflow import guards

        from . import services

        services.register_rules()
        guards.register("campaign_publishable")(services.publish_problems)
        guards.register("campaign_closable")(services.close_problems)
