"""The patient timeline page: every dated event on one axis, then the same events as a table."""

from collections import Counter

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from audit.access import SubjectKind, record_access, refusals_recorded
from patients.permissions import patient_for_reading
from patients.timeline import TimelineCategory, patient_timeline
from patients.timeline_axis import build_axis

ALL_CATEGORIES = [category.value for category in TimelineCategory]


@require_GET
@refusals_recorded(SubjectKind.TIMELINE, model="patients.Patient", to_patient="")
def patient_timeline_page(request: HttpRequest, pk: int) -> HttpResponse:
    patient = patient_for_reading(request.user, pk)
    record_access(request, patient=patient, kind=SubjectKind.TIMELINE, subject_id=patient.pk)
    events = patient_timeline(patient, request.user)
    chosen = chosen_categories(request.GET)
    shown = [event for event in events if event.category in chosen]
    counts = Counter(event.category for event in events)
    return render(request, "patients/timeline.html", {
        "patient": patient,
        "events": shown,
        "has_events": bool(events),
        "axis": build_axis(shown, chosen, timezone.localdate()),
        "filters": [{"value": category.value, "label": category.label,
                     "count": counts[category.value], "checked": category.value in chosen}
                    for category in TimelineCategory],
        "filtered": len(chosen) < len(ALL_CATEGORIES),
    })


def chosen_categories(query: QueryDict) -> list[str]:
    """The categories asked for, in lane order; unknown values are ignored and none (or
    none valid) means all."""
    asked = set(query.getlist("category"))
    chosen = [category for category in ALL_CATEGORIES if category in asked]
    return chosen or list(ALL_CATEGORIES)
