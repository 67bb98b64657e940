from django.urls import path

from . import views

urlpatterns = [
    path("", views.campaign_list, name="campaign_list"),
    path("new/", views.campaign_create, name="campaign_create"),
    path("<id:pk>/", views.campaign_detail, name="campaign_detail"),
    path("<id:pk>/edit/", views.campaign_edit, name="campaign_edit"),
    path("<id:pk>/attach/", views.campaign_attach, name="campaign_attach"),
    path("<id:pk>/files/<id:att_id>/", views.campaign_file, name="campaign_file"),
    path("<id:pk>/<slug:action>/", views.campaign_step, name="campaign_step"),
]
