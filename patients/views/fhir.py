"""Import a patient from a FHIR R4 Patient resource (patients/fhir_import.py). Whoever may
create a patient may import one; a refusal lists each problem and keeps the submitted text."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from patients.fhir_import import MAX_IMPORT_BYTES, FhirImportError, import_patient
from patients.forms.fhir import FhirPatientImportForm
from patients.permissions import can_create_patient


@require_http_methods(["GET", "POST"])
def patient_import_fhir(request: HttpRequest) -> HttpResponse:
    if not can_create_patient(request.user):
        raise PermissionDenied
    form = FhirPatientImportForm(request.POST or None, request.FILES or None)
    refused = None
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["text"]
        try:
            patient = import_patient(text, request.user)
        except FhirImportError as error:
            refused = error
            form.show_text(text)
        else:
            messages.success(request, _("Patient %(patient)s imported from FHIR.")
                             % {"patient": patient})
            return redirect(patient)
    return render(request, "patients/fhir_import.html",
                  {"form": form, "refused": refused, "max_bytes": MAX_IMPORT_BYTES})
