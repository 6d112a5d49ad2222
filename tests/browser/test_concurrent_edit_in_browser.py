"""Two clinicians edit the same patient in two browsers: the second save is refused with who
saved and what differs, the second clinician's typing stays in the form, and saving again
after review goes through."""

import re

import pytest
from playwright.sync_api import expect

from patients.models import Patient
from tests.browser.conftest import log_in
from tests.factories import PatientFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"


@pytest.fixture
def second_page(browser, live_server):
    """Another browser (its own cookies and session), beside the `page` fixture's."""
    context = browser.new_context(base_url=live_server.url, locale="fr-FR",
                                  viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def save(page) -> None:
    page.locator("main form [type=submit]").last.click()


def test_the_second_save_is_refused_and_nothing_typed_is_lost(page, second_page):
    UserFactory(username="dr-martin", first_name="Claire", last_name="Martin",
                roles=["clinician"])
    UserFactory(username="dr-petit", first_name="Paul", last_name="Petit",
                roles=["clinician"])
    patient = PatientFactory(family_name="Roux", given_name="Anne")
    edit_url = f"/patients/{patient.pk}/edit/"
    log_in(page, "dr-martin", PASSWORD)
    log_in(second_page, "dr-petit", PASSWORD)
    page.goto(edit_url)
    second_page.goto(edit_url)

    page.fill("#id_family_name", "Roux-Martin")
    save(page)
    page.wait_for_url(re.compile(rf"/patients/{patient.pk}/$"))
    second_page.fill("#id_given_name", "Anne-Sophie")
    save(second_page)

    alert = second_page.get_by_test_id("edit-conflict")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("Claire Martin")
    expect(second_page.get_by_test_id("edit-conflict-differences")).to_contain_text(
        "Roux-Martin")
    expect(second_page.locator("#id_given_name")).to_have_value("Anne-Sophie")
    assert Patient.objects.get(pk=patient.pk).given_name == "Anne"

    save(second_page)  # after review: Paul keeps his version, on purpose
    second_page.wait_for_url(re.compile(rf"/patients/{patient.pk}/$"))
    patient.refresh_from_db()
    assert (patient.family_name, patient.given_name) == ("Roux", "Anne-Sophie")
