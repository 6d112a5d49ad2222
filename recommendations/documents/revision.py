"""The revision of a document's subject: a fingerprint of everything the document shows.

Asking twice for the document of an unchanged subject must reuse the first one (safe to run
twice), while any change (a measurement, a lesion, the agenda's order, a new referential,
another day: the engine's results depend on the date) must give a new document. The records
all keep a history (django-simple-history), so "the latest change" is one aggregate per
table. A valid proposal never changes: its revision is its version.
"""

import hashlib

from django.db.models import Max
from django.utils import timezone

from patients import models as patient_models
from recommendations.models import Case, DocumentKind, Meeting, Proposal
from scoring.models import Referential, ReferentialStatus

# The patient's records a case summary (and the engine behind it) reads.
PATIENT_RECORDS = (
    patient_models.MolecularMarker, patient_models.Lesion, patient_models.Measurement,
    patient_models.SkeletalEvent, patient_models.SystemicTreatment,
    patient_models.Antithrombotic, patient_models.AntiresorptiveTreatment,
    patient_models.DentalAssessment, patient_models.OrthopaedicImplant,
)


def _latest(model, **lookup) -> str:
    stamp = model.history.filter(**lookup).aggregate(latest=Max("history_date"))["latest"]
    return stamp.isoformat() if stamp else "-"


def _patients_stamp(patient_ids: list[int]) -> list[str]:
    parts = [_latest(patient_models.Patient, id__in=patient_ids)]
    parts += [_latest(model, patient_id__in=patient_ids) for model in PATIENT_RECORDS]
    return parts


def _engine_stamp() -> list[str]:
    active = (Referential.objects.filter(status=ReferentialStatus.ACTIVE)
              .values_list("version", flat=True).first())
    return [f"referential:{active or '-'}", f"day:{timezone.localdate().isoformat()}"]


def _cases_stamp(case_ids: list[int], patient_ids: list[int]) -> list[str]:
    return [_latest(Case, id__in=case_ids), *_patients_stamp(patient_ids)]


def _meeting_stamp(meeting: Meeting) -> tuple[list[str], list[int], list[int]]:
    cases = list(meeting.cases.values_list("pk", "patient_id"))
    case_ids = [pk for pk, _patient in cases]
    patient_ids = [patient for _pk, patient in cases]
    parts = [f"meeting:{meeting.pk}", _latest(Meeting, id=meeting.pk),
             _latest(Case, meeting_id=meeting.pk), _latest(Case, id__in=case_ids),
             f"cases:{sorted(case_ids)}"]
    return parts, case_ids, patient_ids


def revision_of(kind: str, subject) -> str:
    """The subject's revision for a document of this kind (64 hexadecimal characters)."""
    if kind == DocumentKind.PROPOSAL:
        assert isinstance(subject, Proposal)
        parts = [f"proposal:{subject.pk}", f"version:{subject.version}"]
    elif kind == DocumentKind.CASE_SUMMARY:
        assert isinstance(subject, Case)
        parts = [f"case:{subject.pk}", *_cases_stamp([subject.pk], [subject.patient_id]),
                 *_engine_stamp()]
    else:
        assert isinstance(subject, Meeting)
        parts, case_ids, patient_ids = _meeting_stamp(subject)
        parts += _patients_stamp(patient_ids)
        if kind == DocumentKind.BOOKLET:
            parts += _engine_stamp()
    return hashlib.sha256("|".join([kind, *parts]).encode()).hexdigest()
