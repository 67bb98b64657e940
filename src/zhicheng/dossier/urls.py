from django.urls import path

from . import views, views_list

urlpatterns = [
    path("", views_list.application_list, name="application_list"),
    path("new/", views.application_start, name="application_start"),
    path("export.xlsx", views_list.application_export, name="application_export"),
    path("<id:pk>/", views.application_detail, name="application_detail"),
    path("<id:pk>/prefill/", views.application_prefill, name="application_prefill"),
    path("<id:pk>/s/<str:key>/", views.section_view, name="section"),
    path("<id:pk>/s/<str:key>/delete/<id:item_id>/", views.item_delete, name="item_delete"),
    path("<id:pk>/s/<str:key>/draft/<str:form_key>/", views.draft_save, name="draft_save"),
    path("<id:pk>/s/<str:key>/upload/", views.upload, name="upload"),
    path("<id:pk>/files/<id:file_id>/", views.file_download, name="file_download"),
    path("<id:pk>/files/<id:file_id>/preview/", views.file_preview, name="file_preview"),
    path("<id:pk>/actions/<slug:action>/", views.action_view, name="application_action"),
    path("<id:pk>/receipts/<id:number>/", views.receipt, name="receipt"),
    path("<id:pk>/versions/", views.versions_view, name="application_versions"),
    path("<id:pk>/versions/<id:number>/", views.version_view, name="application_version"),
    path("<id:pk>/doc/<str:doc>.<str:fmt>", views.document, name="document"),
]
