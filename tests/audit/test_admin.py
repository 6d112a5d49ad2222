"""The access log in the Django admin: a read-only list with filters, search by patient or
user, and an export of the chosen rows as CSV."""

import csv
import io

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from audit.models import AccessEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("admin:audit_accessevent_changelist")


def event(user, patient_id: int, ref: str, **fields) -> AccessEvent:
    values = {"action": "view", "kind": "patient", "subject_id": patient_id,
              "path": f"/patients/{patient_id}/", **fields}
    return AccessEvent.objects.create(user=user, patient_id=patient_id, patient_ref=ref,
                                      **values)


@pytest.fixture
def events(clinician, coordinator):
    return [event(clinician, 11, "IPP-ELEVEN"), event(coordinator, 22, "IPP-TWENTY-TWO",
                                                       action="download", kind="document")]


def listed(response) -> set[int]:
    return {row.pk for row in response.context["cl"].result_list}


class TestTheList:
    def test_it_lists_the_events(self, client, administrator, events):
        client.force_login(administrator)
        response = client.get(LIST_URL)
        assert response.status_code == 200
        assert listed(response) == {e.pk for e in events}

    @pytest.mark.parametrize("term", ["22", "IPP-TWENTY", "coordinator"])
    def test_it_finds_by_patient_id_ipp_or_user(self, client, administrator, events, term):
        client.force_login(administrator)
        assert listed(client.get(LIST_URL, {"q": term})) == {events[1].pk}

    def test_it_filters_by_action_and_kind(self, client, administrator, events):
        client.force_login(administrator)
        assert listed(client.get(LIST_URL, {"action": "download"})) == {events[1].pk}
        assert listed(client.get(LIST_URL, {"kind": "patient"})) == {events[0].pk}

    def test_it_offers_no_add_change_or_delete_even_to_a_superuser(self, client, admin_user,
                                                                   events):
        client.force_login(admin_user)
        assert client.get(reverse("admin:audit_accessevent_add")).status_code == 403
        change = reverse("admin:audit_accessevent_change", args=[events[0].pk])
        assert client.post(change, {"action": "download"}).status_code == 403
        delete = reverse("admin:audit_accessevent_delete", args=[events[0].pk])
        assert client.post(delete, {"post": "yes"}).status_code == 403
        assert AccessEvent.objects.get(pk=events[0].pk).action == "view"

    def test_a_user_without_the_permission_is_refused(self, client, events):
        staff = UserFactory(username="staff-only", is_staff=True)
        client.force_login(staff)
        assert client.get(LIST_URL).status_code == 403


class TestTheExportAction:
    def test_it_exports_the_chosen_rows_as_csv(self, client, administrator, events):
        client.force_login(administrator)
        response = client.post(LIST_URL, {"action": "export_csv",
                                          ACTION_CHECKBOX_NAME: [events[1].pk]})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert [row[6] for row in rows[1:]] == ["IPP-TWENTY-TWO"]

    def test_the_export_is_recorded_on_each_patients_log(self, client, administrator,
                                                         events):
        client.force_login(administrator)
        client.post(LIST_URL, {"action": "export_csv",
                               ACTION_CHECKBOX_NAME: [e.pk for e in events]})
        exported = AccessEvent.objects.filter(action="export")
        assert sorted(exported.values_list("patient_id", flat=True)) == [11, 22]

    def test_no_delete_action_is_offered(self, client, administrator, events):
        client.force_login(administrator)
        actions = client.get(LIST_URL).context["action_form"].fields["action"].choices
        assert [name for name, _label in actions if name] == ["export_csv"]
