"""The what-if clearance in Chromium: changing the creatinine on the patient page, or typing
it in the measurement form, updates the clearance and the zoledronic acid dose without a
reload (htmx), and saves nothing. The browser speaks French: decimal commas."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from patients.forms.patient import years_before
from patients.models import Measurement
from tests.browser.conftest import log_in
from tests.factories import MeasurementFactory, PatientFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def patient_with_labs():
    clinician = UserFactory(username="dr-what-if", roles=["clinician"])
    today = timezone.localdate()
    patient = PatientFactory(sex="M", birth_date=years_before(today, 65),
                             referring_clinician=clinician)
    for kind, value in (("weight", "70"), ("creatinine", "90"), ("vitamin_d", "15")):
        MeasurementFactory(patient=patient, kind=kind, value=Decimal(value),
                           measured_on=today - dt.timedelta(days=2))
    return patient


def test_the_clearance_and_dose_follow_the_creatinine_on_the_patient_page(page):
    patient = patient_with_labs()
    log_in(page, "dr-what-if", "correct-horse-battery")
    page.goto(patient.get_absolute_url())
    result = page.get_by_test_id("what-if-result")
    expect(result.get_by_test_id("what-if-clearance-value")).to_contain_text("71,8")
    expect(result.get_by_test_id("what-if-zoledronic-headline")).to_contain_text("4,0 mg")

    page.fill("#id_whatif-creatinine", "150")  # typing: no blur, no button
    expect(result.get_by_test_id("what-if-clearance-value")).to_contain_text("43,1")
    expect(result.get_by_test_id("what-if-zoledronic-headline")).to_contain_text("3,3 mg")
    expect(page.locator("#id_whatif-creatinine")).to_be_focused()  # only the results swap

    page.fill("#id_whatif-creatinine", "-5")
    expect(result.get_by_test_id("what-if-errors")).to_be_visible()
    expect(result.get_by_test_id("what-if-clearance-value")).to_have_count(0)

    assert page.url.endswith(patient.get_absolute_url())  # never reloaded
    assert Measurement.objects.filter(patient=patient).count() == 3  # nothing saved


def test_the_measurement_form_shows_the_dose_of_the_values_typed(page):
    patient = patient_with_labs()
    log_in(page, "dr-what-if", "correct-horse-battery")
    url = reverse("patients:record_add", args=[patient.pk, "measurements"])
    page.goto(url)
    result = page.get_by_test_id("what-if-result")
    expect(result.get_by_test_id("what-if-clearance-value")).to_contain_text("71,8")
    page.fill("#id_creatinine", "400")
    expect(result.get_by_test_id("what-if-zoledronic")).to_contain_text("Contre-indiqu")
    assert page.url.endswith(url)
    assert Measurement.objects.filter(patient=patient).count() == 3
