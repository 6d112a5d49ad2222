"""On PostgreSQL the patient search reads indexes, not the whole table: a name fragment
through the trigram indexes, an IPP prefix and a birth date through btrees (migration
patients/0006_patient_search_indexes). SQLite has no such index and its tables stay small."""

import datetime as dt
import random

import pytest
from django.db import connection

from patients.models import Patient
from patients.selectors import search_patients
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="the indexes exist on PostgreSQL only; CI runs this on PostgreSQL"),
]

DISTINCT_PATIENTS = 2_000
COPIES = 10  # 20,000 rows: in a small table, reading it all is rightly cheaper
TRIGRAM_INDEXES = ("patients_patient_family_name_trgm", "patients_patient_given_name_trgm")
CONSONANTS, VOWELS = "bcdfghjklmnprstvz", "aeiouy"


def invented_name(rng: random.Random) -> str:
    """As varied in its letters as real names, which is what trigram statistics feed on."""
    return "".join(rng.choice(CONSONANTS) + rng.choice(VOWELS)
                   for _ in range(rng.randint(2, 4))).capitalize()


def copy_every_patient(copies: int) -> None:
    """Multiply the table inside the database (far faster than building the rows in Python),
    each copy with an IPP of its own, then bring the planner's view up to date."""
    columns = [field.column for field in Patient._meta.concrete_fields
               if field.column not in ("id", "ipp")]
    listed = ", ".join(f'"{column}"' for column in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO patients_patient ("ipp", {listed}) '  # noqa: S608 (model columns)
            f"SELECT ipp || '-' || copy, {listed} FROM patients_patient, "
            f"generate_series(1, %s) AS copy", [copies - 1])
        # What autovacuum does on a live table: rows inserted in bulk wait in each GIN
        # index's pending list, which the planner rightly counts as slow to read.
        for index in TRIGRAM_INDEXES:
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
        cursor.execute("ANALYZE patients_patient")


@pytest.fixture
def many_patients():
    """A table large enough that the planner prefers an index to reading it all."""
    rng = random.Random(8)
    clinician = UserFactory(username="search-plan-clinician")
    Patient.objects.bulk_create(
        Patient(ipp=f"{rng.choice('ABCDEFGH')}{number:04d}{rng.randrange(1000):03d}",
                family_name=invented_name(rng), given_name=invented_name(rng), sex="F",
                referring_clinician=clinician,
                birth_date=dt.date(1930, 1, 1) + dt.timedelta(days=rng.randrange(25_000)))
        for number in range(DISTINCT_PATIENTS))
    copy_every_patient(COPIES)


def plan(query: str) -> str:
    return search_patients(query).explain()


def test_a_name_fragment_reads_the_trigram_indexes(many_patients):
    text = plan("kotaru")
    assert "Bitmap Index Scan on patients_patient_family_name_trgm" in text
    assert "Bitmap Index Scan on patients_patient_given_name_trgm" in text
    assert "Seq Scan on patients_patient" not in text


def test_an_ipp_prefix_reads_the_prefix_index(many_patients):
    text = plan("H0001")
    assert "patients_patient_ipp_upper_prefix" in text
    assert "Seq Scan on patients_patient" not in text


def test_a_birth_date_reads_the_birth_date_index(many_patients):
    text = plan("14/03/1950")
    assert "patients_pa_birth_d_51eba5_idx" in text
    assert "Seq Scan on patients_patient" not in text

