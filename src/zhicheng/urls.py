from django.contrib import admin
from django.urls import include, path, register_converter

from zhicheng.http import IdConverter

register_converter(IdConverter, "id")

from zhicheng.api.api import api  # noqa: E402  (its paths use the "id" converter)
from zhicheng.publicity.urls import public_urlpatterns as publicity_public  # noqa: E402
from zhicheng.results.urls import public_urlpatterns as results_public  # noqa: E402
from zhicheng.results.urls_flow import public_urlpatterns as result_notices_public  # noqa: E402

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("zhicheng.web.urls")),
    path("campaigns/", include("zhicheng.campaigns.urls")),
    path("applications/", include("zhicheng.dossier.urls")),
    path("applications/", include("zhicheng.unit_review.urls")),
    path("notices/", include("zhicheng.notices.urls")),
    path("scoring/", include("zhicheng.scoring.urls")),
    path("people/", include("zhicheng.orgs.urls")),
    path("publicity/", include("zhicheng.publicity.urls")),
    path("gongshi/", include(publicity_public)),
    path("gongshi/jieguo/", include(result_notices_public)),
    path("results/", include("zhicheng.results.urls")),
    path("zhengshu/", include(results_public)),
    path("integrity/", include("zhicheng.integrity.urls")),
    path("unit-submission/", include("zhicheng.unit_submission.urls")),
    path("office/", include("zhicheng.office_review.urls")),
    path("committee/", include("zhicheng.committee.urls")),
    path("messages/", include("zhicheng.messaging.urls")),
    path("statistics/", include("zhicheng.statistics.urls")),
]

handler404 = "zhicheng.web.views.not_found"
