from django.urls import path

from . import views_flow as v

# §五's pages under /results/flow/.
urlpatterns = [
    path("", v.host_index, name="results_flow_host"),
    path("notices/new/<id:committee_id>/", v.notice_new, name="results_flow_notice_new"),
    path("notices/<id:pk>/", v.notice_detail, name="results_flow_notice"),
    path("notices/<id:pk>/report/", v.notice_report, name="results_flow_notice_report"),
    path("objections/<id:pk>/", v.objection_detail, name="results_flow_objection"),
    path("province/", v.province_index, name="results_flow_province"),
    path("reports/<id:pk>/", v.report_detail, name="results_flow_report"),
    path("documents/new/", v.document_new, name="results_flow_document_new"),
    path("documents/<id:pk>/", v.document_detail, name="results_flow_document"),
    path("documents/<id:pk>/pdf/", v.document_pdf, name="results_flow_document_pdf"),
]

# The public result notices, under /gongshi/jieguo/ (no login).
public_urlpatterns = [
    path("", v.public_list, name="result_public_notices"),
    path("<id:pk>/", v.public_notice, name="result_public_notice"),
]
