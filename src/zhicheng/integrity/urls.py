from django.urls import path

from . import views

urlpatterns = [
    path("bans/", views.ban_list, name="ban_list"),
]
