import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from patients.forms.records import MeasurementPanelForm
from patients.models import Measurement
from patients.models.records import MeasurementKind
from tests.factories import PatientFactory

pytestmark = pytest.mark.django_db


def day(offset: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=offset)).isoformat()


@pytest.fixture
def patient():
    return PatientFactory(birth_date=dt.date(1958, 4, 12))


class TestMeasurementPanelForm:
    def test_it_creates_one_measurement_per_value_typed(self, patient):
        form = MeasurementPanelForm({"measured_on": day(-1), "weight": "71.5",
                                     "creatinine": "88", "platelets": "250000"},
                                    patient=patient)
        assert form.is_valid(), form.errors
        form.save()
        saved = {(m.kind, m.value, m.measured_on.isoformat()) for m in patient.measurements.all()}
        assert saved == {
            ("weight", Decimal("71.5"), day(-1)),
            ("creatinine", Decimal("88"), day(-1)),
            ("platelets", Decimal("250000"), day(-1)),
        }

    def test_it_requires_at_least_one_value(self, patient):
        form = MeasurementPanelForm({"measured_on": day(-1)}, patient=patient)
        assert form.has_error("__all__", "no_value")
        assert form.non_field_errors() == ["Enter at least one value."]

    def test_it_reports_only_the_bad_value_when_it_is_the_only_one(self, patient):
        form = MeasurementPanelForm({"measured_on": day(-1), "weight": "700"}, patient=patient)
        assert form.has_error("weight", "implausible")
        assert not form.non_field_errors()

    def test_it_refuses_a_date_in_the_future(self, patient):
        form = MeasurementPanelForm({"measured_on": day(1), "weight": "70"}, patient=patient)
        assert form.has_error("measured_on", "future_date")

    def test_it_refuses_a_date_before_birth(self, patient):
        form = MeasurementPanelForm({"measured_on": "1958-04-11", "weight": "70"},
                                    patient=patient)
        assert form.has_error("measured_on", "before_birth")

    def test_it_checks_each_value_against_its_kind_s_range(self, patient):
        form = MeasurementPanelForm({"measured_on": day(-1), "calcium": "23"}, patient=patient)
        assert form.errors["calcium"] == [
            "Outside the plausible range (1.0 to 5.0 mmol/L): check for a typing error."]

    def test_it_offers_one_labelled_field_per_kind(self, patient):
        form = MeasurementPanelForm(patient=patient)
        for kind in MeasurementKind:
            assert form[kind.value].label == kind.label
        assert 'type="date"' in str(form["measured_on"])

    def test_it_saves_nothing_when_one_value_is_wrong(self, patient):
        form = MeasurementPanelForm({"measured_on": day(-1), "weight": "70", "height": "17"},
                                    patient=patient)
        assert not form.is_valid()
        assert not Measurement.objects.exists()


class TestMeasurementPanelPage:
    def url(self, patient) -> str:
        return reverse("patients:record_add", args=[patient.pk, "measurements"])

    def test_it_records_the_day_s_values(self, client, clinician, patient):
        client.force_login(clinician)
        response = client.post(self.url(patient), {"measured_on": day(0), "albumin": "38",
                                                   "vitamin_d": "24", "prothrombin": "85"})
        assert response.headers["Location"] == f"/patients/{patient.pk}/#records-measurements"
        assert patient.measurements.count() == 3

    def test_it_keeps_the_other_values_typed_next_to_a_bad_one(self, client, clinician,
                                                               patient):
        client.force_login(clinician)
        response = client.post(self.url(patient), {"measured_on": day(-3), "weight": "71.5",
                                                   "height": "17", "calcium": "2.4"})
        html = response.content.decode()
        assert response.status_code == 200
        assert "Outside the plausible range (100 to 230 cm)" in html
        for typed in ('value="71.5"', 'value="17"', 'value="2.4"', f'value="{day(-3)}"'):
            assert typed in html
        assert not Measurement.objects.exists()

    def test_it_shows_the_no_value_error_on_the_page(self, client, clinician, patient):
        client.force_login(clinician)
        response = client.post(self.url(patient), {"measured_on": day(-1)})
        assert "Enter at least one value." in response.content.decode()
