"""Proposal pages: open the discussion of a case, edit, sign, close, version (under
proposals/)."""

from django.urls import path

from recommendations.fhir import views as fhir_views
from recommendations.views import proposals

urlpatterns = [
    path("discuss/<int:case_pk>/", proposals.discuss, name="case_discuss"),
    path("<int:pk>/", proposals.proposal_detail, name="proposal_detail"),
    path("<int:pk>/edit/", proposals.proposal_edit, name="proposal_edit"),
    path("<int:pk>/sign/", proposals.proposal_sign, name="proposal_sign"),
    path("<int:pk>/close/", proposals.proposal_close, name="proposal_close"),
    path("<int:pk>/send/", proposals.proposal_send, name="proposal_send"),
    path("<int:pk>/new-version/", proposals.proposal_new_version, name="proposal_new_version"),
    path("<int:pk>/fhir/", fhir_views.proposal_fhir, name="proposal_fhir"),
]
