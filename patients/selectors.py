"""Reads of patient records that several pages and higher apps share."""

from datetime import date, datetime

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils.module_loading import import_string

from patients.models import Measurement, Patient

_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")

# What the patient list shows and sorts by (templates/patients/patient_list.html, and the
# referring clinician's name): its rows read nothing else of the wide patient and user rows.
LIST_COLUMNS = ("ipp", "family_name", "given_name", "birth_date", "sex", "primary_site",
                "updated_at", "referring_clinician__first_name",
                "referring_clinician__last_name", "referring_clinician__username")


def latest_measurements(patient: Patient) -> dict[str, Measurement]:
    """The most recent measurement of each kind, by kind code.

    Reads the prefetched measurements when the page has them, else one query."""
    latest: dict[str, Measurement] = {}
    newest_first = sorted(patient.measurements.all(),
                          key=lambda m: (m.measured_on, m.pk), reverse=True)
    for measurement in newest_first:
        latest.setdefault(measurement.kind, measurement)
    return latest


def parse_birth_date(text: str) -> date | None:
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def search_patients(query: str) -> QuerySet[Patient]:
    """Patients matching an identifier prefix, every word of a name, or a birth date
    (YYYY-MM-DD or DD/MM/YYYY)."""
    patients = Patient.objects.select_related("referring_clinician")
    query = query.strip()
    if not query:
        return patients
    birth_date = parse_birth_date(query)
    if birth_date is not None:
        return patients.filter(birth_date=birth_date)
    name_match = Q()
    for term in query.split():
        name_match &= Q(family_name__icontains=term) | Q(given_name__icontains=term)
    return patients.filter(Q(ipp__istartswith=query) | name_match)


def open_case_condition() -> Q | None:
    """Which patients have an open case, as a condition on patients; None without an app that
    holds cases. `patients` must not import that app: settings.PATIENT_OPEN_CASE_FILTER names
    the function (dotted path) that answers."""
    dotted = getattr(settings, "PATIENT_OPEN_CASE_FILTER", "")
    return import_string(dotted)() if dotted else None


def filtered_patients(*, user, q: str = "", primary_site: str = "", mine: bool = False,
                      open_case: bool = False) -> QuerySet[Patient]:
    """The patient list: the search (see `search_patients`) narrowed by the list's filters,
    reading only the list's columns."""
    patients = search_patients(q).only(*LIST_COLUMNS)
    if primary_site:
        patients = patients.filter(primary_site=primary_site)
    if mine:
        patients = patients.filter(referring_clinician=user)
    condition = open_case_condition() if open_case else None
    if condition is not None:
        patients = patients.filter(condition)
    return patients
