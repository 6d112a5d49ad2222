"""The what-if clearance, zoledronic acid dose and vitamin D scheme: on the patient page and
beside the measurement form, computed by the same engine from the values typed, never saved.

Expected values restate the seed referential: Cockcroft-Gault (140 - age) x weight x 1.23 /
creatinine for a man; zoledronic acid by clearance, 001 Tableau 2 (> 60: 4.0 mg, 40-49:
3.3 mg, < 30: contraindicated, section 2.4); vitamin D loading, 001 Tableau 1.
"""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from patients.forms.patient import years_before
from patients.models import Measurement
from tests.factories import MeasurementFactory, PatientFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
RECORDED = {"weight": "70", "creatinine": "90", "vitamin_d": "15"}


@pytest.fixture
def patient(clinician):
    patient = PatientFactory(sex="M", birth_date=years_before(TODAY, 65),
                             referring_clinician=clinician)
    for kind, value in RECORDED.items():
        MeasurementFactory(patient=patient, kind=kind, value=Decimal(value),
                           measured_on=TODAY - dt.timedelta(days=2))
    return patient


def what_if(client, patient, **values) -> str:
    data = {f"whatif-{kind}": value for kind, value in {**RECORDED, **values}.items()}
    response = client.post(reverse("scoring:patient_what_if", args=[patient.pk]), data,
                           headers={"hx-request": "true"})
    assert response.status_code == 200
    return response.content.decode()


def from_measurement_form(client, patient, **fields) -> str:
    response = client.post(reverse("scoring:measurement_what_if", args=[patient.pk]),
                           {"measured_on": TODAY.isoformat(), **fields},
                           headers={"hx-request": "true"})
    assert response.status_code == 200
    return response.content.decode()


class TestPatientWhatIf:
    @pytest.fixture(autouse=True)
    def logged_in(self, client, clinician):
        client.force_login(clinician)

    def test_it_computes_the_clearance_with_its_formula_and_source(self, client, patient):
        content = what_if(client, patient)
        assert 'data-testid="what-if-clearance-value"' in content
        assert "(140 − 65) × 70 × 1.23 / 90 = 71.8" in content
        assert "Source" in content and "Cockcroft" in content

    def test_a_higher_creatinine_lowers_the_clearance_and_the_dose(self, client, patient):
        content = what_if(client, patient, creatinine="150")
        assert "= 43.1" in content
        assert "3.3 mg per infusion" in content
        assert "40-49 mL/min" in content
        assert "001_9a2b5970b4e5472a.txt, Tableau 2" in content

    def test_a_very_low_clearance_contraindicates_zoledronic_acid(self, client, patient):
        content = what_if(client, patient, creatinine="400")
        section = content[content.index('data-testid="what-if-zoledronic"'):]
        assert "Contraindicated" in section
        assert "zoledronic acid is contraindicated" in section

    def test_it_gives_the_vitamin_d_scheme_of_the_typed_value(self, client, patient):
        assert "Loading: 8 doses of 50000 IU" in what_if(client, patient)
        content = what_if(client, patient, vitamin_d="45")
        assert 'data-testid="what-if-vitamin-d-status"' in content
        assert "Loading:" not in content
        assert "no loading, maintenance only" in content

    def test_a_cleared_field_is_a_missing_input_never_a_guess(self, client, patient):
        content = what_if(client, patient, creatinine="")
        assert 'data-testid="what-if-clearance-value"' not in content
        assert "Incomplete: missing" in content and "serum creatinine" in content

    @pytest.mark.parametrize("value, message", [
        ("-5", "Outside the plausible range"),
        ("90000", "Outside the plausible range"),
        ("abc", "Enter a number."),
        ("NaN", "Enter a number."),
        ("1e400", "no more than 9 digits"),
    ])
    def test_an_invalid_value_gets_its_error_and_no_result(self, client, patient, value,
                                                           message):
        content = what_if(client, patient, creatinine=value)
        assert 'data-testid="what-if-errors"' in content
        assert message in content
        assert 'id="id_whatif-creatinine_error"' in content
        assert 'data-testid="what-if-clearance"' not in content

    def test_a_french_decimal_comma_is_read(self, client, patient):
        client.cookies["django_language"] = "fr"
        content = what_if(client, patient, weight="70,0")
        assert "71,8" in content or "71.8" in content
        assert 'data-testid="what-if-errors"' not in content

    def test_nothing_is_saved(self, client, patient):
        what_if(client, patient, creatinine="150", weight="80")
        assert Measurement.objects.filter(patient=patient).count() == len(RECORDED)

    def test_without_htmx_the_results_come_on_a_page(self, client, patient):
        response = client.post(reverse("scoring:patient_what_if", args=[patient.pk]),
                               {"whatif-creatinine": "150", "whatif-weight": "70"})
        content = response.content.decode()
        assert "<html" in content and "3.3 mg per infusion" in content

    def test_it_refuses_get(self, client, patient):
        url = reverse("scoring:patient_what_if", args=[patient.pk])
        assert client.get(url).status_code == 405


