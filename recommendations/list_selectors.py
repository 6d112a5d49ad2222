"""Reads behind the case and meeting lists: each list's filters applied to what the user may
see, with what its rows and orderings need fetched in the same query."""

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case as Switch
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils import timezone

from patients.selectors import search_patients
from recommendations.models import Case, CaseStatus, Meeting, Urgency, WorkflowEvent
from recommendations.permissions import visible_cases

# A case is open until its proposal is sent or it is withdrawn.
CLOSED_STATES = (CaseStatus.SENT, CaseStatus.WITHDRAWN)


def patients_with_open_case() -> Q:
    """For the patient list's filter (settings.PATIENT_OPEN_CASE_FILTER)."""
    return Q(pk__in=Case.objects.exclude(status__in=CLOSED_STATES).values("patient"))


def _rank(field: str, values: list[str]) -> Switch:
    """The position of the field's value among `values`, to sort in that order."""
    return Switch(*(When(**{field: value}, then=Value(index))
                    for index, value in enumerate(values)), output_field=IntegerField())


def _first_submission() -> Subquery:
    events = WorkflowEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(Case), object_id=OuterRef("pk"),
        to_state=CaseStatus.SUBMITTED).order_by("at")
    return Subquery(events.values("at")[:1])


def filtered_cases(*, user, state: list[str] | None = None, urgency: str = "",
                   meeting: Meeting | None = None, patient: str = "",
                   mine: bool = False) -> QuerySet[Case]:
    """The cases the user may see, narrowed by the list's filters, with `submitted_at` (first
    submission), `state_rank` (workflow order) and `urgency_rank` to sort on."""
    cases = visible_cases(user).select_related("patient", "referring_clinician", "meeting")
    if state:
        cases = cases.filter(status__in=state)
    if urgency:
        cases = cases.filter(urgency=urgency)
    if meeting is not None:
        cases = cases.filter(meeting=meeting)
    if patient.strip():
        cases = cases.filter(patient__in=search_patients(patient).values("pk"))
    if mine:
        cases = cases.filter(referring_clinician=user)
    return cases.annotate(submitted_at=_first_submission(),
                          state_rank=_rank("status", CaseStatus.values),
                          urgency_rank=_rank("urgency", Urgency.values))


def filtered_meetings(*, when: str = "upcoming", meeting_type: str = "",
                      today: dt.date | None = None) -> QuerySet[Meeting]:
    """Meetings from today on (`upcoming`), before today (`past`) or all, with the number of
    cases on each agenda."""
    today = today or timezone.localdate()
    meetings = Meeting.objects.select_related("chair").annotate(agenda_size=Count("cases"))
    if when == "upcoming":
        meetings = meetings.filter(date__gte=today)
    elif when == "past":
        meetings = meetings.filter(date__lt=today)
    if meeting_type:
        meetings = meetings.filter(meeting_type=meeting_type)
    return meetings
