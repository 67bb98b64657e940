from django.urls import path

from . import views

urlpatterns = [
    path("<id:pk>/verification/", views.verification_page, name="verification"),
    path("<id:pk>/verification/mark/", views.mark, name="verification_mark"),
]
