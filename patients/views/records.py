"""Add, edit and delete a patient's dated records: one set of views for every kind listed in
`patients.records.RECORD_KINDS` (the URL converter hands the kind in)."""

from django import forms
from django.contrib import messages
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from audit.access import SubjectKind, record_access, refusals_recorded
from patients.models import Patient
from patients.panels import measurement_form_panels
from patients.permissions import patient_for_writing, record_for_writing
from patients.records import RecordKind


def _section_url(patient: Patient, kind: RecordKind) -> str:
    return f"{reverse('patients:detail', args=[patient.pk])}#{kind.anchor}"


def _form_page(request: HttpRequest, kind: RecordKind, patient: Patient,
               form_class: type[forms.BaseForm], title: str,
               record: models.Model | None = None) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = form_class(data, instance=record, patient=patient)
    if form.is_bound and form.is_valid():
        form.save()
        messages.success(request, _("%(kind)s: changes saved.")
                         % {"kind": capfirst(kind.verbose_name_plural)})
        return redirect(_section_url(patient, kind))
    return render(request, "patients/records/record_form.html", {
        "patient": patient, "kind": kind, "form": form, "title": title,
        "cancel_url": _section_url(patient, kind),
        "form_panels": _form_panels(request, kind, patient, record),
    })


def _form_panels(request: HttpRequest, kind: RecordKind, patient: Patient,
                 record: models.Model | None) -> list[str]:
    """What higher apps place in the form that adds a day's measurements (the live
    clearance, zoledronic acid dose and vitamin D scheme); nothing in the other forms."""
    if kind.slug != "measurements" or record is not None:
        return []
    return [render_to_string(panel.template, panel.context, request=request)
            for panel in measurement_form_panels(patient, request)]


@require_http_methods(["GET", "POST"])
def record_add(request: HttpRequest, patient_pk: int, kind: RecordKind) -> HttpResponse:
    patient = patient_for_writing(request.user, patient_pk)
    title = _("Add %(kind)s") % {"kind": kind.verbose_name}
    return _form_page(request, kind, patient, kind.form_for_adding(), title)


@require_http_methods(["GET", "POST"])
@refusals_recorded(SubjectKind.RECORD, model="patients.Patient", to_patient="",
                   lookup_arg="patient_pk")
def record_edit(request: HttpRequest, patient_pk: int, kind: RecordKind,
                pk: int) -> HttpResponse:
    patient, record = record_for_writing(request.user, patient_pk, kind.model, pk)
    if request.method == "GET":  # the form shows the stored record (its kind is in the path)
        record_access(request, patient=patient, kind=SubjectKind.RECORD, subject_id=pk)
    title = _("Edit %(kind)s") % {"kind": kind.verbose_name}
    return _form_page(request, kind, patient, kind.form_class, title, record)


@require_http_methods(["GET", "POST"])
def record_delete(request: HttpRequest, patient_pk: int, kind: RecordKind,
                  pk: int) -> HttpResponse:
    """GET asks for confirmation; POST deletes (simple-history keeps the record and who
    deleted it)."""
    patient, record = record_for_writing(request.user, patient_pk, kind.model, pk)
    if request.method == "POST":
        label = str(record)
        record.delete()
        messages.success(request, _("Deleted: %(record)s.") % {"record": label})
        return redirect(_section_url(patient, kind))
    return render(request, "patients/records/record_confirm_delete.html", {
        "patient": patient, "kind": kind, "record": record,
        "cancel_url": _section_url(patient, kind),
    })
