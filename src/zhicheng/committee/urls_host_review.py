from django.urls import path

from . import views_host_review as v

# §四(二) 资格审查, under /committee/host-review/: the host's queue and review, the office's corrections.
urlpatterns = [
    path("", v.queue, name="host_review_queue"),
    path("accept/", v.accept_many, name="host_review_accept_many"),
    path("<id:pk>/", v.review, name="host_review_page"),
    path("<id:pk>/accept/", v.accept, name="host_review_accept"),
    path("<id:pk>/return/", v.return_, name="host_review_return"),
    path("office/", v.office_list, name="host_review_office"),
    path("office/<id:pk>/", v.office_page, name="host_review_office_page"),
]
