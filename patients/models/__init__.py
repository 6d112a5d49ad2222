"""Patient records: identity, oncology, measurements, treatments, risk factors and lesions."""

from patients.models.choices import YesNoUnknown
from patients.models.lesion import Lesion
from patients.models.local_treatment import LocalTreatment, LocalTreatmentKind
from patients.models.patient import MolecularMarker, Patient
from patients.models.records import (
    AntiresorptiveInjection,
    AntiresorptiveTreatment,
    Antithrombotic,
    DentalAssessment,
    Measurement,
    OrthopaedicImplant,
    SkeletalEvent,
    SystemicTreatment,
)
from patients.models.vocabulary import Drug

__all__ = [
    "AntiresorptiveInjection",
    "AntiresorptiveTreatment",
    "Antithrombotic",
    "DentalAssessment",
    "Drug",
    "Lesion",
    "LocalTreatment",
    "LocalTreatmentKind",
    "Measurement",
    "MolecularMarker",
    "OrthopaedicImplant",
    "Patient",
    "SkeletalEvent",
    "SystemicTreatment",
    "YesNoUnknown",
]
