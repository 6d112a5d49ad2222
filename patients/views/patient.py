"""Patient pages: the searchable list, the record, its form and its history."""


from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from audit.access import SubjectKind, record_access, refusals_recorded
from patients.concurrency import EditConflict, save_unless_changed
from patients.derived import body_mass_index
from patients.forms.filters import PATIENT_SORTING, PatientFilterForm
from patients.forms.patient import PatientForm
from patients.history import patient_history, recent_history
from patients.models import (
    AntiresorptiveTreatment,
    Antithrombotic,
    LocalTreatment,
    Patient,
    SystemicTreatment,
)
from patients.models.records import MeasurementKind
from patients.pagination import uncounted_page
from patients.panels import patient_panels
from patients.permissions import (
    can_create_patient,
    can_edit_lesions,
    can_edit_patient,
    can_list_patients,
    patient_for_reading,
    patient_for_writing,
)
from patients.selectors import filtered_patients, latest_measurements

PAGE_SIZE = 25
RECENT_CHANGES = 5

# Everything the record page shows, fetched in a fixed number of queries (a record's drug or
# lesion joined to it rather than read by a query of its own).
PATIENT_PAGE_RELATIONS = (
    "markers",
    "measurements",
    Prefetch("systemic_treatments", SystemicTreatment.objects.select_related("drug")),
    Prefetch("antithrombotics", Antithrombotic.objects.select_related("drug")),
    Prefetch("antiresorptives", AntiresorptiveTreatment.objects.select_related("drug")),
    "antiresorptives__injections",
    "dental_assessments",
    "orthopaedic_implants",
    "skeletal_events",
    Prefetch("local_treatments", LocalTreatment.objects.select_related("lesion")),
    "lesions",
)


@require_GET
def patient_list(request: HttpRequest) -> HttpResponse:
    if not can_list_patients(request.user):
        raise PermissionDenied
    form = PatientFilterForm(request.GET)
    sort = PATIENT_SORTING.parse(request.GET.get("sort"))
    patients = PATIENT_SORTING.apply(
        filtered_patients(user=request.user, **form.applied()), sort)
    return render(request, "patients/patient_list.html", {
        # No COUNT(*) of the whole table on each page (see patients/pagination.py).
        "page": uncounted_page(patients, request.GET.get("page"), PAGE_SIZE),
        "form": form,
        "sort": sort,
        "columns": PATIENT_SORTING.columns(sort),
        "can_create": can_create_patient(request.user),
    })


@require_http_methods(["GET", "POST"])
def patient_create(request: HttpRequest) -> HttpResponse:
    if not can_create_patient(request.user):
        raise PermissionDenied
    form = PatientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.referring_clinician = request.user
        patient = form.save()
        messages.success(request, _("Patient %(patient)s created.") % {"patient": patient})
        return redirect(patient)
    return render(request, "patients/patient_form.html", {"form": form, "patient": None})


@require_http_methods(["GET", "POST"])
@refusals_recorded(SubjectKind.PATIENT, model="patients.Patient", to_patient="")
def patient_edit(request: HttpRequest, pk: int) -> HttpResponse:
    patient = patient_for_writing(request.user, pk)
    if request.method == "GET":  # the form shows the stored record
        record_access(request, patient=patient, kind=SubjectKind.PATIENT, subject_id=patient.pk)
    form = PatientForm(request.POST or None, instance=patient)
    if request.method == "POST" and form.is_valid():
        try:
            patient = save_unless_changed(form)
        except EditConflict as conflict:  # someone saved first: show both, lose nothing
            form.accept_stored_version(conflict)
            return render(request, "patients/patient_form.html",
                          {"form": form, "patient": patient, "conflict": conflict}, status=409)
        messages.success(request, _("Patient %(patient)s saved.") % {"patient": patient})
        return redirect(patient)
    return render(request, "patients/patient_form.html", {"form": form, "patient": patient})


@require_GET
@refusals_recorded(SubjectKind.PATIENT, model="patients.Patient", to_patient="")
def patient_detail(request: HttpRequest, pk: int) -> HttpResponse:
    patient = patient_for_reading(request.user, pk)
    record_access(request, patient=patient, kind=SubjectKind.PATIENT, subject_id=patient.pk)
    prefetch_related_objects([patient], *PATIENT_PAGE_RELATIONS)
    # Panels come from higher apps, each with its own template and context (see panels.py).
    panels = [
        render_to_string(panel.template, panel.context, request=request)
        for panel in patient_panels(patient, request)
    ]
    return render(request, "patients/patient_detail.html", {
        "patient": patient,
        "can_edit": can_edit_patient(request.user, patient),
        "can_edit_lesions": can_edit_lesions(request.user, patient),
        "body": body_measurements(patient),
        "panels": panels,
        "recent_changes": recent_history(patient, RECENT_CHANGES),
    })


def body_measurements(patient: Patient) -> dict:
    """The latest weight and height (or None) and the body-mass index read from them."""
    latest = latest_measurements(patient)
    weight = latest.get(MeasurementKind.WEIGHT)
    height = latest.get(MeasurementKind.HEIGHT)
    return {
        "weight": weight,
        "height": height,
        "bmi": body_mass_index(weight.value if weight else None,
                               height.value if height else None),
    }


@require_GET
@refusals_recorded(SubjectKind.HISTORY, model="patients.Patient", to_patient="")
def patient_history_page(request: HttpRequest, pk: int) -> HttpResponse:
    patient = patient_for_reading(request.user, pk)
    record_access(request, patient=patient, kind=SubjectKind.HISTORY, subject_id=patient.pk)
    return render(request, "patients/patient_history.html", {
        "patient": patient,
        "entries": patient_history(patient),
    })
