from django.urls import path

from . import views_handin as v

urlpatterns: list = [
    path("handin/<id:pk>/", v.handin_page, name="office_handin"),
    path("handin/<id:pk>/paper/", v.paper_record, name="office_handin_paper"),
    path("handin/<id:pk>/bind/", v.paper_bind, name="office_handin_bind"),
    path("handin/<id:pk>/fee/", v.fee_record, name="office_handin_fee"),
    path("handin/<id:pk>/endorse/", v.endorse, name="office_handin_endorse"),
    path("forwarding/", v.forwarding_page, name="office_forwarding"),
    path("forwarding/send/", v.forwarding_send, name="office_forwarding_send"),
    path("forwarding/<id:pk>/", v.forwarding_batch, name="office_forwarding_batch"),
    path("forwarding/<id:pk>/transfer.<str:fmt>", v.transfer_list, name="office_transfer_list"),
]
