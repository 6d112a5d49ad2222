"""Scale data already in the database: whether there is any, where an appended run starts,
and how --reset removes it.

Removal deletes with one statement per table (`_raw_delete`: no per-row signals, no
history rows, as the insertion), children first, since the foreign keys do not cascade in
the database. Valid proposals and signatures are protected by triggers
(recommendations/immutable_records.py): they are lifted for the removal, inside its
transaction, and put back before it commits. The generated staff accounts stay, for the
next run.
"""

from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Max

from patients.models import (
    AntiresorptiveInjection,
    AntiresorptiveTreatment,
    Antithrombotic,
    DentalAssessment,
    Lesion,
    LocalTreatment,
    Measurement,
    MolecularMarker,
    OrthopaedicImplant,
    Patient,
    SkeletalEvent,
    SystemicTreatment,
)
from recommendations import immutable_records
from recommendations.models import (
    Attendance,
    Case,
    CaseAttachment,
    Document,
    Meeting,
    Proposal,
    Signature,
    WorkflowEvent,
)
from recommendations.scale_data.plan import IPP_PREFIX, PLACE_PREFIX

PATIENT_RECORDS = (MolecularMarker, Measurement, SkeletalEvent, SystemicTreatment,
                   Antithrombotic, DentalAssessment, OrthopaedicImplant, LocalTreatment)


def holds_scale_data() -> bool:
    return Patient.objects.filter(ipp__startswith=IPP_PREFIX).exists()


def next_patient_number() -> int:
    last = Patient.objects.filter(ipp__startswith=IPP_PREFIX).aggregate(last=Max("ipp"))["last"]
    return int(last.removeprefix(IPP_PREFIX)) + 1 if last else 1


def delete_scale_data() -> None:
    patients = Patient.objects.filter(ipp__startswith=IPP_PREFIX)
    meetings = Meeting.objects.filter(place__startswith=PLACE_PREFIX)
    cases = Case.objects.filter(patient__in=patients)
    proposals = Proposal.objects.filter(case__in=cases)
    with transaction.atomic(), _without_immutability_triggers():
        for model, subjects in ((Case, cases), (Proposal, proposals)):
            _delete(WorkflowEvent.objects.filter(
                content_type=ContentType.objects.get_for_model(model),
                object_id__in=subjects.values("pk")))
        _delete(Document.objects.filter(case__in=cases) | Document.objects.filter(
            proposal__in=proposals) | Document.objects.filter(meeting__in=meetings))
        _delete(Signature.objects.filter(proposal__in=proposals))
        _delete(proposals)
        _delete(Case.lesions.through.objects.filter(case__in=cases))
        _delete(Case.co_owners.through.objects.filter(case__in=cases))
        _delete(CaseAttachment.objects.filter(case__in=cases))
        _delete(cases)
        _delete(Attendance.objects.filter(meeting__in=meetings))
        _delete(meetings)
        for model in PATIENT_RECORDS:
            _delete(model.objects.filter(patient__in=patients))
        _delete(AntiresorptiveInjection.objects.filter(treatment__patient__in=patients))
        _delete(AntiresorptiveTreatment.objects.filter(patient__in=patients))
        _delete(Lesion.objects.filter(patient__in=patients))
        _delete(patients)


def _delete(queryset) -> None:
    queryset._raw_delete(queryset.db)


@contextmanager
def _without_immutability_triggers():
    """Plain statements, not a schema editor: SQLite's refuses to run inside a transaction."""
    postgresql = connection.vendor == "postgresql"
    _execute(immutable_records.postgresql_remove() if postgresql
             else immutable_records.sqlite_remove())
    try:
        yield
    finally:
        _execute(immutable_records.postgresql_install() if postgresql
                 else immutable_records.sqlite_install(_columns(Proposal), _columns(Document)))


def _execute(statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _columns(model) -> list[str]:
    return [field.column for field in model._meta.concrete_fields]
