from django.urls import path

from . import views

urlpatterns = [
    path("", views.notice_list, name="notice_list"),
    path("new/", views.notice_create, name="notice_create"),
    path("<id:pk>/", views.notice_detail, name="notice_detail"),
    path("<id:pk>/file/", views.notice_file, name="notice_file"),
    path("<id:pk>/withdraw/", views.notice_withdraw, name="notice_withdraw"),
    path("campaigns/<id:pk>/", views.campaign_conditions, name="public_campaign"),
    path("campaigns/<id:pk>/files/<id:file_id>/", views.campaign_file, name="public_campaign_file"),
]
