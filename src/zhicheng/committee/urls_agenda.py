from django.urls import path

from . import views_agenda as v

# §四(三) 评审会议准备, under /committee/agenda/: the host's agenda, the expert's 我的评审, 评议意见.
urlpatterns = [
    path("meetings/<id:pk>/", v.meeting_agenda, name="committee_agenda"),
    path("meetings/<id:pk>/add/", v.add, name="committee_agenda_add"),
    path("meetings/<id:pk>/recuse/", v.order_recusal, name="committee_agenda_recuse"),
    path("meetings/<id:pk>/panels/", v.form_panel, name="committee_agenda_panel"),
    path("meetings/<id:pk>/assign/", v.assign, name="committee_agenda_assign"),
    path("mine/", v.mine, name="committee_agenda_mine"),
    path("candidates/<id:pk>/", v.candidate, name="committee_agenda_candidate"),
    path("candidates/<id:pk>/declare/", v.declare, name="committee_agenda_declare"),
    path("candidates/<id:pk>/recuse/", v.recuse_self, name="committee_agenda_recuse_self"),
]
