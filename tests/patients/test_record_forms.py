import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from patients.forms.records import (
    AntiresorptiveTreatmentForm,
    AntithromboticForm,
    DentalAssessmentForm,
    MeasurementForm,
    MolecularMarkerForm,
    OrthopaedicImplantForm,
    SkeletalEventForm,
    SystemicTreatmentForm,
)
from patients.measurement_ranges import PLAUSIBLE_RANGES
from tests.factories import MeasurementFactory, PatientFactory, drug

pytestmark = pytest.mark.django_db

# The plausibility bounds the specification gives (typing errors, not clinical thresholds).
SPECIFIED_RANGES = [
    ("weight", "20", "300", "kg"),
    ("height", "100", "230", "cm"),
    ("creatinine", "20", "2000", "µmol/L"),
    ("calcium", "1.0", "5.0", "mmol/L"),
    ("albumin", "10", "60", "g/L"),
    ("vitamin_d", "1", "200", "ng/mL"),
    ("platelets", "1000", "2000000", "/mm³"),
    ("prothrombin", "5", "150", "%"),
]


def day(offset: int) -> str:
    """An ISO date `offset` days from today (negative: in the past)."""
    return (timezone.localdate() + dt.timedelta(days=offset)).isoformat()


@pytest.fixture
def patient():
    return PatientFactory(birth_date=dt.date(1958, 4, 12))


def measurement_form(patient, kind: str, value: str, measured_on: str | None = None):
    record = MeasurementFactory(patient=patient, kind=kind)
    return MeasurementForm({"value": value, "measured_on": measured_on or day(-1)},
                           instance=record, patient=patient)


class TestMeasurementForm:
    def test_it_holds_the_specified_ranges(self):
        assert {kind: (str(low), str(high), unit)
                for kind, (low, high, unit) in PLAUSIBLE_RANGES.items()} == {
            kind: (low, high, unit) for kind, low, high, unit in SPECIFIED_RANGES}

    @pytest.mark.parametrize(("kind", "low", "high", "unit"), SPECIFIED_RANGES)
    def test_it_accepts_exactly_the_minimum(self, patient, kind, low, high, unit):
        assert measurement_form(patient, kind, low).is_valid()

    @pytest.mark.parametrize(("kind", "low", "high", "unit"), SPECIFIED_RANGES)
    def test_it_accepts_exactly_the_maximum(self, patient, kind, low, high, unit):
        assert measurement_form(patient, kind, high).is_valid()

    @pytest.mark.parametrize(("kind", "low", "high", "unit"), SPECIFIED_RANGES)
    def test_it_refuses_just_below_the_minimum(self, patient, kind, low, high, unit):
        below = str(Decimal(low) - Decimal("0.01"))
        assert measurement_form(patient, kind, below).has_error("value", "implausible")

    @pytest.mark.parametrize(("kind", "low", "high", "unit"), SPECIFIED_RANGES)
    def test_it_refuses_just_above_the_maximum(self, patient, kind, low, high, unit):
        above = str(Decimal(high) + Decimal("0.01"))
        assert measurement_form(patient, kind, above).has_error("value", "implausible")

    def test_it_names_the_plausible_range_in_the_message(self, patient):
        form = measurement_form(patient, "calcium", "23")
        assert form.errors["value"] == [
            "Outside the plausible range (1.0 to 5.0 mmol/L): check for a typing error."]

    def test_it_refuses_a_date_in_the_future(self, patient):
        assert measurement_form(patient, "weight", "70", day(1)).has_error("measured_on",
                                                                            "future_date")

    def test_it_refuses_a_date_before_birth(self, patient):
        form = measurement_form(patient, "weight", "70", "1958-04-11")
        assert form.has_error("measured_on", "before_birth")

    def test_it_offers_a_date_picker(self, patient):
        assert 'type="date"' in str(measurement_form(patient, "weight", "70")["measured_on"])



