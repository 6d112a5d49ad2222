"""Generated dated records: measurements, systemic and anti-resorptive treatments.

Measurement values are drawn around typical adult values and kept inside the plausibility
bounds the forms enforce (patients/measurement_ranges.py). Drugs come from the Drug
vocabulary loaded by migration, chosen by primary cancer. Injection doses are left blank:
doses are the referential's business, not this generator's.
"""

import datetime as dt
import random
from decimal import Decimal

from patients.measurement_ranges import PLAUSIBLE_RANGES
from patients.models import (
    AntiresorptiveInjection,
    AntiresorptiveTreatment,
    Measurement,
    SystemicTreatment,
)
from patients.models.records import MeasurementKind as Kind
from recommendations.scale_data.patients import MYELOMA

# kind -> (typical mean, spread, how many dated values at most, share of patients measured)
TYPICAL = {
    Kind.WEIGHT: (68, 13, 3, 1.0), Kind.HEIGHT: (167, 9, 1, 1.0),
    Kind.CREATININE: (85, 25, 3, 0.95), Kind.CALCIUM: (2.35, 0.15, 3, 0.9),
    Kind.ALBUMIN: (36, 5, 2, 0.8), Kind.VITAMIN_D: (22, 10, 1, 0.6),
    Kind.PLATELETS: (240000, 70000, 1, 0.5), Kind.PROTHROMBIN: (88, 10, 1, 0.4),
}
# primary -> systemic drug codes (Drug vocabulary, patients migration 0002)
SYSTEMIC_BY_PRIMARY = {
    "breast": ("letrozole", "anastrozole", "tamoxifen", "fulvestrant", "palbociclib",
               "ribociclib", "abemaciclib", "paclitaxel", "capecitabine", "trastuzumab"),
    "prostate": ("enzalutamide", "abiraterone", "leuprorelin", "degarelix", "docetaxel",
                 "cabazitaxel", "olaparib"),
    "lung": ("pembrolizumab", "osimertinib", "carboplatin", "pemetrexed", "alectinib",
             "nivolumab", "durvalumab", "etoposide", "vinorelbine", "atezolizumab"),
    "kidney": ("sunitinib", "cabozantinib", "nivolumab", "ipilimumab", "pembrolizumab"),
    MYELOMA: ("doxorubicin", "etoposide"),
}
DEFAULT_SYSTEMIC = ("carboplatin", "cisplatin", "gemcitabine", "pembrolizumab", "bevacizumab",
                    "docetaxel", "capecitabine")
ANTIRESORPTIVES = {"zoledronic_acid": 60, "denosumab": 35, "pamidronate": 5}  # code: weight
INJECTION_EVERY_DAYS = {"zoledronic_acid": (28, 84), "denosumab": (28, 28),
                        "pamidronate": (28, 28)}


def measurements(rng: random.Random, patient_id: int, today: dt.date) -> list[Measurement]:
    rows = []
    for kind, (mean, spread, most, share) in TYPICAL.items():
        if rng.random() > share:
            continue
        for _ in range(rng.randint(1, most)):
            rows.append(Measurement(patient_id=patient_id, kind=kind,
                                    value=_plausible(kind, rng.gauss(mean, spread)),
                                    measured_on=today - dt.timedelta(days=rng.randint(0, 400))))
    return rows


def _plausible(kind: str, value: float) -> Decimal:
    low, high, _unit = PLAUSIBLE_RANGES[kind]
    return min(max(Decimal(str(round(value, 2))), low), high)


def systemic_treatments(rng: random.Random, patient_id: int, primary: str, today: dt.date,
                        drug_ids: dict[str, int]) -> list[SystemicTreatment]:
    """A stopped earlier line for some, and the current one."""
    codes = SYSTEMIC_BY_PRIMARY.get(primary, DEFAULT_SYSTEMIC)
    current_start = today - dt.timedelta(days=rng.randint(14, 500))
    rows = [SystemicTreatment(
        patient_id=patient_id, drug_id=drug_ids[rng.choice(codes)], start_date=current_start,
        last_dose_date=today - dt.timedelta(days=rng.randint(1, 13)),
        next_dose_date=today + dt.timedelta(days=rng.randint(1, 21)))]
    if rng.random() < 0.5:
        earlier_end = current_start - dt.timedelta(days=rng.randint(14, 60))
        rows.append(SystemicTreatment(
            patient_id=patient_id, drug_id=drug_ids[rng.choice(codes)],
            start_date=earlier_end - dt.timedelta(days=rng.randint(60, 600)),
            last_dose_date=earlier_end, end_date=earlier_end))
    return rows


def antiresorptive(rng: random.Random, patient_id: int, today: dt.date,
                   drug_ids: dict[str, int]) -> tuple[AntiresorptiveTreatment, list] | None:
    """About half the patients: a treatment and its injections (not yet saved: the caller
    inserts the treatments, then sets each injection's treatment)."""
    if rng.random() > 0.55:
        return None
    code = rng.choices(list(ANTIRESORPTIVES), weights=list(ANTIRESORPTIVES.values()))[0]
    start = today - dt.timedelta(days=rng.randint(20, 720))
    shortest, longest = INJECTION_EVERY_DAYS[code]
    days, given = [], start
    while given <= today and len(days) < 12:
        days.append(given)
        given += dt.timedelta(days=rng.randint(shortest, longest))
    treatment = AntiresorptiveTreatment(patient_id=patient_id, drug_id=drug_ids[code],
                                        start_date=start, last_injection_date=days[-1])
    return treatment, [AntiresorptiveInjection(given_on=day) for day in days]
