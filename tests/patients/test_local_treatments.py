"""Local treatments: radiotherapy courses and procedures, their rules, their form and pages."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from patients.forms.records import LocalTreatmentForm
from patients.models import LocalTreatment
from tests.factories import LesionFactory, LocalTreatmentFactory, PatientFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def patient(clinician):
    return PatientFactory(referring_clinician=clinician)


def validation_codes(treatment: LocalTreatment) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as error:
        treatment.full_clean()
    return {field: [e.code for e in errors] for field, errors in error.value.error_dict.items()}


class TestModelRules:
    def test_a_complete_radiotherapy_course_is_valid(self, patient):
        LocalTreatmentFactory.build(patient=patient, lesion=LesionFactory(patient=patient),
                                    technique="SBRT").full_clean()

    def test_it_refuses_an_end_before_the_start(self, patient):
        treatment = LocalTreatmentFactory.build(patient=patient, end_date=dt.date(2025, 5, 4))
        assert validation_codes(treatment) == {"end_date": ["end_before_start"]}

    @pytest.mark.parametrize("field", ["total_dose_gy", "fractions"])
    def test_it_refuses_a_radiotherapy_field_for_a_procedure(self, patient, field):
        values = {"total_dose_gy": None, "fractions": None, field: 8}
        treatment = LocalTreatmentFactory.build(patient=patient, kind="cementoplasty",
                                                end_date=None, **values)
        assert validation_codes(treatment) == {field: ["radiotherapy_only"]}

    def test_a_procedure_without_dose_is_valid(self, patient):
        LocalTreatmentFactory.build(patient=patient, kind="thermal_ablation", end_date=None,
                                    total_dose_gy=None, fractions=None).full_clean()

    def test_it_refuses_a_lesion_of_another_patient(self, patient):
        treatment = LocalTreatmentFactory.build(patient=patient, lesion=LesionFactory())
        assert validation_codes(treatment) == {"lesion": ["other_patient"]}

    @pytest.mark.parametrize(("field", "value"), [
        ("total_dose_gy", Decimal("0")), ("total_dose_gy", Decimal("100.1")),
        ("fractions", 0), ("fractions", 51),
    ])
    def test_it_refuses_an_implausible_dose_or_fraction_count(self, patient, field, value):
        treatment = LocalTreatmentFactory.build(patient=patient, **{field: value})
        assert list(validation_codes(treatment)) == [field]

    @pytest.mark.parametrize(("field", "value"), [
        ("total_dose_gy", Decimal("0.1")), ("total_dose_gy", Decimal("100")),
        ("fractions", 1), ("fractions", 50),
    ])
    def test_it_accepts_the_bounds(self, patient, field, value):
        LocalTreatmentFactory.build(patient=patient, **{field: value}).full_clean()

    def test_deleting_the_lesion_keeps_the_treatment(self, patient):
        lesion = LesionFactory(patient=patient)
        treatment = LocalTreatmentFactory(patient=patient, lesion=lesion)
        lesion.delete()
        treatment.refresh_from_db()
        assert treatment.lesion is None

    def test_it_keeps_its_history(self, patient):
        treatment = LocalTreatmentFactory(patient=patient)
        treatment.note = "Antalgic"
        treatment.save()
        assert [v.history_type for v in treatment.history.all()] == ["~", "+"]


def form(patient, **data) -> LocalTreatmentForm:
    return LocalTreatmentForm({"kind": "radiotherapy", "start_date": "2025-05-05", **data},
                              patient=patient)


class TestForm:
    def test_it_offers_only_the_patient_s_lesions(self, patient):
        own = LesionFactory(patient=patient)
        LesionFactory()
        assert list(form(patient).fields["lesion"].queryset) == [own]

    def test_it_refuses_a_lesion_of_another_patient(self, patient):
        assert "lesion" in form(patient, lesion=LesionFactory().pk).errors

    def test_it_says_why_a_dose_is_refused_for_a_procedure(self, patient):
        errors = form(patient, kind="surgery", total_dose_gy="8").errors
        assert errors["total_dose_gy"] == [
            "Recorded for radiotherapy only: leave it empty for this treatment."]

    def test_it_refuses_fractions_that_are_not_whole(self, patient):
        assert "fractions" in form(patient, fractions="2.5").errors

    def test_it_refuses_a_start_in_the_future(self, patient):
        tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
        assert "start_date" in form(patient, start_date=tomorrow).errors

    def test_it_refuses_a_start_before_birth(self, patient):
        assert "start_date" in form(patient, start_date="1950-01-01").errors

    def test_it_shows_the_end_date_error_on_the_end_date(self, patient):
        assert form(patient, end_date="2025-05-01").errors["end_date"] == [
            "The end date cannot be before the start date."]

    def test_it_saves_a_course_on_a_lesion(self, patient):
        lesion = LesionFactory(patient=patient)
        bound = form(patient, lesion=lesion.pk, end_date="2025-05-16", total_dose_gy="30",
                     fractions="10", technique="3D")
        assert bound.is_valid(), bound.errors
        saved = bound.save()
        assert (saved.patient, saved.lesion, saved.fractions) == (patient, lesion, 10)


def url(name: str, patient, record=None) -> str:
    args = [patient.pk, "local-treatments"] + ([record.pk] if record else [])
    return reverse(f"patients:record_{name}", args=args)


class TestPages:
    def test_it_adds_a_course_and_returns_to_its_section(self, client, clinician, patient):
        client.force_login(clinician)
        response = client.post(url("add", patient), {"kind": "radiotherapy",
                                                     "start_date": "2025-05-05",
                                                     "total_dose_gy": "8", "fractions": "1"})
        assert response.headers["Location"].endswith("#records-local-treatments")
        assert LocalTreatment.history.get().history_user == clinician

    def test_it_edits_and_deletes(self, client, clinician, patient):
        treatment = LocalTreatmentFactory(patient=patient)
        client.force_login(clinician)
        client.post(url("edit", patient, treatment), {"kind": "radiotherapy",
                                                      "start_date": "2025-05-06"})
        treatment.refresh_from_db()
        assert treatment.start_date == dt.date(2025, 5, 6)
        client.post(url("delete", patient, treatment))
        assert not LocalTreatment.objects.exists()

    @pytest.mark.parametrize("role", ["coordinator", "panel_member"])
    @pytest.mark.parametrize("name", ["add", "edit", "delete"])
    def test_it_forbids_roles_that_only_read(self, client, role_users, patient, role, name):
        treatment = LocalTreatmentFactory(patient=patient)
        client.force_login(role_users[role])
        target = url(name, patient, None if name == "add" else treatment)
        assert client.post(target, {"kind": "surgery", "start_date": "2025-05-05"}
                           ).status_code == 403
        assert LocalTreatment.objects.get().kind == "radiotherapy"

    def test_the_patient_page_shows_the_section(self, client, panel_member, patient):
        LocalTreatmentFactory(patient=patient, technique="SBRT",
                              lesion=LesionFactory(patient=patient, site="l3", side=""))
        client.force_login(panel_member)
        html = client.get(reverse("patients:detail", args=[patient.pk])).content.decode()
        assert 'id="records-local-treatments"' in html
        assert "30 Gy, 10 fractions" in html and "SBRT" in html and "L3" in html
