from django.urls import include, path

from . import views

# The holder's and the provincial office's pages, under /results/.
urlpatterns = [
    path("certificates/", views.holder_list, name="results_certificates"),
    path("certificates/<id:pk>/pdf/", views.holder_pdf, name="results_certificate_pdf"),
    path("certificates/<id:pk>/revoke/", views.revoke_view, name="results_certificate_revoke"),
    path("appeals/", include("zhicheng.results.urls_appeals")),
    path("flow/", include("zhicheng.results.urls_flow")),
]

# The public verification (证书查询), under /zhengshu/ (no login).
public_urlpatterns = [
    path("", views.public_lookup, name="certificate_lookup"),
    path("v/<str:code>/", views.public_code, name="certificate_verify_code"),
]
