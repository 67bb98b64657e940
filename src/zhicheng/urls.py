from django.contrib import admin
from django.urls import include, path, register_converter

from zhicheng.http import IdConverter

register_converter(IdConverter, "id")

from zhicheng.api.api import api  # noqa: E402  (its paths use the "id" converter)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("zhicheng.web.urls")),
    path("campaigns/", include("zhicheng.campaigns.urls")),
    path("applications/", include("zhicheng.dossier.urls")),
    path("notices/", include("zhicheng.notices.urls")),
    path("scoring/", include("zhicheng.scoring.urls")),
    path("people/", include("zhicheng.orgs.urls")),
]

handler404 = "zhicheng.web.views.not_found"
