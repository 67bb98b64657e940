from django.urls import path

from . import views_online as v

urlpatterns = [
    path("online/", v.queue, name="online_queue"),
    path("online/<id:pk>/", v.review_page, name="online_review"),
    path("online/<id:pk>/<slug:action>/", v.review_act, name="online_review_act"),
    path("online/apply/<id:pk>/", v.apply_page, name="online_apply"),
]
