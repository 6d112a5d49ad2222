"""The facts the engine reads: one patient, their lesions, planned dates, a reference date.

Plain frozen dataclasses, filled by the Django adapter (`scoring.adapters`) from the records,
or by the JSON case reader (`scoring.case_json`). None always means "not known": the rules
report it as missing and never read it as "no". Codes are those of the patients app's
vocabularies (sites, choices, drug codes). Anatomy is resolved before the engine: a lesion
carries its region, spine level and limb.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class Measurement:
    value: Decimal
    measured_on: date


@dataclass(frozen=True)
class SystemicTreatment:
    drug_code: str
    start_date: date | None = None
    last_dose_date: date | None = None
    next_dose_date: date | None = None
    end_date: date | None = None  # None: ongoing


@dataclass(frozen=True)
class Antithrombotic:
    drug_code: str
    daily_dose_mg: Decimal | None = None


@dataclass(frozen=True)
class Antiresorptive:
    drug_code: str  # "zoledronic_acid", "denosumab", "pamidronate"
    start_date: date | None = None
    last_injection_date: date | None = None
    end_date: date | None = None  # None: ongoing


@dataclass(frozen=True)
class DentalAssessment:
    assessed_on: date
    result: str  # "fit", "care_needed", "care_done"
    panoramic_xray: bool = False
    extraction_date: date | None = None
    dentist_clearance_date: date | None = None


@dataclass(frozen=True)
class SkeletalEvent:
    kind: str  # "fracture", "cord_compression", "radiotherapy", "surgery", "hypercalcaemia"
    occurred_on: date


@dataclass(frozen=True)
class Implant:
    site: str
    side: str = ""
    region: str = ""


@dataclass(frozen=True)
class LesionFacts:
    id: str  # how results name the lesion (its pk, or the JSON case's id)
    site: str  # skeleton code, e.g. "t11", "femur_trochanteric"
    region: str  # "spine", "long_bone", "pelvis", "thorax", "shoulder_girdle", "skull"
    spine_level: int | None = None  # 0 = C0 ... (skeleton order)
    limb: str = ""  # "upper"/"lower" for long bones
    segment: str = ""  # long-bone segment, e.g. "trochanteric"
    side: str = ""
    lesion_type: str | None = None  # "lytic", "mixed", "blastic"
    size_mm: int | None = None
    pain: str | None = None  # "none", "mild", "moderate", "functional"
    pain_mechanical: bool | None = None
    pain_controlled_by_analgesics: bool | None = None
    cortical_involvement: str | None = None  # "lt_1_3", "1_3_to_2_3", "gt_2_3"
    alignment: str | None = None  # "normal", "deformity", "subluxation"
    collapse: str | None = None  # "none", "none_gt50_body", "lt50", "gt50"
    posterolateral: str | None = None  # "none", "unilateral", "bilateral"
    epidural_extension: bool | None = None
    bilsky_grade: str | None = None  # "0", "1a", "1b", "1c", "2", "3"
    neurological_deficit: str | None = None  # "none", "radiculopathy", "incomplete", "complete"
    frankel_grade: str | None = None  # "A".."E"
    soft_tissue_extension: bool | None = None
    fracture_status: str | None = None  # "none", "impending", "stable", "unstable"
    prior_radiotherapy_date: date | None = None
    prior_radiotherapy_dose_gy: Decimal | None = None
    prior_radiotherapy_fractions: int | None = None
    surgery_date: date | None = None  # surgery at this site, for post-operative radiotherapy


@dataclass(frozen=True)
class PatientFacts:
    age_years: int | None = None
    sex: str | None = None  # "F", "M"
    primary_site: str | None = None  # "lung", "breast", ... "unknown_primary", "other"
    histology: str | None = None
    disease_status: str | None = None  # "controlled", "progressing"
    visceral_metastases: str | None = None  # "none", "treatable", "untreatable"
    bone_metastasis_count: int | None = None
    vertebral_metastasis_count: int | None = None  # vertebral bodies involved
    ecog: int | None = None
    karnofsky: int | None = None
    life_expectancy: str | None = None  # "lt3m", "3to6m", "6to12m", "gt12m"
    implanted_electronic_device: bool | None = None
    cement_allergy: bool | None = None
    active_infection: bool | None = None
    coagulation_disorder: bool | None = None
    # latest value of each kind: "weight", "height", "creatinine", "calcium", "albumin",
    # "vitamin_d", "platelets", "prothrombin"
    measurements: dict[str, Measurement] = field(default_factory=dict)
    systemic_treatments: tuple[SystemicTreatment, ...] = ()
    antithrombotics: tuple[Antithrombotic, ...] = ()
    antiresorptives: tuple[Antiresorptive, ...] = ()
    dental_assessments: tuple[DentalAssessment, ...] = ()  # newest first
    skeletal_events: tuple[SkeletalEvent, ...] = ()
    implants: tuple[Implant, ...] = ()

    def latest(self, kind: str) -> Measurement | None:
        return self.measurements.get(kind)


@dataclass(frozen=True)
class PlannedDates:
    procedure_date: date | None = None  # cementoplasty, ablation, surgery
    radiotherapy_date: date | None = None
    emergency: bool = False  # an emergency overrides the checkpoint-inhibitor window


@dataclass(frozen=True)
class CaseFacts:
    patient: PatientFacts
    lesions: tuple[LesionFacts, ...]
    reference_date: date
    planned: PlannedDates = field(default_factory=PlannedDates)
