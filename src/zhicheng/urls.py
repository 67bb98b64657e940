from django.contrib import admin
from django.urls import include, path

from zhicheng.api.api import api

admin.site.site_header = "职称申报评审系统 管理后台"
admin.site.site_title = "职称系统管理"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("zhicheng.web.urls")),
    path("campaigns/", include("zhicheng.campaigns.urls")),
    path("applications/", include("zhicheng.dossier.urls")),
]
