from django.urls import path

from . import views

urlpatterns = [
    path("mine/", views.my_assignments, name="scoring_mine"),
    path("assignments/<id:pk>/declare/", views.declare, name="scoring_declare"),
    path("assignments/<id:pk>/", views.score, name="scoring_score"),
    path("assignments/<id:pk>/reopen/", views.reopen, name="scoring_reopen"),
    path("schemes/<id:pk>/", views.scheme_edit, name="scoring_scheme"),
    path("decisions/<id:pk>/minutes/", views.minutes_file, name="scoring_minutes_file"),
    path("meetings/<id:pk>/", views.meeting_detail, name="scoring_meeting"),
    path("campaigns/<id:pk>/meetings/new/", views.meeting_new, name="scoring_meeting_new"),
    path("campaigns/<id:pk>/", views.overview, name="scoring_overview"),
    path("campaigns/<id:pk>/schemes/add/", views.scheme_add, name="scoring_scheme_add"),
    path("campaigns/<id:pk>/assessors/", views.progress, name="scoring_progress"),
    path("campaigns/<id:pk>/<id:series_id>/<slug:level>/", views.ranking, name="scoring_ranking"),
    path("campaigns/<id:pk>/<id:series_id>/<slug:level>/finish/", views.finish, name="scoring_finish"),
    path("campaigns/<id:pk>/<id:series_id>/<slug:level>/quota/", views.quota, name="scoring_quota"),
    path("campaigns/<id:pk>/<id:series_id>/<slug:level>/decision/", views.decide, name="scoring_decide"),
    path("campaigns/<id:pk>/<id:series_id>/<slug:level>/sheet.<str:fmt>", views.ranking_export,
         name="scoring_ranking_export"),
]
