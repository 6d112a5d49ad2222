"""The patient page's record and lesion rows are written cheaply (the page lists every
record): links are the patient's URL followed by the kind and the id rather than a reverse()
per row, choice labels come from a map built once, the words repeated on each row are
translated once. Each must still be what reverse(), get_FOO_display() and gettext give."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import resolve, reverse
from django.utils import translation

from patients.models import (
    Antithrombotic,
    DentalAssessment,
    Measurement,
    OrthopaedicImplant,
    SkeletalEvent,
)
from patients.records import RECORD_KINDS
from patients.records_actions import record_injection
from tests.factories import LesionFactory, PatientFactory, drug
from tests.patients.test_patient_detail import add_records

pytestmark = pytest.mark.django_db


@pytest.fixture
def patient(clinician):
    patient = PatientFactory(referring_clinician=clinician, primary_site="lung", ecog=1)
    add_records(patient, 2)
    day = dt.date(2025, 6, 1)
    Antithrombotic.objects.create(patient=patient, drug=drug("apixaban"), start_date=day,
                                  daily_dose_mg=Decimal("2.5"), end_date=day)
    OrthopaedicImplant.objects.create(patient=patient, site="humerus_diaphysis", side="left")
    for treatment in patient.antiresorptives.all():
        record_injection(treatment=treatment, given_on=treatment.start_date + dt.timedelta(1),
                         dose_mg=Decimal("120"))
    LesionFactory(patient=patient, site="femur_head_neck", side="right", pain="moderate")
    return patient


def page(client, user, patient, language="en") -> str:
    client.force_login(user)
    url = reverse("patients:detail", args=[patient.pk])
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()


def test_ids_are_printed_without_grouping():
    """The links print ids as `{{ record.pk }}`: a thousands separator would break them."""
    assert not settings.USE_THOUSAND_SEPARATOR


def test_every_link_of_every_record_kind_is_what_reverse_gives(client, clinician, patient):
    content = page(client, clinician, patient)
    expected = set()
    for slug, kind in RECORD_KINDS.items():
        expected.add(reverse("patients:record_add", args=[patient.pk, slug]))
        records = kind.model.objects.filter(patient=patient)
        assert records, slug  # every kind has rows on this page
        for record in records:
            for name in ("record_edit", "record_delete"):
                expected.add(reverse(f"patients:{name}", args=[patient.pk, slug, record.pk]))
    for treatment in patient.antiresorptives.all():
        expected.add(reverse("patients:injection_add", args=[patient.pk, treatment.pk]))
        for injection in treatment.injections.all():
            for name in ("injection_edit", "injection_delete"):
                expected.add(reverse(f"patients:{name}", args=[patient.pk, injection.pk]))
    for lesion in patient.lesions.all():
        expected.add(lesion.get_absolute_url())
    hrefs = set(re.findall(r'href="([^"]+)"', content))
    assert expected <= hrefs, expected - hrefs
    own = {href for href in hrefs if href.startswith(f"/patients/{patient.pk}/")}
    for href in own:
        resolve(href)  # no link of the page leads to a 404


def test_readers_get_no_edit_link(client, panel_member, patient):
    content = page(client, panel_member, patient)
    assert "/edit/" not in content
    assert "/delete/" not in content
    assert "/add/" not in content


@pytest.mark.parametrize("language", ["fr", "en"])
def test_choice_labels_and_row_words_are_the_translated_ones(client, clinician, patient,
                                                             language):
    content = page(client, clinician, patient, language)
    with translation.override(language):
        labels = [patient.get_primary_site_display(), patient.get_sex_display(),
                  patient.get_ecog_display()]
        for model, field in ((Measurement, "kind"), (SkeletalEvent, "kind"),
                             (DentalAssessment, "result"), (OrthopaedicImplant, "site"),
                             (OrthopaedicImplant, "side")):
            for record in model.objects.filter(patient=patient):
                labels.append(getattr(record, f"get_{field}_display")())
        for record in patient.markers.all():
            labels += [record.get_marker_display(), record.get_result_display()]
        for record in patient.local_treatments.all():
            labels.append(record.get_kind_display())
        for lesion in patient.lesions.all():
            labels += [lesion.get_pain_display(), lesion.get_lesion_type_display()]
        words = [translation.gettext(w) for w in ("Edit", "Delete", "Stopped", "Current")]
    for label in labels + words:
        assert str(label) in content, label


@pytest.mark.parametrize("language", ["fr", "en"])
def test_record_names_read_as_their_choice_labels(patient, language):
    """The rows' hidden names (str(record)) read labels from the map, as Django would."""
    with translation.override(language):
        for record in Measurement.objects.filter(patient=patient):
            assert str(record) == (f"{record.get_kind_display()} = {record.value} "
                                   f"({record.measured_on})")
        for record in SkeletalEvent.objects.filter(patient=patient):
            assert str(record) == f"{record.get_kind_display()} ({record.occurred_on})"
        for record in DentalAssessment.objects.filter(patient=patient):
            assert str(record) == f"{record.get_result_display()} ({record.assessed_on})"
        for record in OrthopaedicImplant.objects.filter(patient=patient):
            assert str(record) == (f"{record.get_site_display()} "
                                   f"{record.get_side_display()}").strip()
