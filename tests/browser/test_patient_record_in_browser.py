"""A referring clinician records a patient, measurements and a spinal lesion in Chromium."""

import re

import pytest
from playwright.sync_api import expect

from patients.models import Lesion, Patient
from tests.browser.conftest import log_in
from tests.factories import PatientFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"


@pytest.fixture
def clinician_login(page):
    UserFactory(username="dr-martin", first_name="Claire", last_name="Martin",
                roles=["clinician"])
    log_in(page, "dr-martin", PASSWORD)
    return page


def test_it_shows_the_interface_in_french_by_default(page):
    page.goto("/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")


def test_it_records_a_patient_measurements_and_a_spinal_lesion(clinician_login):
    page = clinician_login
    page.goto("/patients/new/")
    page.fill("#id_ipp", "br-0001")
    page.fill("#id_family_name", "Durand")
    page.fill("#id_given_name", "Paul")
    page.fill("#id_birth_date", "1956-03-02")
    page.select_option("#id_sex", "M")
    page.select_option("#id_primary_site", "lung")
    page.locator("main form [type=submit]").last.click()
    page.wait_for_url(re.compile(r"/patients/\d+/$"))
    patient = Patient.objects.get(ipp="BR-0001")

    page.goto(f"/patients/{patient.pk}/measurements/add/")
    page.fill("#id_weight", "70")
    page.fill("#id_height", "175")
    page.fill("#id_creatinine", "90")
    page.locator("main form [type=submit]").last.click()
    page.wait_for_url(re.compile(rf"/patients/{patient.pk}/"))
    expect(page.get_by_text("Cockcroft-Gault").first).to_be_visible()
    assert patient.measurements.count() == 3

    page.goto(f"/patients/{patient.pk}/lesions/new/")
    page.select_option("#id_site", "t11")
    expect(page.locator("#id_alignment")).to_be_visible()
    expect(page.locator("#id_cortical_involvement")).to_be_hidden()
    page.select_option("#id_alignment", "normal")
    page.select_option("#id_lesion_type", "lytic")
    page.locator("main form [type=submit]").last.click()
    page.wait_for_url(re.compile(rf"/patients/{patient.pk}/lesions/\d+/$"))
    lesion = Lesion.objects.get(patient=patient)
    assert (lesion.site, lesion.alignment) == ("t11", "normal")


def test_it_asks_only_long_bone_findings_for_a_femur(clinician_login):
    page = clinician_login
    patient = PatientFactory()
    page.goto(f"/patients/{patient.pk}/lesions/new/")
    page.select_option("#id_site", "femur_trochanteric")
    expect(page.locator("#id_cortical_involvement")).to_be_visible()
    expect(page.locator("#id_alignment")).to_be_hidden()
