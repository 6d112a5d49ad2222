"""The administrators' page "Accesses to this patient's record" and its CSV export: who,
when and what, for that patient only, and for no other role."""

import csv
import io

import pytest
from django.urls import reverse

from audit.models import AccessEvent
from tests.factories import PatientFactory

pytestmark = pytest.mark.django_db


def accessed(user, patient, *, kind="patient", action="view", path=None) -> AccessEvent:
    return AccessEvent.objects.create(
        user=user, action=action, kind=kind, subject_id=patient.pk, patient_id=patient.pk,
        patient_ref=patient.ipp, path=path or f"/patients/{patient.pk}/")


def page_url(patient) -> str:
    return reverse("audit:patient_accesses", args=[patient.pk])


def csv_url(patient) -> str:
    return reverse("audit:patient_accesses_csv", args=[patient.pk])


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def patient(clinician):
    return PatientFactory(referring_clinician=clinician, ipp="IPP-SEEN")


@pytest.fixture
def other_patient(clinician):
    return PatientFactory(referring_clinician=clinician, ipp="IPP-OTHER")


class TestThePage:
    def test_it_lists_who_saw_the_patient(self, client, administrator, clinician, patient):
        accessed(clinician, patient, kind="lesion")
        client.force_login(administrator)
        response = client.get(page_url(patient))
        assert response.status_code == 200
        text = response.content.decode()
        assert clinician.username in text and "lesion" in text and "IPP-SEEN" in text

    def test_it_shows_no_other_patients_accesses(self, client, administrator, clinician,
                                                 patient, other_patient):
        accessed(clinician, patient)
        accessed(clinician, other_patient, path="/patients/other-marker/")
        client.force_login(administrator)
        response = client.get(page_url(patient))
        assert len(response.context["page"].object_list) == 1
        assert "other-marker" not in response.content.decode()

    def test_it_pages_a_long_log(self, client, administrator, clinician, patient):
        for _ in range(51):
            accessed(clinician, patient)
        client.force_login(administrator)
        second = client.get(page_url(patient), {"page": 2})
        assert len(second.context["page"].object_list) == 1

    def test_it_ignores_a_page_number_that_is_not_one(self, client, administrator, patient):
        client.force_login(administrator)
        assert client.get(page_url(patient), {"page": "x'; --"}).status_code == 200

    def test_it_says_when_nothing_is_recorded(self, client, administrator, patient):
        client.force_login(administrator)
        assert 'data-testid="no-accesses"' in client.get(page_url(patient)).content.decode()

    def test_it_records_no_access_of_its_own(self, client, administrator, patient):
        client.force_login(administrator)
        client.get(page_url(patient))
        assert not AccessEvent.objects.exists()


class TestTheExport:
    def test_it_exports_the_patients_accesses_as_csv(self, client, administrator, clinician,
                                                     patient):
        accessed(clinician, patient, kind="case", action="view")
        client.force_login(administrator)
        response = client.get(csv_url(patient))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        assert "attachment" in response["Content-Disposition"]
        header, row = csv_rows(response)
        assert header == ["When", "User", "Action", "What", "Identifier",
                          "Patient identifier", "Patient reference (IPP)", "Path"]
        assert row[1:] == [clinician.username, "viewed", "case", str(patient.pk),
                           str(patient.pk), "IPP-SEEN", f"/patients/{patient.pk}/"]

    def test_it_exports_no_other_patients_accesses(self, client, administrator, clinician,
                                                   patient, other_patient):
        accessed(clinician, patient)
        accessed(clinician, other_patient)
        client.force_login(administrator)
        rows = csv_rows(client.get(csv_url(patient)))[1:]
        assert {row[6] for row in rows} == {"IPP-SEEN"}

    def test_the_export_is_itself_recorded_on_the_patients_log(self, client, administrator,
                                                                clinician, patient):
        accessed(clinician, patient)
        client.force_login(administrator)
        client.get(csv_url(patient))
        export = AccessEvent.objects.get(action="export")
        assert (export.user, export.kind, export.patient_id, export.patient_ref) == (
            administrator, "access_log", patient.pk, "IPP-SEEN")

    def test_it_defuses_a_cell_a_spreadsheet_would_run(self, client, administrator,
                                                       clinician, patient):
        accessed(clinician, patient, path="=HYPERLINK(\"http://evil\")")
        client.force_login(administrator)
        row = csv_rows(client.get(csv_url(patient)))[1]
        assert row[7].startswith("'=")


class TestWhoMayReadTheLog:
    @pytest.mark.parametrize("role", ["clinician", "coordinator", "panel_member"])
    @pytest.mark.parametrize("url", [page_url, csv_url])
    def test_other_roles_are_refused(self, client, role_users, role, url, patient):
        client.force_login(role_users[role])
        assert client.get(url(patient)).status_code == 403

    def test_a_refused_export_records_nothing(self, client, clinician, patient):
        client.force_login(clinician)
        client.get(csv_url(patient))
        assert not AccessEvent.objects.exists()

    def test_an_anonymous_visitor_is_sent_to_log_in(self, client, patient):
        assert client.get(page_url(patient)).status_code == 302

    def test_the_patient_page_links_to_the_log_for_administrators_only(
            self, client, administrator, clinician, patient):
        detail = reverse("patients:detail", args=[patient.pk])
        client.force_login(administrator)
        assert page_url(patient) in client.get(detail).content.decode()
        client.force_login(clinician)
        assert page_url(patient) not in client.get(detail).content.decode()
