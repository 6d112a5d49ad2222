"""Reads of the access log."""

from django.db.models import QuerySet

from audit.models import AccessEvent


def patient_accesses(patient_id: int) -> QuerySet[AccessEvent]:
    """Every recorded access to the patient, newest first."""
    return AccessEvent.objects.filter(patient_id=patient_id).select_related("user")


def patient_reference(patient_id: int) -> str:
    """The IPP the log froze for the patient (the latest one), or "" when none was."""
    return (AccessEvent.objects.filter(patient_id=patient_id).exclude(patient_ref="")
            .values_list("patient_ref", flat=True).first() or "")
