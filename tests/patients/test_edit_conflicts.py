"""Two people edit the same patient or lesion: the second save is refused (409) with who saved
and what differs, the second person's typing stays in the form, and saving again after
review goes through."""

import pytest
from django.urls import reverse

from patients.forms.lesion import LesionForm
from patients.forms.patient import PatientForm
from tests.factories import LesionFactory, PatientFactory, UserFactory
from tests.patients.concurrency_helpers import (
    browser_of,
    differences_shown,
    form_post,
    loaded_version,
    saved_at,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice():
    return UserFactory(username="alice", first_name="Alice", last_name="Martin",
                       roles=["clinician"])


@pytest.fixture
def bob():
    return UserFactory(username="bob", first_name="Bob", last_name="Petit",
                       roles=["clinician"])


class TestPatientEdit:
    def test_the_second_save_is_refused_then_goes_through_after_review(self, alice, bob):
        patient = PatientFactory(family_name="Roux", histology="adenocarcinoma")
        url = reverse("patients:edit", args=[patient.pk])
        first, second = browser_of(alice), browser_of(bob)
        version_a, version_b = loaded_version(first.get(url)), loaded_version(second.get(url))

        saved = first.post(url, form_post(patient, PatientForm.Meta.fields, version_a,
                                          histology="squamous"))
        assert saved.status_code == 302
        bobs_form = form_post(patient, PatientForm.Meta.fields, version_b,
                              family_name="Roux-Faure")
        refused = second.post(url, bobs_form)

        html = refused.content.decode()
        assert refused.status_code == 409
        patient.refresh_from_db()
        assert (patient.family_name, patient.histology) == ("Roux", "squamous")
        assert (f"Someone else (Alice Martin) saved this record at {saved_at(patient)} while "
                "you were editing") in html
        table = differences_shown(refused)
        assert "Squamous cell carcinoma" in table and "Adenocarcinoma" in table
        assert "Roux-Faure" in table
        assert 'value="Roux-Faure"' in html  # what Bob typed is still in the form
        assert loaded_version(refused) == "2"

        again = second.post(url, {**bobs_form, "lock_version": loaded_version(refused)})
        assert again.status_code == 302
        patient.refresh_from_db()
        assert (patient.family_name, patient.histology) == ("Roux-Faure", "adenocarcinoma")
        assert patient.lock_version == 3


class TestLesionEdit:
    def test_the_second_save_is_refused_then_goes_through_after_review(self, alice, bob):
        lesion = LesionFactory(notes="Seen on CT")
        url = reverse("patients:lesion_edit", args=[lesion.patient_id, lesion.pk])
        first, second = browser_of(alice), browser_of(bob)
        version_a, version_b = loaded_version(first.get(url)), loaded_version(second.get(url))

        saved = first.post(url, form_post(lesion, LesionForm.Meta.fields, version_a,
                                          size_mm="35"))
        assert saved.status_code == 302
        bobs_form = form_post(lesion, LesionForm.Meta.fields, version_b,
                              notes="Painful at night")
        refused = second.post(url, bobs_form)

        html = refused.content.decode()
        assert refused.status_code == 409
        lesion.refresh_from_db()
        assert (lesion.size_mm, lesion.notes) == (35, "Seen on CT")
        assert f"Someone else (Alice Martin) saved this record at {saved_at(lesion)}" in html
        assert "Painful at night" in differences_shown(refused)
        assert "Painful at night</textarea>" in html
        assert 'id="site-regions"' in html  # the page is whole: its scripts' data is there

        again = second.post(url, {**bobs_form, "lock_version": loaded_version(refused)})
        assert again.status_code == 302
        lesion.refresh_from_db()
        assert (lesion.size_mm, lesion.notes) == (None, "Painful at night")
