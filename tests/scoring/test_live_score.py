"""The live score beside the lesion form: the same engine, on the unsaved form's values."""

import pytest
from django.urls import reverse

from tests.factories import PatientFactory

pytestmark = pytest.mark.django_db

SPINE = {"site": "t11", "lesion_type": "lytic", "pain": "moderate", "pain_mechanical": "yes",
         "alignment": "normal", "collapse": "lt50", "posterolateral": "unilateral"}


@pytest.fixture
def patient(clinician):
    return PatientFactory(referring_clinician=clinician)


def live(client, patient, data):
    return client.post(reverse("scoring:lesion_live_score", args=[patient.pk]), data,
                       headers={"hx-request": "true"})


def test_a_complete_spinal_lesion_gets_its_sins_total_and_band(client, clinician, patient):
    client.force_login(clinician)
    content = live(client, patient, SPINE).content.decode()
    # junctional 3 + mechanical 3 + lytic 2 + normal 0 + collapse < 50 % 2 + unilateral 1
    assert 'data-testid="score-total">11<' in content
    assert "potentially unstable" in content


def test_a_half_filled_form_shows_no_total_and_what_is_missing(client, clinician, patient):
    client.force_login(clinician)
    data = {key: value for key, value in SPINE.items() if key != "posterolateral"}
    content = live(client, patient, data).content.decode()
    assert 'data-testid="score-total"' not in content
    assert "No score: only 10 points" in content


def test_a_femur_gets_mirels(client, clinician, patient):
    client.force_login(clinician)
    content = live(client, patient, {"site": "femur_trochanteric", "side": "left",
                                     "lesion_type": "lytic", "pain": "functional",
                                     "cortical_involvement": "gt_2_3"}).content.decode()
    assert 'data-testid="score-mirels"' in content and ">12<" in content


def test_without_a_site_it_asks_for_one(client, clinician, patient):
    client.force_login(clinician)
    assert "Choose the site first." in live(client, patient, {}).content.decode()


def test_nothing_is_saved(client, clinician, patient):
    client.force_login(clinician)
    live(client, patient, SPINE)
    assert not patient.lesions.exists()


def test_it_refuses_who_cannot_add_a_lesion_and_get(client, coordinator, clinician, patient):
    client.force_login(coordinator)
    assert live(client, patient, SPINE).status_code == 403
    client.force_login(clinician)
    assert client.get(reverse("scoring:lesion_live_score", args=[patient.pk])).status_code == 405


def test_the_form_holds_the_live_panel(client, clinician, patient):
    client.force_login(clinician)
    content = client.get(reverse("patients:lesion_create", args=[patient.pk])).content.decode()
    assert 'data-testid="live-score"' in content
    assert reverse("scoring:lesion_live_score", args=[patient.pk]) in content
