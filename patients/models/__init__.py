"""Patient records: identity, oncology, measurements, treatments, risk factors and lesions."""

from patients.models.choices import YesNoUnknown
from patients.models.lesion import Lesion
from patients.models.patient import MolecularMarker, Patient
from patients.models.records import (
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
    "AntiresorptiveTreatment",
    "Antithrombotic",
    "DentalAssessment",
    "Drug",
    "Lesion",
    "Measurement",
    "MolecularMarker",
    "OrthopaedicImplant",
    "Patient",
    "SkeletalEvent",
    "SystemicTreatment",
    "YesNoUnknown",
]
