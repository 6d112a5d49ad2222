"""Who may see and change patient records: the one place these rules live.

Views, templates and tests all ask these functions. Object-level restrictions (security
issue) will narrow them here without touching the views. Each `*_for_*` helper answers 404
when the object is absent and 403 when the user may not do that to it.
"""

from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404

from patients.models import Lesion, Patient


def can_list_patients(user) -> bool:
    return user.is_authenticated and user.has_perm("patients.view_patient")


def can_view_patient(user, patient: Patient) -> bool:
    return user.is_authenticated and user.has_perm("patients.view_patient")


def can_create_patient(user) -> bool:
    return user.is_authenticated and user.has_perm("patients.add_patient")


def can_edit_patient(user, patient: Patient) -> bool:
    return user.is_authenticated and user.has_perm("patients.change_patient")


def can_view_lesions(user, patient: Patient) -> bool:
    return can_view_patient(user, patient) and user.has_perm("patients.view_lesion")


def can_add_lesion(user, patient: Patient) -> bool:
    return user.is_authenticated and user.has_perm("patients.add_lesion")


def can_edit_lesions(user, patient: Patient) -> bool:
    return user.is_authenticated and user.has_perm("patients.change_lesion")


def can_delete_lesion(user, patient: Patient) -> bool:
    return user.is_authenticated and user.has_perm("patients.delete_lesion")


def _allowed(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def patient_for_reading(user, pk: int) -> Patient:
    patient = get_object_or_404(Patient.objects.select_related("referring_clinician"), pk=pk)
    _allowed(can_view_patient(user, patient))
    return patient


def patient_for_writing(user, pk: int) -> Patient:
    patient = get_object_or_404(Patient, pk=pk)
    _allowed(can_edit_patient(user, patient))
    return patient


def record_for_writing(user, patient_pk: int, model: type[models.Model],
                       pk: int) -> tuple[Patient, models.Model]:
    """A dated record (measurement, treatment...) of the patient in the URL, and the patient."""
    patient = patient_for_writing(user, patient_pk)
    return patient, get_object_or_404(model, pk=pk, patient=patient)


def patient_for_adding_lesion(user, pk: int) -> Patient:
    patient = get_object_or_404(Patient, pk=pk)
    _allowed(can_add_lesion(user, patient))
    return patient


def lesion_for_reading(user, patient_pk: int, pk: int) -> Lesion:
    lesion = get_object_or_404(
        Lesion.objects.select_related("patient__referring_clinician"), pk=pk,
        patient_id=patient_pk,
    )
    _allowed(can_view_lesions(user, lesion.patient))
    return lesion


def lesion_for_writing(user, patient_pk: int, pk: int) -> Lesion:
    lesion = get_object_or_404(Lesion.objects.select_related("patient"), pk=pk,
                               patient_id=patient_pk)
    _allowed(can_edit_lesions(user, lesion.patient))
    return lesion


def lesion_for_deleting(user, patient_pk: int, pk: int) -> Lesion:
    lesion = get_object_or_404(Lesion.objects.select_related("patient"), pk=pk,
                               patient_id=patient_pk)
    _allowed(can_delete_lesion(user, lesion.patient))
    return lesion
