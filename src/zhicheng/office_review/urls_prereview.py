from django.urls import path

from . import views_prereview as v

urlpatterns = [
    path("prereview/", v.batch_list, name="prereview_batches"),
    path("prereview/batches/<id:pk>/", v.batch_page, name="prereview_batch"),
    path("prereview/batches/<id:pk>/entries/<id:entry>/admit/", v.admit, name="prereview_admit"),
    path("prereview/applications/<id:pk>/", v.application_page, name="prereview_application"),
    path("prereview/applications/<id:pk>/return/", v.return_view, name="prereview_return"),
    path("prereview/applications/<id:pk>/pass/", v.pass_view, name="prereview_pass"),
    path("prereview/applications/<id:pk>/correction/", v.correction_page, name="prereview_correction"),
    path("prereview/applications/<id:pk>/resubmit/", v.resubmit_view, name="prereview_resubmit"),
]
