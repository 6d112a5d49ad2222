"""The patients and everything recorded about them, inserted chunk by chunk.

A chunk of patients is planned in memory (lesion sites first: the patient's metastasis
counts follow from them), inserted, then its lesions and records; only a small sketch of
each patient is kept for the cases, so memory stays flat at 100,000 patients.
"""

import datetime as dt
import random

from patients import skeleton
from patients.models import (
    AntiresorptiveInjection,
    AntiresorptiveTreatment,
    Drug,
    Lesion,
    Measurement,
    Patient,
    SystemicTreatment,
)
from recommendations.scale_data import lesions, records
from recommendations.scale_data.bulk import BATCH_SIZE, insert
from recommendations.scale_data.patients import PatientSketch, new_patient, pick_primary
from recommendations.scale_data.plan import ScalePlan

CHUNK = BATCH_SIZE


def generate_population(rng: random.Random, plan: ScalePlan,
                        referrer_ids: list[int]) -> list[PatientSketch]:
    drug_ids = dict(Drug.objects.values_list("code", "pk"))
    sketches = []
    last = plan.first_number + plan.patients
    for start in range(plan.first_number, last, CHUNK):
        numbers = range(start, min(start + CHUNK, last))
        sketches += _chunk(rng, plan, numbers, referrer_ids, drug_ids)
    return sketches


def _chunk(rng: random.Random, plan: ScalePlan, numbers: range, referrer_ids: list[int],
           drug_ids: dict[str, int]) -> list[PatientSketch]:
    planned = []
    for number in numbers:
        primary = pick_primary(rng)
        sites = lesions.distinct_sites(rng, lesions.lesion_count(rng))
        patient = new_patient(rng, plan, number, primary, rng.choice(referrer_ids))
        spine = sum(site.region == skeleton.SPINE for site in sites)
        patient.vertebral_metastasis_count = spine
        patient.bone_metastasis_count = len(sites) + rng.choice((0, 0, 0, 1, 2, 5))
        planned.append((patient, primary, sites))
    insert(Patient, [patient for patient, _primary, _sites in planned])
    lesion_rows = [lesions.new_lesion(patient.pk, lesions.lesion_fields(rng, site, primary,
                                                                        plan.today),
                                      patient.created_at)
                   for patient, primary, sites in planned for site in sites]
    insert(Lesion, lesion_rows)
    _records(rng, plan.today, [(p.pk, primary) for p, primary, _s in planned], drug_ids)
    lesion_ids = {}
    for lesion in lesion_rows:
        lesion_ids.setdefault(lesion.patient_id, []).append(lesion.pk)
    return [PatientSketch(patient.pk, primary, patient.referring_clinician_id,
                          tuple(lesion_ids[patient.pk]))
            for patient, primary, _sites in planned]


def _records(rng: random.Random, today: dt.date, patients: list[tuple[int, str]],
             drug_ids: dict[str, int]) -> None:
    measured, systemic, treatments, injections = [], [], [], []
    for patient_id, primary in patients:
        measured += records.measurements(rng, patient_id, today)
        systemic += records.systemic_treatments(rng, patient_id, primary, today, drug_ids)
        planned = records.antiresorptive(rng, patient_id, today, drug_ids)
        if planned:
            treatments.append(planned[0])
            injections.append(planned[1])
    insert(Measurement, measured)
    insert(SystemicTreatment, systemic)
    insert(AntiresorptiveTreatment, treatments)
    for treatment, its_injections in zip(treatments, injections, strict=True):
        for injection in its_injections:
            injection.treatment_id = treatment.pk
    insert(AntiresorptiveInjection, [i for its in injections for i in its])
