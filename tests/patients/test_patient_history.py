import datetime as dt
from decimal import Decimal

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from patients.forms.patient import PatientForm
from patients.models import SystemicTreatment
from tests.factories import MeasurementFactory, PatientFactory, drug

pytestmark = pytest.mark.django_db


@pytest.fixture
def patient(clinician):
    return PatientFactory(family_name="Blanc", ecog=1, referring_clinician=clinician)


def url(patient) -> str:
    return reverse("patients:history", args=[patient.pk])


def edit(client, patient, **changes):
    data = {key: "" if value is None else value
            for key, value in model_to_dict(patient, fields=PatientForm.Meta.fields).items()}
    data.update(changes)
    response = client.post(reverse("patients:edit", args=[patient.pk]), data)
    assert response.status_code == 302


class TestPatientHistory:
    def test_it_records_who_changed_which_field_from_what_to_what(self, client, clinician,
                                                                   patient):
        client.force_login(clinician)
        edit(client, patient, ecog="3", disease_status="progressing")
        latest = client.get(url(patient)).context["entries"][0]
        assert latest.who == clinician
        assert str(latest.action) == "changed"
        assert [(c.label, str(c.old), str(c.new)) for c in latest.changes] == [
            ("Disease status", "None", "Progressing"),
            ("Performance status (ECOG)", "1 — restricted in strenuous activity",
             "3 — limited self-care, in bed or chair more than half of waking hours"),
        ]

    def test_it_shows_the_change_on_the_page(self, client, clinician, panel_member, patient):
        client.force_login(clinician)
        edit(client, patient, family_name="Blanc-Roy")
        client.force_login(panel_member)
        content = client.get(url(patient)).content.decode()
        assert str(clinician) in content
        assert "Family name" in content
        assert "Blanc" in content and "Blanc-Roy" in content

    def test_it_lists_newest_first(self, client, clinician, patient):
        client.force_login(clinician)
        edit(client, patient, karnofsky="70")
        actions = [str(entry.action) for entry in client.get(url(patient)).context["entries"]]
        assert actions == ["changed", "created"]

    def test_it_includes_changes_to_the_patient_s_records(self, client, clinician, patient):
        measurement = MeasurementFactory(patient=patient, kind="weight", value=Decimal("70"))
        measurement.value = Decimal("68.5")
        measurement.save()
        SystemicTreatment.objects.create(patient=patient, drug=drug("pemetrexed"),
                                         start_date=dt.date(2025, 3, 1))
        client.force_login(clinician)
        entries = client.get(url(patient)).context["entries"]
        records = [entry.record for entry in entries]
        assert "Measurement: Weight (kg)" in records
        assert "Systemic treatment: Pemetrexed" in records
        change = next(e for e in entries if str(e.action) == "changed")
        assert [(c.label, c.old, c.new) for c in change.changes] == [
            ("Value", Decimal("70.00"), Decimal("68.50"))
        ]

    def test_it_shows_a_deleted_record(self, client, clinician, patient):
        MeasurementFactory(patient=patient, kind="height", value=Decimal("180")).delete()
        client.force_login(clinician)
        latest = client.get(url(patient)).context["entries"][0]
        assert (str(latest.action), latest.record) == ("deleted", "Measurement: Height (cm)")

    def test_it_leaves_out_other_patients(self, client, clinician, patient):
        PatientFactory(family_name="Autre", referring_clinician=clinician)
        client.force_login(clinician)
        assert len(client.get(url(patient)).context["entries"]) == 1

    @pytest.mark.parametrize("role", ["clinician", "coordinator", "panel_member", "admin"])
    def test_it_is_readable_by_every_role(self, client, role_users, role, patient):
        client.force_login(role_users[role])
        assert client.get(url(patient)).status_code == 200

    def test_it_rejects_post(self, client, clinician, patient):
        client.force_login(clinician)
        assert client.post(url(patient)).status_code == 405
