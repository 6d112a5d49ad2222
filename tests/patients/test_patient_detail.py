import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from patients.forms.patient import years_before
from patients.models import (
    AntiresorptiveTreatment,
    Antithrombotic,
    DentalAssessment,
    MolecularMarker,
    OrthopaedicImplant,
    SkeletalEvent,
    SystemicTreatment,
)
from patients.records_actions import record_injection
from scoring.referentials import current_referential
from tests.factories import (
    LesionFactory,
    LocalTreatmentFactory,
    MeasurementFactory,
    PatientFactory,
    drug,
)

pytestmark = pytest.mark.django_db

# The page's query budget, whatever the number of records: session, user, roles and
# permissions, the patient, one query per relation shown, the latest measurements (page
# and clearance panel) and one per history table. It must not grow with the records. The
# referential's tables are read once per process (a frozen edition is cached): warmed first.
# Plus one INSERT: the access log's row for this view (audit.access.record_access).
MAX_QUERIES = 41  # 38 today


@pytest.fixture
def patient(clinician):
    # Born 65 years ago today: 65 years old for the whole test.
    return PatientFactory(family_name="Petit", given_name="Jean", sex="M",
                          birth_date=years_before(timezone.localdate(), 65),
                          referring_clinician=clinician)


def url(patient) -> str:
    return reverse("patients:detail", args=[patient.pk])


def measure(patient, kind: str, value: str, on=dt.date(2026, 1, 5)):
    return MeasurementFactory(patient=patient, kind=kind, value=Decimal(value), measured_on=on)


def add_records(patient, copies: int) -> None:
    """`copies` records of every kind the page shows."""
    for i in range(copies):
        day = dt.date(2025, 1, 1) + dt.timedelta(days=i)
        MolecularMarker.objects.create(patient=patient, marker=["egfr", "alk", "kras"][i % 3],
                                       result="negative")
        measure(patient, "weight", str(70 + i), on=day)
        SystemicTreatment.objects.create(patient=patient, drug=drug("cisplatin"), start_date=day)
        Antithrombotic.objects.create(patient=patient, drug=drug("apixaban"), start_date=day)
        treatment = AntiresorptiveTreatment.objects.create(patient=patient,
                                                           drug=drug("denosumab"),
                                                           start_date=day)
        record_injection(treatment=treatment, given_on=day)
        DentalAssessment.objects.create(patient=patient, assessed_on=day, result="fit")
        OrthopaedicImplant.objects.create(patient=patient, site="femur_diaphysis")
        SkeletalEvent.objects.create(patient=patient, kind="fracture", occurred_on=day)
        LocalTreatmentFactory(patient=patient, lesion=LesionFactory(patient=patient))


class TestPatientDetailAccess:
    @pytest.mark.parametrize("role", ["clinician", "coordinator", "panel_member", "admin"])
    def test_it_shows_the_patient_to_every_role(self, client, role_users, role, patient):
        client.force_login(role_users[role])
        response = client.get(url(patient))
        assert response.status_code == 200
        assert "PETIT Jean" in response.content.decode()

    def test_it_offers_editing_only_to_roles_that_edit(self, client, clinician, panel_member,
                                                       patient):
        edit_url = reverse("patients:edit", args=[patient.pk])
        client.force_login(clinician)
        assert edit_url in client.get(url(patient)).content.decode()
        client.force_login(panel_member)
        assert edit_url not in client.get(url(patient)).content.decode()

    def test_it_redirects_anonymous_users_to_the_login_page(self, client, patient):
        assert client.get(url(patient)).status_code == 302

    def test_it_answers_404_for_an_unknown_patient(self, client, clinician):
        client.force_login(clinician)
        assert client.get(reverse("patients:detail", args=[999999])).status_code == 404

    def test_it_rejects_post(self, client, clinician, patient):
        client.force_login(clinician)
        assert client.post(url(patient)).status_code == 405


class TestPatientDetailContent:
    @pytest.fixture(autouse=True)
    def logged_in(self, client, coordinator):
        client.force_login(coordinator)

    def test_it_shows_the_computed_age(self, client, patient):
        assert "65 years" in client.get(url(patient)).content.decode()

    def test_it_shows_the_body_mass_index_from_the_latest_weight_and_height(self, client,
                                                                            patient):
        measure(patient, "weight", "90", on=dt.date(2024, 1, 1))
        measure(patient, "weight", "70")
        measure(patient, "height", "175")
        response = client.get(url(patient))
        assert response.context["body"]["bmi"] == Decimal("22.9")
        assert "22.9 kg/m²" in response.content.decode()

    def test_it_says_which_input_of_the_body_mass_index_is_missing(self, client, patient):
        measure(patient, "weight", "70")
        content = client.get(url(patient)).content.decode()
        assert "missing height" in content
        assert "kg/m²" not in content

    def test_it_shows_the_clearance_with_its_formula_and_inputs(self, client, patient):
        measure(patient, "weight", "70", on=dt.date(2026, 1, 5))
        measure(patient, "creatinine", "90", on=dt.date(2026, 1, 6))
        content = client.get(url(patient)).content.decode()
        assert "71.8 mL/min" in content
        assert "(140 − 65) × 70 × 1.23 / 90 = 71.8" in content
        assert "Cockcroft DW, Gault MH" in content
        assert "01/06/2026" in content  # the creatinine's date

    def test_it_lists_missing_clearance_inputs_and_shows_no_number(self, client, patient):
        content = client.get(url(patient)).content.decode()
        assert "Incomplete: missing" in content
        assert "weight, serum creatinine." in content
        assert "mL/min" not in content

    def test_it_includes_the_records_and_lesions_sections(self, client, patient):
        LesionFactory(patient=patient, site="femur_diaphysis")
        content = client.get(url(patient)).content.decode()
        assert 'id="records-measurements"' in content
        assert 'id="lesions"' in content

    def test_it_lists_recent_changes(self, client, patient):
        patient.disease_status = "progressing"
        patient.save()
        content = client.get(url(patient)).content.decode()
        assert "Patient changed" in content
        assert "Disease status" in content


class TestPatientDetailQueries:
    @pytest.mark.parametrize("copies", [0, 1, 4])
    def test_it_stays_within_a_fixed_number_of_queries(self, client, clinician, patient,
                                                       django_assert_max_num_queries, copies):
        add_records(patient, copies)
        client.force_login(clinician)
        current_referential()
        with django_assert_max_num_queries(MAX_QUERIES):
            assert client.get(url(patient)).status_code == 200

    def test_it_makes_the_same_number_of_queries_for_one_or_many_records(self, client,
                                                                          clinician, patient):
        client.force_login(clinician)
        add_records(patient, 1)
        with CaptureQueriesContext(connection) as one:
            client.get(url(patient))
        add_records(patient, 4)
        with CaptureQueriesContext(connection) as many:
            client.get(url(patient))
        assert len(many) == len(one)
