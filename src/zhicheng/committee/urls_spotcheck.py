from django.urls import path

from . import views_spotcheck as v

# §四(一) the provincial office's spot check, under /committee/spot-checks/.
urlpatterns = [
    path("", v.index, name="spot_check_index"),
    path("returned/", v.returned, name="spot_check_returned"),
    path("returned/<id:app_pk>/resubmit/", v.resubmit, name="spot_check_resubmit"),
    path("application/<id:pk>/", v.for_application, name="spot_check_application"),
    path("<id:pk>/", v.batch, name="spot_check_batch"),
    path("<id:pk>/draw/", v.draw, name="spot_check_draw"),
    path("<id:pk>/delegate/", v.delegate, name="spot_check_delegate"),
    path("<id:pk>/findings/<id:app_pk>/", v.finding, name="spot_check_finding"),
    path("<id:pk>/findings/<id:app_pk>/return/", v.spot_return, name="spot_check_return"),
]
