"""Who may see and change patient records: the one place these rules live.

Views, templates and tests all ask these functions. Object-level restrictions (issue on
security) will narrow them here without touching the views.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from patients.models import Lesion, Patient


def can_view_patient(user, patient: Patient) -> bool:
    return user.is_authenticated and user.has_perm("patients.view_patient")


def can_edit_patient(user, patient: Patient) -> bool:
    return user.is_authenticated and user.has_perm("patients.change_patient")


def can_create_patient(user) -> bool:
    return user.is_authenticated and user.has_perm("patients.add_patient")


def can_edit_lesions(user, patient: Patient) -> bool:
    return user.is_authenticated and user.has_perm("patients.change_lesion")


def patient_for_reading(user, pk: int) -> Patient:
    """The patient, or 404 if absent and 403 if the user may not read it."""
    patient = get_object_or_404(Patient.objects.select_related("referring_clinician"), pk=pk)
    if not can_view_patient(user, patient):
        raise PermissionDenied
    return patient


def patient_for_writing(user, pk: int) -> Patient:
    """The patient, or 404 if absent and 403 if the user may not change its record."""
    patient = get_object_or_404(Patient, pk=pk)
    if not can_edit_patient(user, patient):
        raise PermissionDenied
    return patient


def lesion_for_writing(user, patient_pk: int, pk: int) -> Lesion:
    lesion = get_object_or_404(Lesion.objects.select_related("patient"), pk=pk,
                               patient_id=patient_pk)
    if not can_edit_lesions(user, lesion.patient):
        raise PermissionDenied
    return lesion