class TestMolecularMarkerForm:
    def bind(self, patient, **data):
        return MolecularMarkerForm({"marker": "pdl1", "result": "positive", **data},
                                   patient=patient)

    def test_it_accepts_a_percentage_for_pd_l1(self, patient):
        assert self.bind(patient, marker="pdl1", percent="60").is_valid()

    def test_it_refuses_a_percentage_for_another_marker(self, patient):
        assert self.bind(patient, marker="egfr", percent="60").has_error("percent")

    def test_it_refuses_a_test_date_in_the_future(self, patient):
        assert self.bind(patient, tested_on=day(1)).has_error("tested_on", "future_date")


class TestSkeletalEventForm:
    def bind(self, patient, occurred_on):
        return SkeletalEventForm({"kind": "fracture", "occurred_on": occurred_on},
                                 patient=patient)

    def test_it_accepts_today(self, patient):
        assert self.bind(patient, day(0)).is_valid()

    def test_it_refuses_a_date_in_the_future(self, patient):
        assert self.bind(patient, day(1)).has_error("occurred_on", "future_date")

    def test_it_refuses_a_date_before_birth(self, patient):
        assert self.bind(patient, "1958-04-11").has_error("occurred_on", "before_birth")


class TestSystemicTreatmentForm:
    def bind(self, patient, **data):
        fields = {"drug": drug("pembrolizumab").pk, "start_date": day(-60), **data}
        return SystemicTreatmentForm(fields, patient=patient)

    def test_it_accepts_a_consistent_treatment(self, patient):
        form = self.bind(patient, last_dose_date=day(-10), next_dose_date=day(11))
        assert form.is_valid(), form.errors

    def test_it_refuses_a_drug_of_another_category(self, patient):
        form = self.bind(patient, drug=drug("apixaban").pk)
        assert form.has_error("drug", "invalid_choice")

    def test_it_refuses_a_withdrawn_drug(self, patient):
        withdrawn = drug("nivolumab")
        withdrawn.active = False
        withdrawn.save()
        assert self.bind(patient, drug=withdrawn.pk).has_error("drug", "invalid_choice")

    def test_it_refuses_a_start_in_the_future(self, patient):
        assert self.bind(patient, start_date=day(1)).has_error("start_date", "future_date")

    def test_it_refuses_a_last_dose_before_the_start(self, patient):
        assert self.bind(patient, last_dose_date=day(-61)).has_error("last_dose_date")

    def test_it_refuses_a_last_dose_in_the_future(self, patient):
        form = self.bind(patient, last_dose_date=day(1))
        assert form.has_error("last_dose_date", "future_date")

    def test_it_refuses_a_next_dose_before_the_last_dose(self, patient):
        form = self.bind(patient, last_dose_date=day(-10), next_dose_date=day(-11))
        assert form.errors["next_dose_date"] == [
            "The next planned dose cannot be before the last dose."]

    def test_it_refuses_a_next_dose_before_the_start(self, patient):
        assert self.bind(patient, next_dose_date=day(-61)).has_error("next_dose_date")

    def test_it_refuses_a_stop_before_the_start(self, patient):
        assert self.bind(patient, end_date=day(-61)).has_error("end_date")

    def test_it_refuses_a_dose_planned_after_the_stop(self, patient):
        form = self.bind(patient, end_date=day(-5), next_dose_date=day(-4))
        assert form.has_error("next_dose_date")
        assert not form.has_error("end_date")

    def test_it_accepts_a_last_dose_on_the_day_the_treatment_stops(self, patient):
        form = self.bind(patient, last_dose_date=day(-5), next_dose_date=day(-5),
                         end_date=day(-5))
        assert form.is_valid(), form.errors


