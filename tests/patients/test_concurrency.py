"""Optimistic concurrency (patients/concurrency.py): a save from a version someone else has
since saved over is refused, says who and when, and lists what differs."""

import threading
import time

import pytest
from django.db import connection, transaction

from patients.concurrency import EditConflict, claim_version, save_unless_changed
from patients.forms.patient import PatientForm
from patients.models import Patient
from tests.factories import PatientFactory, UserFactory
from tests.patients.concurrency_helpers import form_post

pytestmark = pytest.mark.django_db


def bound_form(patient: Patient, version, **typed) -> PatientForm:
    """The patient form as posted by someone who loaded `version` of the record."""
    fresh = Patient.objects.get(pk=patient.pk)  # each request reads the record anew
    form = PatientForm(form_post(fresh, PatientForm.Meta.fields, str(version), **typed),
                       instance=fresh)
    assert form.is_valid(), form.errors
    return form


def saved_by(user, form: PatientForm) -> Patient:
    form.instance._history_user = user
    return save_unless_changed(form)


@pytest.fixture
def patient():
    return PatientFactory(family_name="Roux", histology="adenocarcinoma", ecog=1)


@pytest.fixture
def alice():
    return UserFactory(username="alice", first_name="Alice", last_name="Martin")


class TestTheForm:
    def test_it_carries_the_loaded_version_in_a_hidden_field(self, patient):
        Patient.objects.filter(pk=patient.pk).update(lock_version=4)
        patient.refresh_from_db()
        html = str(PatientForm(instance=patient)["lock_version"])
        assert 'type="hidden"' in html and 'value="4"' in html

    def test_it_refuses_a_version_that_is_not_a_number_with_a_form_error(self, patient):
        fresh = Patient.objects.get(pk=patient.pk)
        form = PatientForm(form_post(fresh, PatientForm.Meta.fields, "1; DROP"),
                           instance=fresh)
        assert not form.is_valid()
        assert "reload the page" in form.non_field_errors()[0]

    def test_a_new_record_needs_no_version(self):
        data = form_post(PatientFactory.build(ipp="NEW-1"), PatientForm.Meta.fields, "")
        assert PatientForm(data).is_valid()


class TestSaveUnlessChanged:
    def test_it_saves_and_moves_to_the_next_version(self, patient, alice):
        saved = saved_by(alice, bound_form(patient, 1, family_name="Roux-Martin"))
        patient.refresh_from_db()
        assert (patient.family_name, patient.lock_version) == ("Roux-Martin", 2)
        assert saved.lock_version == 2

    def test_two_saves_in_a_row_from_the_same_page_succeed_when_reloaded(self, patient,
                                                                        alice):
        saved_by(alice, bound_form(patient, 1, ecog=2))
        saved_by(alice, bound_form(patient, 2, ecog=3))
        patient.refresh_from_db()
        assert (patient.ecog, patient.lock_version) == (3, 3)

    def test_it_refuses_a_save_from_a_version_saved_over(self, patient, alice):
        first, second = bound_form(patient, 1, ecog=2), bound_form(patient, 1, ecog=3)
        saved_by(alice, first)
        with pytest.raises(EditConflict):
            saved_by(UserFactory(), second)
        patient.refresh_from_db()
        assert (patient.ecog, patient.lock_version) == (2, 2)

    def test_the_conflict_says_who_saved_last_and_when(self, patient, alice):
        first, second = bound_form(patient, 1, ecog=2), bound_form(patient, 1, ecog=3)
        saved_by(alice, first)
        with pytest.raises(EditConflict) as conflict:
            saved_by(UserFactory(), second)
        last = patient.history.first()
        assert conflict.value.changed_by == alice
        assert conflict.value.changed_at == last.history_date
        assert conflict.value.current_version == 2

    def test_the_conflict_lists_each_differing_field_with_both_values(self, patient, alice):
        first = bound_form(patient, 1, histology="squamous", ecog=2)
        second = bound_form(patient, 1, histology="adenocarcinoma", ecog=3,
                            cement_allergy="yes")
        saved_by(alice, first)
        with pytest.raises(EditConflict) as conflict:
            saved_by(UserFactory(), second)
        rows = {d.label: (d.stored, d.typed) for d in conflict.value.differences}
        assert rows == {
            "Histology": ("Squamous cell carcinoma", "Adenocarcinoma"),
            "Performance status (ECOG)": ("2 — ambulatory, up more than half of waking hours",
                                          "3 — limited self-care, in bed or chair more than "
                                          "half of waking hours"),
            "Allergy to bone cement": ("Unknown", "Yes"),
        }

    def test_after_a_conflict_the_form_takes_the_stored_version_and_saves(self, patient,
                                                                          alice):
        first, second = bound_form(patient, 1, ecog=2), bound_form(patient, 1, ecog=3)
        saved_by(alice, first)
        with pytest.raises(EditConflict) as conflict:
            saved_by(UserFactory(), second)
        second.accept_stored_version(conflict.value)
        assert second.data["lock_version"] == "2"
        assert bound_form(patient, second.data["lock_version"], ecog=3).is_valid()
        saved_by(alice, bound_form(patient, 2, ecog=3))
        patient.refresh_from_db()
        assert (patient.ecog, patient.lock_version) == (3, 3)

    def test_a_post_without_a_version_is_checked_against_the_record_read(self, patient,
                                                                        alice):
        fresh = Patient.objects.get(pk=patient.pk)
        data = form_post(fresh, PatientForm.Meta.fields, "", ecog=2)
        del data["lock_version"]
        form = PatientForm(data, instance=fresh)
        assert form.is_valid() and form.loaded_version == 1
        saved_by(alice, bound_form(patient, 1, ecog=3))  # someone saves in between
        with pytest.raises(EditConflict):
            save_unless_changed(form)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="SQLite serialises every writer, so there is no race to test; "
                           "CI runs this on PostgreSQL")
def test_of_two_concurrent_saves_from_one_version_exactly_one_succeeds():
    patient = PatientFactory(ecog=1)
    barrier = threading.Barrier(2)
    outcomes = []

    def save(ecog):
        try:
            loaded = Patient.objects.get(pk=patient.pk)
            barrier.wait()
            with transaction.atomic():
                claim_version(loaded, loaded_version=1, typed={"ecog": ecog})
                time.sleep(0.2)  # the other save now waits on this row, then finds it moved
                loaded.ecog = ecog
                loaded.save()
            outcomes.append("saved")
        except EditConflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(ecog,)) for ecog in (2, 3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    patient.refresh_from_db()
    assert sorted(outcomes) == ["conflict", "saved"]
    assert patient.lock_version == 2
