"""Lesion pages: add, see, change and delete a patient's bone lesions."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from audit.access import SubjectKind, record_access, refusals_recorded
from patients.concurrency import EditConflict, save_unless_changed
from patients.forms.lesion import SECTIONS, LesionForm
from patients.models import Lesion
from patients.panels import lesion_form_panels, lesion_panels
from patients.permissions import (
    can_delete_lesion,
    can_edit_lesions,
    lesion_for_deleting,
    lesion_for_reading,
    lesion_for_writing,
    patient_for_adding_lesion,
)


def _findings(lesion: Lesion) -> list[tuple[str, list[tuple[str, object]]]]:
    """The findings that apply at the lesion's site, by section; None when not recorded."""
    region = lesion.region
    lateral = lesion.site_info.lateral if lesion.site_info else True
    sections = []
    for section in SECTIONS:
        if section.applies_to and section.applies_to != region:
            continue
        rows = []
        for name in section.fields:
            if name == "notes" or (name == "side" and not lateral):
                continue  # notes are shown as text; a midline site has no side
            field = Lesion._meta.get_field(name)
            value = getattr(lesion, name)
            if value in (None, ""):
                value = None
            elif field.choices:
                value = getattr(lesion, f"get_{name}_display")()
            rows.append((str(field.verbose_name), value))
        if rows:
            sections.append((str(section.label), rows))
    return sections


def _form_page(request: HttpRequest, form: LesionForm, patient, lesion,
               conflict: EditConflict | None = None) -> HttpResponse:
    """The form, with the panels that higher apps place in it (the live score)."""
    form_panels = [render_to_string(panel.template, panel.context, request=request)
                   for panel in lesion_form_panels(patient, request)]
    return render(request, "patients/lesions/lesion_form.html",
                  {"form": form, "patient": patient, "lesion": lesion,
                   "form_panels": form_panels, "conflict": conflict},
                  status=409 if conflict else 200)


def _saved(request: HttpRequest, form: LesionForm, message: str) -> HttpResponse:
    lesion = save_unless_changed(form) if form.instance.pk else form.save()
    messages.success(request, message)
    if form.cleared_fields:
        messages.warning(request, _(
            "These findings do not apply to %(site)s and were cleared: %(fields)s."
        ) % {"site": lesion.get_site_display(), "fields": ", ".join(form.cleared_labels)})
    return redirect(lesion)


@require_http_methods(["GET", "POST"])
def lesion_create(request: HttpRequest, patient_pk: int) -> HttpResponse:
    patient = patient_for_adding_lesion(request.user, patient_pk)
    form = LesionForm(request.POST if request.method == "POST" else None, patient=patient)
    if form.is_bound and form.is_valid():
        return _saved(request, form, _("Lesion added."))
    return _form_page(request, form, patient, None)


@require_http_methods(["GET", "POST"])
@refusals_recorded(SubjectKind.LESION, model="patients.Lesion")
def lesion_edit(request: HttpRequest, patient_pk: int, pk: int) -> HttpResponse:
    lesion = lesion_for_writing(request.user, patient_pk, pk)
    if request.method == "GET":  # the form shows the stored findings
        record_access(request, patient=lesion.patient, kind=SubjectKind.LESION, subject_id=pk)
    form = LesionForm(request.POST if request.method == "POST" else None, instance=lesion,
                      patient=lesion.patient)
    if form.is_bound and form.is_valid():
        try:
            return _saved(request, form, _("Lesion updated."))
        except EditConflict as conflict:  # someone saved first: show both, lose nothing
            form.accept_stored_version(conflict)
            return _form_page(request, form, lesion.patient, lesion, conflict)
    return _form_page(request, form, lesion.patient, lesion)


@require_http_methods(["GET", "POST"])
def lesion_delete(request: HttpRequest, patient_pk: int, pk: int) -> HttpResponse:
    lesion = lesion_for_deleting(request.user, patient_pk, pk)
    patient = lesion.patient
    if request.method == "POST":
        label = str(lesion)
        lesion.delete()
        messages.success(request, _("Lesion %(lesion)s deleted.") % {"lesion": label})
        return redirect(patient)
    return render(request, "patients/lesions/lesion_confirm_delete.html",
                  {"lesion": lesion, "patient": patient})


@require_GET
@refusals_recorded(SubjectKind.LESION, model="patients.Lesion")
def lesion_detail(request: HttpRequest, patient_pk: int, pk: int) -> HttpResponse:
    lesion = lesion_for_reading(request.user, patient_pk, pk)
    record_access(request, patient=lesion.patient, kind=SubjectKind.LESION, subject_id=pk)
    patient = lesion.patient
    # Panels come from higher apps, each with its own template and context (see panels.py),
    # rendered the way the patient page renders its own.
    panels = [render_to_string(panel.template, panel.context, request=request)
              for panel in lesion_panels(lesion, request)]
    return render(request, "patients/lesions/lesion_detail.html", {
        "patient": patient,
        "lesion": lesion,
        "sections": _findings(lesion),
        "panels": panels,
        "can_edit": can_edit_lesions(request.user, patient),
        "can_delete": can_delete_lesion(request.user, patient),
    })
