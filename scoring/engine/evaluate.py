"""The whole evaluation of one case: every rule of every topic, per lesion and per patient.

`evaluate_case(case, referential)` is the engine's Python API, used alike by the pages, the
`evaluate` command and the API. It only composes the topic modules; each decides by itself
and explains itself.
"""

from dataclasses import dataclass
from datetime import date

from scoring.engine import (
    ablation,
    antiresorptive,
    bilsky,
    cementoplasty,
    emergency,
    haemorrhagic,
    mirels,
    noms,
    oligometastatic,
    radiosensitisation,
    radiotherapy,
    renal,
    sins,
    surgical,
    tokuhashi,
    tomita,
    vitamin_d,
)
from scoring.engine.facts import CaseFacts, LesionFacts, PatientFacts
from scoring.engine.referential import Referential
from scoring.engine.results import Eligibility, Result, Score

SPINE = "spine"


@dataclass(frozen=True)
class LesionResult:
    lesion_id: str
    site: str
    region: str
    mirels: Score | None
    sins: Score | None
    bilsky: Result | None
    surgical_opinion: object
    cementoplasty: Eligibility
    thermal_ablation: Eligibility
    radiotherapy: object
    noms: object | None


@dataclass(frozen=True)
class CaseResult:
    referential_version: str
    referential_label: str
    reference_date: date
    clearance: Result
    zoledronic_acid_dose: Result
    antiresorptive: object
    vitamin_d: object
    procedure_preparation: object
    radiotherapy_planning: object
    oligometastatic: object
    spinal_cord_compression: object
    tokuhashi: Score | None
    tomita: Score | None
    lesions: tuple[LesionResult, ...]


def creatinine_clearance(patient: PatientFacts, referential: Referential) -> Result:
    weight, creatinine = patient.latest("weight"), patient.latest("creatinine")
    renal_facts = renal.RenalFacts(
        age_years=patient.age_years,
        sex=patient.sex,
        weight_kg=weight.value if weight else None,
        creatinine_umol_l=creatinine.value if creatinine else None,
    )
    return renal.creatinine_clearance(renal_facts, referential["cockcroft_gault"])


def evaluate_lesion(case: CaseFacts, lesion: LesionFacts, referential: Referential,
                    oligo, compression) -> LesionResult:
    patient = case.patient
    mirels_score = mirels.score_mirels(lesion, referential["mirels"])
    sins_score = sins.score_sins(lesion, referential["sins"])
    is_spine = lesion.region == SPINE
    bilsky_result = bilsky.bilsky_grade(lesion, referential["bilsky"]) if is_spine else None
    return LesionResult(
        lesion_id=lesion.id,
        site=lesion.site,
        region=lesion.region,
        mirels=mirels_score,
        sins=sins_score,
        bilsky=bilsky_result,
        surgical_opinion=surgical.surgical_opinion(
            lesion, mirels_score, sins_score, referential["surgical_opinion"],
            compression=bool(compression.present) and lesion.id in compression.lesion_ids),
        cementoplasty=cementoplasty.cementoplasty_eligibility(
            patient, lesion, referential["cementoplasty"]),
        thermal_ablation=ablation.thermal_ablation_eligibility(
            patient, lesion, referential["thermal_ablation"]),
        radiotherapy=radiotherapy.radiotherapy_assessment(
            patient, lesion, mirels_score, sins_score, oligo.sbrt_candidate,
            case.reference_date, referential["radiotherapy"]),
        noms=noms.noms_summary(patient, lesion, bilsky_result, sins_score,
                               referential["noms"]) if is_spine else None,
    )


def evaluate_case(case: CaseFacts, referential: Referential) -> CaseResult:
    patient = case.patient
    clearance = creatinine_clearance(patient, referential)
    oligo = oligometastatic.oligometastatic_status(patient, referential["oligometastatic"])
    has_spinal_lesion = any(lesion.region == SPINE for lesion in case.lesions)
    compression = emergency.spinal_cord_compression(patient, case.lesions,
                                                    referential["emergency"])
    return CaseResult(
        referential_version=referential.version,
        referential_label=referential.label,
        reference_date=case.reference_date,
        clearance=clearance,
        zoledronic_acid_dose=antiresorptive.zoledronic_acid_dose(
            clearance, referential["zoledronic_acid_dose"]),
        antiresorptive=antiresorptive.antiresorptive_plan(
            patient, clearance, oligo.oligometastatic, case.reference_date,
            referential["antiresorptive"], referential["zoledronic_acid_dose"],
            lesions=case.lesions,
            compression_lesion_ids=compression.lesion_ids if compression.present else ()),
        vitamin_d=vitamin_d.vitamin_d_plan(patient, case.reference_date,
                                           referential["vitamin_d"]),
        procedure_preparation=haemorrhagic.procedure_preparation(
            patient, case.planned.procedure_date, referential["haemorrhagic_risk"],
            reference_date=case.reference_date),
        radiotherapy_planning=radiosensitisation.radiotherapy_windows(
            patient, case.planned, referential["radiosensitisation"],
            reference_date=case.reference_date),
        oligometastatic=oligo,
        spinal_cord_compression=compression,
        tokuhashi=tokuhashi.tokuhashi_score(patient, case.lesions, referential["tokuhashi"])
        if has_spinal_lesion else None,
        tomita=tomita.tomita_score(patient, referential["tomita"])
        if has_spinal_lesion else None,
        lesions=tuple(evaluate_lesion(case, lesion, referential, oligo, compression)
                      for lesion in case.lesions),
    )
