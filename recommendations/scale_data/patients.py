"""Generated patients: identity and oncological history with a realistic case mix.

The case mix of bone metastases (breast, prostate and lung first; kidney, thyroid, myeloma
after) drives the sexes, ages, histologies and, further on, the lesions' look and the
systemic treatments.
"""

import datetime as dt
import random
from dataclasses import dataclass

from patients.models import Patient
from patients.models.patient import (
    DiseaseStatus,
    Histology,
    LifeExpectancy,
    PrimarySite,
    VisceralMetastases,
)
from recommendations.scale_data.names import FAMILY_NAMES, FEMALE_GIVEN_NAMES, MALE_GIVEN_NAMES
from recommendations.scale_data.plan import ScalePlan

MYELOMA = "myeloma"  # recorded as "other" with its detail: not a solid primary site

# primary -> (weight, share of women, mean age, histologies)
CASE_MIX = {
    PrimarySite.BREAST: (30, 0.99, 62, (Histology.DUCTAL, Histology.DUCTAL, Histology.LOBULAR)),
    PrimarySite.PROSTATE: (24, 0.0, 72, (Histology.ADENOCARCINOMA,)),
    PrimarySite.LUNG: (19, 0.4, 66, (Histology.ADENOCARCINOMA, Histology.ADENOCARCINOMA,
                                     Histology.SQUAMOUS, Histology.SMALL_CELL)),
    PrimarySite.KIDNEY: (6, 0.35, 65, (Histology.CLEAR_CELL,)),
    MYELOMA: (5, 0.45, 69, (Histology.OTHER,)),
    PrimarySite.THYROID: (3, 0.65, 60, (Histology.OTHER,)),
    PrimarySite.COLORECTAL: (3, 0.45, 67, (Histology.ADENOCARCINOMA,)),
    PrimarySite.BLADDER: (2, 0.25, 71, (Histology.OTHER,)),
    PrimarySite.UNKNOWN_PRIMARY: (3, 0.5, 68, (Histology.ADENOCARCINOMA, Histology.OTHER)),
    PrimarySite.MELANOMA: (1, 0.45, 60, (Histology.OTHER,)),
    PrimarySite.LIVER: (1, 0.25, 66, (Histology.OTHER,)),
    PrimarySite.STOMACH: (1, 0.35, 66, (Histology.ADENOCARCINOMA,)),
    PrimarySite.UTERUS: (1, 1.0, 64, (Histology.ADENOCARCINOMA,)),
}
ECOG_WEIGHTS = (25, 35, 22, 13, 5)
KARNOFSKY_BY_ECOG = ((90, 100), (70, 80), (50, 60), (30, 40), (10, 20))
LIFE_EXPECTANCY_BY_ECOG = (LifeExpectancy.OVER_12_MONTHS, LifeExpectancy.OVER_12_MONTHS,
                           LifeExpectancy.MONTHS_6_TO_12, LifeExpectancy.MONTHS_3_TO_6,
                           LifeExpectancy.UNDER_3_MONTHS)


@dataclass(frozen=True)
class PatientSketch:
    """What later steps need of a patient, without keeping its whole row in memory."""

    pk: int
    primary: str  # a CASE_MIX key
    referrer_id: int
    lesion_ids: tuple[int, ...] = ()


def pick_primary(rng: random.Random) -> str:
    return rng.choices(list(CASE_MIX), weights=[mix[0] for mix in CASE_MIX.values()])[0]


def new_patient(rng: random.Random, plan: ScalePlan, number: int, primary: str,
                referrer_id: int) -> Patient:
    _weight, women, mean_age, histologies = CASE_MIX[primary]
    female = rng.random() < women
    age_days = int(min(max(rng.gauss(mean_age, 10), 25), 98) * 365.25)
    ecog = rng.choices(range(5), weights=ECOG_WEIGHTS)[0]
    diagnosed = plan.today - dt.timedelta(days=rng.randint(30, 8 * 365))
    created = dt.datetime.combine(plan.today - dt.timedelta(days=rng.randint(0, 3 * 365)),
                                  dt.time(9), tzinfo=dt.UTC)
    return Patient(
        ipp=plan.ipp(number), family_name=rng.choice(FAMILY_NAMES),
        given_name=rng.choice(FEMALE_GIVEN_NAMES if female else MALE_GIVEN_NAMES),
        birth_date=plan.today - dt.timedelta(days=age_days), sex="F" if female else "M",
        referring_clinician_id=referrer_id,
        primary_site=PrimarySite.OTHER if primary == MYELOMA else primary,
        primary_site_detail="Myélome multiple" if primary == MYELOMA else "",
        histology=rng.choice(histologies), diagnosis_date=diagnosed,
        disease_status=rng.choice((DiseaseStatus.CONTROLLED, DiseaseStatus.PROGRESSING)),
        visceral_metastases=rng.choices(list(VisceralMetastases), weights=(50, 30, 20))[0],
        ecog=ecog, karnofsky=rng.choice(KARNOFSKY_BY_ECOG[ecog]),
        life_expectancy=LIFE_EXPECTANCY_BY_ECOG[ecog],
        implanted_electronic_device=rng.choices(("no", "yes", ""), weights=(85, 5, 10))[0],
        cement_allergy=rng.choices(("no", "yes", ""), weights=(80, 1, 19))[0],
        active_infection=rng.choices(("no", "yes", ""), weights=(88, 2, 10))[0],
        coagulation_disorder=rng.choices(("no", "yes", ""), weights=(85, 3, 12))[0],
        created_at=created, updated_at=created)
