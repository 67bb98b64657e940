from django.urls import path

from . import views

# The unit HR's pages, under /publicity/.
urlpatterns = [
    path("", views.notice_index, name="publicity_index"),
    path("new/<id:campaign_id>/", views.notice_new, name="publicity_new"),
    path("<id:pk>/", views.notice_detail, name="publicity_notice"),
    path("<id:pk>/close/", views.notice_close, name="publicity_close"),
    path("objections/<id:pk>/", views.objection_detail, name="publicity_objection"),
    path("objections/<id:pk>/files/<id:file_id>/", views.objection_file, name="publicity_objection_file"),
]

# The public pages, under /gongshi/ (no login).
public_urlpatterns = [
    path("", views.public_list, name="public_notices"),
    path("<id:pk>/", views.public_notice, name="public_notice"),
    path("<id:pk>/poster/", views.public_poster, name="public_poster"),
    path("<id:pk>/people/<id:entry_id>/", views.public_person, name="public_person"),
    path("<id:pk>/objection/", views.public_objection, name="public_objection"),
]
