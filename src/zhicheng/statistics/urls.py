from django.urls import path

from . import views

# Under /statistics/.
urlpatterns = [
    path("", views.dashboard, name="statistics_dashboard"),
    path("export.xlsx", views.export, name="statistics_export"),
]
