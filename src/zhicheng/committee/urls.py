from django.urls import include, path

from . import views

# The committee host's pages, under /committee/.
urlpatterns = [
    path("", views.index, name="committee_index"),
    path("<id:pk>/", views.detail, name="committee_detail"),
    path("experts/", views.experts, name="committee_experts"),
    path("experts/<id:pk>/", views.expert_edit, name="committee_expert_edit"),
    path("meetings/<id:pk>/", views.meeting, name="committee_meeting"),
    path("meetings/<id:pk>/draw/", views.draw, name="committee_draw"),
    path("meetings/<id:pk>/replace/", views.replace, name="committee_replace"),
    path("agenda/", include("zhicheng.committee.urls_agenda")),
    path("", include("zhicheng.committee.urls_vote")),
    path("spot-checks/", include("zhicheng.committee.urls_spotcheck")),
    path("host-review/", include("zhicheng.committee.urls_host_review")),
]
