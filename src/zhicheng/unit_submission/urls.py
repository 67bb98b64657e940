from django.urls import path

from . import views

urlpatterns = [
    path("campaigns/<id:pk>/", views.campaign_page, name="unit_submission_campaign"),
    path("campaigns/<id:pk>/paper/", views.paper_page, name="unit_submission_paper"),
    path("batches/", views.batch_list, name="unit_submission_batches"),
    path("batches/<id:pk>/", views.batch_page, name="unit_submission_batch"),
    path("batches/<id:pk>/roster.xlsx", views.batch_roster, name="unit_submission_roster"),
    path("batches/<id:pk>/files/<slug:which>/", views.batch_file, name="unit_submission_file"),
    path("applications/<id:pk>/opinion/", views.opinion_page, name="unit_submission_opinion"),
    path("applications/<id:pk>/opinion/sign/", views.opinion_sign, name="unit_submission_opinion_sign"),
    path("applications/<id:pk>/pledge/", views.pledge_page, name="unit_submission_pledge"),
    path("applications/<id:pk>/pledge/confirm/", views.pledge_confirm, name="unit_submission_pledge_confirm"),
    path("applications/<id:pk>/pledge/scan/", views.pledge_scan, name="unit_submission_pledge_scan"),
    path("applications/<id:pk>/pledge/scan/file/", views.pledge_scan_download, name="unit_submission_pledge_file"),
    path("applications/<id:pk>/pledge.pdf", views.pledge_pdf, name="unit_submission_pledge_pdf"),
]
