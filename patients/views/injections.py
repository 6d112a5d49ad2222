"""Record, edit and delete the injections of a patient's anti-resorptive treatment.

Who may do so is who may edit the patient's records (patients.permissions); each write goes
through patients.records_actions, which keeps the treatment's last injection in step.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from patients.forms.injections import AntiresorptiveInjectionForm
from patients.models import AntiresorptiveInjection, AntiresorptiveTreatment, Patient
from patients.permissions import patient_for_writing, record_for_writing
from patients.records import RECORD_KINDS
from patients.records_actions import change_injection, delete_injection, record_injection

TREATMENTS = RECORD_KINDS["antiresorptives"]


def _injection_for_writing(user, patient_pk: int,
                           pk: int) -> tuple[Patient, AntiresorptiveInjection]:
    """An injection of one of the treatments of the patient in the URL, and the patient."""
    patient = patient_for_writing(user, patient_pk)
    injection = get_object_or_404(
        AntiresorptiveInjection.objects.select_related("treatment__drug"), pk=pk,
        treatment__patient=patient)
    return patient, injection


def _posted(request: HttpRequest):
    return request.POST if request.method == "POST" else None


def _section_url(patient: Patient) -> str:
    return patient.get_absolute_url() + f"#{TREATMENTS.anchor}"


def _named(treatment: AntiresorptiveTreatment) -> str:
    return _("%(drug)s, started %(start)s") % {
        "drug": treatment.drug, "start": date_format(treatment.start_date, "SHORT_DATE_FORMAT")}


def _form_page(request: HttpRequest, patient: Patient, form: AntiresorptiveInjectionForm,
               title: str) -> HttpResponse:
    return render(request, "patients/records/record_form.html", {
        "patient": patient, "form": form, "title": title, "form_panels": [],
        "cancel_url": _section_url(patient), "treatment": form.treatment,
    })


def _saved(request: HttpRequest, patient: Patient) -> HttpResponse:
    messages.success(request, _("Injection saved."))
    return redirect(_section_url(patient))


@require_http_methods(["GET", "POST"])
def injection_add(request: HttpRequest, patient_pk: int, treatment_pk: int) -> HttpResponse:
    patient, treatment = record_for_writing(request.user, patient_pk, AntiresorptiveTreatment,
                                            treatment_pk)
    form = AntiresorptiveInjectionForm(_posted(request), treatment=treatment)
    if form.is_bound and form.is_valid():
        record_injection(treatment=treatment, **form.cleaned_data)
        return _saved(request, patient)
    title = _("Record an injection: %(treatment)s") % {"treatment": _named(treatment)}
    return _form_page(request, patient, form, title)


@require_http_methods(["GET", "POST"])
def injection_edit(request: HttpRequest, patient_pk: int, pk: int) -> HttpResponse:
    patient, injection = _injection_for_writing(request.user, patient_pk, pk)
    form = AntiresorptiveInjectionForm(_posted(request), instance=injection,
                                       treatment=injection.treatment)
    if form.is_bound and form.is_valid():
        change_injection(injection, **form.cleaned_data)
        return _saved(request, patient)
    title = _("Edit injection: %(treatment)s") % {"treatment": _named(injection.treatment)}
    return _form_page(request, patient, form, title)


@require_http_methods(["GET", "POST"])
def injection_delete(request: HttpRequest, patient_pk: int, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST deletes (the history keeps it and who deleted it)."""
    patient, injection = _injection_for_writing(request.user, patient_pk, pk)
    if request.method == "POST":
        label = str(injection)
        delete_injection(injection)
        messages.success(request, _("Deleted: %(record)s.") % {"record": label})
        return redirect(_section_url(patient))
    return render(request, "patients/records/record_confirm_delete.html", {
        "patient": patient, "record": injection, "cancel_url": _section_url(patient),
        "kind": {"verbose_name": AntiresorptiveInjection._meta.verbose_name},
    })
