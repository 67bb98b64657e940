from django.contrib import admin
from django.urls import include, path

from zhicheng.api.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("zhicheng.web.urls")),
    path("campaigns/", include("zhicheng.campaigns.urls")),
    path("applications/", include("zhicheng.dossier.urls")),
]
