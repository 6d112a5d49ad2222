"""The record page's recent changes are the first entries of the full history, read without
going through the whole history (patients.history.recent_history)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from patients.history import patient_history, recent_history
from patients.models import AntiresorptiveInjection, Measurement, SystemicTreatment
from tests.factories import (
    AntiresorptiveTreatmentFactory,
    LesionFactory,
    MeasurementFactory,
    PatientFactory,
    drug,
)

pytestmark = pytest.mark.django_db


def long_history(patient, rounds: int) -> None:
    """Creations, changes, saves that change nothing, deletions, on several kinds of record,
    interleaved; some versions share their instant."""
    treatment = AntiresorptiveTreatmentFactory(patient=patient)
    systemic = SystemicTreatment.objects.create(patient=patient, drug=drug("pemetrexed"),
                                                start_date=dt.date(2025, 3, 1))
    for i in range(rounds):
        weight = MeasurementFactory(patient=patient, kind="weight", value=Decimal(60 + i))
        weight.value = Decimal(61 + i)
        weight.save()
        weight.save()  # no visible change
        patient.ecog = i % 4
        patient.save()
        patient.save()  # no visible change
        injection = AntiresorptiveInjection.objects.create(
            treatment=treatment, given_on=dt.date(2025, 4, 1) + dt.timedelta(days=i),
            dose_mg=Decimal("120"))
        if i % 2:
            injection.delete()
        lesion = LesionFactory(patient=patient)
        lesion.size_mm = 10 + i
        lesion.save()
        systemic.drug = drug("pemetrexed" if i % 2 else "bevacizumab")
        systemic.save()
        if i % 3 == 0:
            Measurement.objects.filter(pk=weight.pk).get().delete()
    # Versions at the same instant across tables and within one table: the order then
    # follows the full history's.
    instant = timezone.now()
    for history in (patient.history, weight.history, systemic.history):
        latest = history.order_by("-history_id")[:3]
        type(latest[0]).objects.filter(history_id__in=[row.history_id for row in latest]).update(
            history_date=instant)


@pytest.fixture
def patient(clinician):
    return PatientFactory(family_name="Durand", ecog=1, referring_clinician=clinician)


class TestRecentHistory:
    def test_it_gives_the_first_entries_of_the_full_history(self, patient):
        long_history(patient, rounds=6)
        full = patient_history(patient)
        assert len(full) > 40
        assert {entry.history_type for entry in full} == {"+", "~", "-"}
        for count in (1, 2, 5, 13, len(full) - 1, len(full), len(full) + 3):
            assert recent_history(patient, count) == full[:count], count

    def test_it_skips_saves_that_changed_nothing_however_many(self, patient):
        weight = MeasurementFactory(patient=patient, kind="weight", value=Decimal("70"))
        weight.value = Decimal("71")
        weight.save()
        for _ in range(25):
            weight.save()
        assert recent_history(patient, 5) == patient_history(patient)[:5]
        assert len(recent_history(patient, 5)) == 3  # patient and weight created, one change

    def test_it_is_empty_without_history(self, patient):
        patient.history.all().delete()
        assert recent_history(patient, 5) == []

    def test_its_queries_do_not_grow_with_the_history(self, patient):
        long_history(patient, rounds=2)
        with CaptureQueriesContext(connection) as short:
            recent_history(patient, 5)
        long_history(patient, rounds=12)
        with CaptureQueriesContext(connection) as long:
            recent_history(patient, 5)
        # One query for the latest versions, one per kind of record among them.
        assert len(long) <= len(short)

    def test_the_page_shows_them(self, client, clinician, patient):
        long_history(patient, rounds=3)
        client.force_login(clinician)
        response = client.get(reverse("patients:detail", args=[patient.pk]))
        assert response.context["recent_changes"] == patient_history(patient)[:5]
