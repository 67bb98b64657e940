from django.urls import path

from . import views_appeals as views

# 复查申请与投诉, under /results/appeals/.
urlpatterns = [
    path("", views.mine, name="appeals_mine"),
    path("handling/", views.handling, name="appeals_handling"),
    path("new/<id:app_pk>/", views.new, name="appeal_new"),
    path("<id:pk>/", views.detail, name="appeal_detail"),
    path("<id:pk>/accept/", views.accept, name="appeal_accept"),
    path("<id:pk>/step/", views.step, name="appeal_step"),
    path("<id:pk>/decide/", views.decide, name="appeal_decide"),
    path("<id:pk>/evidence/<id:file_id>/", views.evidence, name="appeal_evidence"),
]
