"""The administrators' pages of the access log: who saw one patient's data, and its export."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from audit.access import record_log_export
from audit.export import csv_response
from audit.permissions import require_access_log_reader
from audit.selectors import patient_accesses, patient_reference

PAGE_SIZE = 50


@require_GET
def patient_accesses_page(request: HttpRequest, patient_id: int) -> HttpResponse:
    require_access_log_reader(request.user)
    events = patient_accesses(patient_id)
    return render(request, "audit/patient_accesses.html", {
        "patient_id": patient_id,
        "patient_ref": patient_reference(patient_id),
        "page": Paginator(events, PAGE_SIZE).get_page(request.GET.get("page")),
    })


@require_GET
@never_cache
def patient_accesses_csv(request: HttpRequest, patient_id: int) -> HttpResponse:
    """The whole list as CSV; the export itself goes on the patient's log (whoever exports
    who saw a record is one more person who knows it)."""
    require_access_log_reader(request.user)
    response = csv_response(patient_accesses(patient_id).iterator(),
                            f"accesses-patient-{patient_id}.csv")
    record_log_export(request, {patient_id: patient_reference(patient_id)})  # after: not in it
    return response
