from django.urls import path

from . import views_vote as views

# §四(三) the meeting's vote, under /committee/: the host's pages and the expert's ballot.
urlpatterns = [
    path("meetings/<id:pk>/vote/", views.host_page, name="committee_vote"),
    path("meetings/<id:pk>/vote/attendance/", views.attendance, name="committee_vote_attendance"),
    path("meetings/<id:pk>/vote/open/", views.open_vote, name="committee_vote_open"),
    path("meetings/<id:pk>/vote/close/", views.close_vote, name="committee_vote_close"),
    path("meetings/<id:pk>/vote/result/", views.result, name="committee_vote_result"),
    path("meetings/<id:pk>/minutes.pdf", views.minutes, name="committee_minutes"),
    path("votes/", views.my_meetings, name="committee_my_votes"),
    path("votes/<id:pk>/", views.ballot, name="committee_ballot"),
]
