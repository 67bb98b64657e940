from django.urls import path

from . import views

urlpatterns = [
    path("", views.inbox, name="message_inbox"),
    path("<id:pk>/", views.message_detail, name="message_detail"),
    path("read-all/", views.mark_all_read, name="message_read_all"),
]
