"""The admin shows cases, proposals, documents and the workflow record, and never edits them
(their life goes through the workflow's acts)."""

import pytest
from django.urls import reverse

from recommendations.proposals import discuss_and_draft
from tests.recommendations.workflow_helpers import scheduled_case

pytestmark = pytest.mark.django_db

READ_ONLY = ("case", "proposal", "document", "workflowevent", "followupaction")


@pytest.mark.parametrize("model", (*READ_ONLY, "meeting"))
def test_the_admin_lists_them(client, admin_user, clinician, coordinator, model):
    discuss_and_draft(scheduled_case(clinician, coordinator), coordinator)
    client.force_login(admin_user)
    assert client.get(reverse(f"admin:recommendations_{model}_changelist")).status_code == 200


@pytest.mark.parametrize("model", READ_ONLY)
def test_nobody_adds_or_changes_them_there(client, admin_user, clinician, coordinator, model):
    proposal = discuss_and_draft(scheduled_case(clinician, coordinator), coordinator)
    client.force_login(admin_user)
    assert client.get(reverse(f"admin:recommendations_{model}_add")).status_code == 403
    pk = {"case": proposal.case_id, "proposal": proposal.pk}.get(model)
    if pk is not None:
        response = client.post(reverse(f"admin:recommendations_{model}_change", args=[pk]), {})
        assert response.status_code == 403
