from django.urls import path

from . import views

urlpatterns = [
    path("", views.application_list, name="application_list"),
    path("new/", views.application_start, name="application_start"),
    path("export.xlsx", views.application_export, name="application_export"),
    path("<int:pk>/", views.application_detail, name="application_detail"),
    path("<int:pk>/s/<str:key>/", views.section_view, name="section"),
    path("<int:pk>/s/<str:key>/delete/<int:item_id>/", views.item_delete, name="item_delete"),
    path("<int:pk>/s/<str:key>/draft/<str:form_key>/", views.draft_save, name="draft_save"),
    path("<int:pk>/s/<str:key>/upload/", views.upload, name="upload"),
    path("<int:pk>/files/<int:file_id>/", views.file_download, name="file_download"),
    path("<int:pk>/submit/", views.submit, name="application_submit"),
    path("<int:pk>/return/", views.return_view, name="application_return"),
    path("<int:pk>/versions/", views.versions_view, name="application_versions"),
    path("<int:pk>/doc/<str:doc>.<str:fmt>", views.document, name="document"),
]
