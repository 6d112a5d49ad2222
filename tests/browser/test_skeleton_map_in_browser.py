"""The skeleton map in Chromium: clicking a bone chooses the site and side in the lesion
form (the live Mirels score follows), the keyboard does the same, and the patient's page
shows a marker linking to the lesion."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.factories import LesionFactory, PatientFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def patient():
    clinician = UserFactory(username="dr-map", roles=["clinician"])
    return PatientFactory(referring_clinician=clinician)


def test_clicking_the_right_femur_chooses_it_and_scores_it(page, patient):
    log_in(page, "dr-map", "correct-horse-battery")
    page.goto(f"/patients/{patient.pk}/lesions/new/")
    page.click('[data-site-code="femur_diaphysis"][data-side="right"]')
    expect(page.locator("#id_site")).to_have_value("femur_diaphysis")
    expect(page.locator("#id_side")).to_have_value("right")
    expect(page.get_by_test_id("live-score").get_by_test_id("score-mirels")).to_be_visible()
    bone = page.locator('[data-site-code="femur_diaphysis"][data-side="right"]')
    expect(bone).to_have_attribute("aria-pressed", "true")


def test_the_keyboard_chooses_a_vertebra_and_the_list_highlights_a_bone(page, patient):
    log_in(page, "dr-map", "correct-horse-battery")
    page.goto(f"/patients/{patient.pk}/lesions/new/")
    page.focus('[data-site-code="t11"]')
    page.keyboard.press("Enter")
    expect(page.locator("#id_site")).to_have_value("t11")
    expect(page.get_by_test_id("live-score").get_by_test_id("score-sins")).to_be_visible()
    page.select_option("#id_site", "sternum")
    expect(page.locator('[data-site-code="sternum"]')).to_have_attribute("aria-pressed", "true")
    expect(page.locator('[data-site-code="t11"]')).to_have_attribute("aria-pressed", "false")


def test_the_patient_page_shows_a_marker_linking_to_the_lesion(page, patient):
    lesion = LesionFactory(patient=patient, site="femur_diaphysis", side="right")
    log_in(page, "dr-map", "correct-horse-battery")
    page.goto(f"/patients/{patient.pk}/")
    marker = page.locator('[data-testid="skeleton-map"] [data-marker="1"]')
    expect(marker).to_be_visible()
    page.click(".skm-marker-link")
    page.wait_for_url(f"**{lesion.get_absolute_url()}")
