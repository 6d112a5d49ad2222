"""The live score in Chromium: SINS updates while a spinal lesion is filled, then Mirels for
a femur, without reloading the page (htmx)."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.factories import PatientFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_score_follows_the_form(page):
    clinician = UserFactory(username="dr-live", roles=["clinician"])
    patient = PatientFactory(referring_clinician=clinician)
    log_in(page, "dr-live", "correct-horse-battery")
    page.goto(f"/patients/{patient.pk}/lesions/new/")
    live = page.get_by_test_id("live-score")
    expect(live).to_contain_text("Choisissez d'abord le site")
    page.select_option("#id_site", "t11")
    for field, value in (("lesion_type", "lytic"), ("pain", "moderate"),
                         ("pain_mechanical", "yes"), ("alignment", "normal"),
                         ("collapse", "lt50")):
        page.select_option(f"#id_{field}", value)
    expect(live.get_by_test_id("score-partial")).to_be_visible()  # posterolateral missing
    page.select_option("#id_posterolateral", "unilateral")
    expect(live.get_by_test_id("score-total")).to_have_text("11")
    page.select_option("#id_site", "femur_trochanteric")
    expect(live.get_by_test_id("score-mirels")).to_be_visible()
    assert page.url.endswith("/lesions/new/")  # never reloaded, nothing saved
    assert not patient.lesions.exists()
