from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "zhicheng.campaigns"
    verbose_name = "年度申报部署"
