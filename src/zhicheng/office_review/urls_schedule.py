from django.urls import path

from . import views_schedule

urlpatterns = [
    path("schedule/", views_schedule.schedule_page, name="office_schedule"),
]
