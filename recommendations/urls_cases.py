"""Case pages: a clinician's question to the panel, its documents, its proposal (mounted under
cases/)."""

from django.urls import path

from recommendations.views import case_attachments, cases

urlpatterns = [
    path("", cases.case_list, name="case_list"),
    path("new/<int:patient_pk>/", cases.case_create, name="case_create"),
    path("<int:pk>/", cases.case_detail, name="case_detail"),
    path("<int:pk>/edit/", cases.case_edit, name="case_edit"),
    path("<int:pk>/submit/", cases.case_submit, name="case_submit"),
    path("<int:pk>/withdraw/", cases.case_withdraw, name="case_withdraw"),
    path("<int:case_pk>/attachments/new/", case_attachments.attachment_add,
         name="attachment_add"),
    path("<int:case_pk>/attachments/<int:pk>/", case_attachments.attachment_download,
         name="attachment_download"),
]