class TestAntithromboticForm:
    def bind(self, patient, **data):
        fields = {"drug": drug("apixaban").pk, "daily_dose_mg": "10", **data}
        return AntithromboticForm(fields, patient=patient)

    def test_it_refuses_a_drug_of_another_category(self, patient):
        assert self.bind(patient, drug=drug("denosumab").pk).has_error("drug", "invalid_choice")

    def test_it_refuses_a_zero_dose(self, patient):
        assert self.bind(patient, daily_dose_mg="0").has_error("daily_dose_mg", "implausible")

    def test_it_accepts_exactly_the_maximum_dose(self, patient):
        assert self.bind(patient, daily_dose_mg="5000").is_valid()

    def test_it_refuses_a_dose_just_above_the_maximum(self, patient):
        form = self.bind(patient, daily_dose_mg="5000.01")
        assert form.errors["daily_dose_mg"] == [
            "The daily dose must be more than 0 and at most 5000 mg."]

    def test_it_refuses_a_stop_before_the_start(self, patient):
        form = self.bind(patient, start_date=day(-10), end_date=day(-11))
        assert form.has_error("end_date")


class TestAntiresorptiveTreatmentForm:
    def bind(self, patient, **data):
        fields = {"drug": drug("zoledronic_acid").pk, "start_date": day(-90), **data}
        return AntiresorptiveTreatmentForm(fields, patient=patient)

    def test_it_accepts_a_consistent_treatment(self, patient):
        assert self.bind(patient, last_injection_date=day(-90)).is_valid()

    def test_it_refuses_a_drug_of_another_category(self, patient):
        assert self.bind(patient, drug=drug("docetaxel").pk).has_error("drug", "invalid_choice")

    def test_it_refuses_a_start_in_the_future(self, patient):
        assert self.bind(patient, start_date=day(1)).has_error("start_date", "future_date")

    def test_it_refuses_a_last_injection_before_the_start(self, patient):
        assert self.bind(patient, last_injection_date=day(-91)).has_error("last_injection_date")

    def test_it_refuses_a_last_injection_in_the_future(self, patient):
        form = self.bind(patient, last_injection_date=day(1))
        assert form.has_error("last_injection_date", "future_date")

    def test_it_refuses_a_stop_before_the_start(self, patient):
        assert self.bind(patient, end_date=day(-91)).has_error("end_date")


class TestDentalAssessmentForm:
    def bind(self, patient, **data):
        fields = {"assessed_on": day(-30), "result": "care_done", **data}
        return DentalAssessmentForm(fields, patient=patient)

    def test_it_accepts_a_go_ahead_on_the_extraction_day(self, patient):
        form = self.bind(patient, extraction_date=day(-20), dentist_clearance_date=day(-20))
        assert form.is_valid()

    def test_it_refuses_an_assessment_in_the_future(self, patient):
        assert self.bind(patient, assessed_on=day(1)).has_error("assessed_on", "future_date")

    def test_it_refuses_an_extraction_in_the_future(self, patient):
        form = self.bind(patient, extraction_date=day(1))
        assert form.has_error("extraction_date", "future_date")

    def test_it_refuses_a_go_ahead_in_the_future(self, patient):
        form = self.bind(patient, dentist_clearance_date=day(1))
        assert form.has_error("dentist_clearance_date", "future_date")

    def test_it_refuses_a_go_ahead_before_the_extraction(self, patient):
        form = self.bind(patient, extraction_date=day(-20), dentist_clearance_date=day(-21))
        assert form.has_error("dentist_clearance_date")


class TestOrthopaedicImplantForm:
    def bind(self, patient, implanted_on):
        fields = {"site": "femur_diaphysis", "side": "left", "implanted_on": implanted_on}
        return OrthopaedicImplantForm(fields, patient=patient)

    def test_it_accepts_an_implant_of_the_past(self, patient):
        assert self.bind(patient, "2020-01-15").is_valid()

    def test_it_refuses_an_implantation_in_the_future(self, patient):
        assert self.bind(patient, day(1)).has_error("implanted_on", "future_date")