def test_it_requires_a_login(client, patient):
    response = client.post(reverse("scoring:patient_what_if", args=[patient.pk]), {})
    assert response.status_code in (302, 403)


def test_a_reader_may_try_values(client, coordinator, patient):
    client.force_login(coordinator)
    assert "= 43.1" in what_if(client, patient, creatinine="150")


class TestPatientPage:
    def test_it_holds_the_what_if_panel_prefilled_with_the_latest_values(self, client,
                                                                         clinician, patient):
        client.force_login(clinician)
        content = client.get(patient.get_absolute_url()).content.decode()
        assert 'data-testid="what-if"' in content
        assert reverse("scoring:patient_what_if", args=[patient.pk]) in content
        assert 'name="whatif-creatinine" value="90"' in content
        assert "input changed delay:300ms, change" in content
        assert "Nothing is saved" in content

    def test_without_measurements_the_fields_are_empty_and_missing(self, client, clinician):
        client.force_login(clinician)
        bare = PatientFactory(sex="F", referring_clinician=clinician)
        content = client.get(bare.get_absolute_url()).content.decode()
        field = re.search(r'<input[^>]*name="whatif-creatinine"[^>]*>', content).group()
        assert "value=" not in field
        response = client.post(reverse("scoring:patient_what_if", args=[bare.pk]),
                               {"whatif-creatinine": ""}, headers={"hx-request": "true"})
        assert "Incomplete: missing" in response.content.decode()


class TestMeasurementForm:
    @pytest.fixture(autouse=True)
    def logged_in(self, client, clinician):
        client.force_login(clinician)

    def test_the_form_holds_the_live_panel(self, client, patient):
        url = reverse("patients:record_add", args=[patient.pk, "measurements"])
        content = client.get(url).content.decode()
        assert 'data-testid="what-if-result"' in content
        assert reverse("scoring:measurement_what_if", args=[patient.pk]) in content

    def test_other_record_forms_have_no_panel(self, client, patient):
        url = reverse("patients:record_add", args=[patient.pk, "events"])
        assert 'data-testid="what-if' not in client.get(url).content.decode()

    def test_an_empty_field_keeps_the_latest_recorded_value(self, client, patient):
        content = from_measurement_form(client, patient, creatinine="150")
        assert "(140 − 65) × 70 × 1.23 / 150 = 43.1" in content  # weight 70 as recorded

    def test_a_typed_value_counts_from_the_form_date(self, client, patient):
        content = from_measurement_form(client, patient, vitamin_d="25")
        assert f"({TODAY:%m/%d/%Y})" in content

    def test_an_implausible_value_gets_its_error(self, client, patient):
        content = from_measurement_form(client, patient, weight="700")
        assert 'data-testid="what-if-errors"' in content
        assert 'id="id_weight_error"' in content

    def test_it_refuses_who_cannot_write_the_record(self, client, coordinator, patient):
        client.force_login(coordinator)
        url = reverse("scoring:measurement_what_if", args=[patient.pk])
        assert client.post(url, {"weight": "70"}).status_code == 403
