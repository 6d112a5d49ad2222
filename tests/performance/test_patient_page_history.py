"""The patient page's recent changes cost the same whatever the length of the patient's
history (issue 8): the latest versions are found in one query, then only they are read."""

import pytest
from django.urls import reverse

from tests.factories import PatientFactory
from tests.patients.test_patient_recent_changes import long_history
from tests.performance.query_counting import assert_flat, queries_of

pytestmark = pytest.mark.django_db


def test_the_patient_page_with_a_growing_history(client, clinician):
    patient = PatientFactory(referring_clinician=clinician)
    client.force_login(clinician)
    url = reverse("patients:detail", args=[patient.pk])
    # Each round adds about ten versions, on five kinds of record.
    assert_flat(lambda: queries_of(client, url), lambda rounds: long_history(patient, rounds),
                budget=30)  # 27 today
