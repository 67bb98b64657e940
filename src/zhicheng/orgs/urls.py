from django.urls import path

from . import views

urlpatterns = [
    path("", views.people, name="people"),
    path("new/", views.person_create, name="person_create"),
    path("import/", views.roster_import, name="roster_import"),
    path("template.xlsx", views.roster_template, name="roster_template"),
    path("<id:pk>/reset-password/", views.password_reset, name="password_reset_by_staff"),
]
