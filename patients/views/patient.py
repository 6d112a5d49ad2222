"""Patient pages: the searchable list, the record, its form and its history."""


from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from patients.derived import body_mass_index
from patients.forms.patient import PatientForm
from patients.history import patient_history
from patients.models import Patient
from patients.models.records import MeasurementKind
from patients.panels import patient_panels
from patients.permissions import (
    can_create_patient,
    can_edit_lesions,
    can_edit_patient,
    can_list_patients,
    patient_for_reading,
    patient_for_writing,
)
from patients.selectors import latest_measurements, search_patients

PAGE_SIZE = 25
RECENT_CHANGES = 5

# The only orderings the list accepts: `sort` is looked up here, never passed to order_by.
SORTS = {
    "name": (gettext_lazy("Name"), ("family_name", "given_name", "birth_date", "pk")),
    "birth_date": (gettext_lazy("Birth date"), ("birth_date", "family_name", "pk")),
    "ipp": (gettext_lazy("IPP"), ("ipp",)),
}
DEFAULT_SORT = "name"

# Everything the record page shows, fetched in a fixed number of queries.
PATIENT_PAGE_RELATIONS = (
    "markers",
    "measurements",
    "systemic_treatments__drug",
    "antithrombotics__drug",
    "antiresorptives__drug",
    "dental_assessments",
    "orthopaedic_implants",
    "skeletal_events",
    "lesions",
)


@require_GET
def patient_list(request: HttpRequest) -> HttpResponse:
    if not can_list_patients(request.user):
        raise PermissionDenied
    query = request.GET.get("q", "").strip()
    key, descending = parse_sort(request.GET.get("sort", ""))
    ordering = [f"-{name}" if descending else name for name in SORTS[key][1]]
    patients = search_patients(query).order_by(*ordering)
    page = Paginator(patients, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "patients/patient_list.html", {
        "page": page,
        "query": query,
        "columns": sort_columns(key, descending),
        "can_create": can_create_patient(request.user),
    })


def parse_sort(value: str) -> tuple[str, bool]:
    """(column, descending) from `name`, `-name`...; anything unknown gives the default."""
    key = value.removeprefix("-")
    if key not in SORTS:
        return DEFAULT_SORT, False
    return key, value.startswith("-")


def sort_columns(current: str, descending: bool) -> dict[str, dict]:
    """For each sortable column: its label, the `sort` value its link sets, its aria-sort."""
    columns = {}
    for key, (label, _fields) in SORTS.items():
        active = key == current
        columns[key] = {
            "label": label,
            "link": f"-{key}" if active and not descending else key,
            "aria_sort": ("descending" if descending else "ascending") if active else "",
        }
    return columns


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
def patient_edit(request: HttpRequest, pk: int) -> HttpResponse:
    patient = patient_for_writing(request.user, pk)
    form = PatientForm(request.POST or None, instance=patient)
    if request.method == "POST" and form.is_valid():
        patient = form.save()
        messages.success(request, _("Patient %(patient)s saved.") % {"patient": patient})
        return redirect(patient)
    return render(request, "patients/patient_form.html", {"form": form, "patient": patient})


@require_GET
def patient_detail(request: HttpRequest, pk: int) -> HttpResponse:
    patient = patient_for_reading(request.user, pk)
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
        "recent_changes": patient_history(patient)[:RECENT_CHANGES],
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
def patient_history_page(request: HttpRequest, pk: int) -> HttpResponse:
    patient = patient_for_reading(request.user, pk)
    return render(request, "patients/patient_history.html", {
        "patient": patient,
        "entries": patient_history(patient),
    })
