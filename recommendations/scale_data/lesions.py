"""Generated bone lesions on the skeleton vocabulary, with the findings their site asks.

Spine lesions carry the SINS items (alignment, collapse, posterolateral involvement,
epidural extension with a Bilsky grade that agrees, a Frankel grade that agrees with the
neurology); long-bone lesions carry the cortical involvement; other sites neither
(patients.models.lesion.APPLICABLE_FIELDS). A few findings are left blank, as in real
records: the engine reports them as missing.
"""

import datetime as dt
import random

from patients import skeleton
from patients.models import Lesion
from patients.models.lesion import (
    Alignment,
    BiopsyStatus,
    Collapse,
    CorticalInvolvement,
    FractureStatus,
    ImagingModality,
    LesionType,
    Neurology,
    Pain,
    Posterolateral,
)
from recommendations.scale_data.patients import MYELOMA

REGION_WEIGHTS = {skeleton.SPINE: 45, skeleton.PELVIS: 20, skeleton.LONG_BONE: 15,
                  skeleton.THORAX: 12, skeleton.SHOULDER_GIRDLE: 5, skeleton.SKULL: 3}
SITES_BY_REGION = {region: [site for site in skeleton.SITES if site.region == region]
                   for region in REGION_WEIGHTS}
# primary -> weights of (lytic, mixed, blastic)
LOOK_BY_PRIMARY = {"prostate": (5, 15, 80), "breast": (45, 35, 20), "kidney": (95, 5, 0),
                   "thyroid": (90, 10, 0), MYELOMA: (100, 0, 0)}
DEFAULT_LOOK = (70, 25, 5)
# Neurology -> Frankel grades that agree with it
FRANKEL_BY_NEUROLOGY = {Neurology.NONE: "E", Neurology.RADICULOPATHY: "DE",
                        Neurology.INCOMPLETE: "CD", Neurology.COMPLETE: "AB"}


def lesion_count(rng: random.Random) -> int:
    """About five per patient, from one to twelve."""
    return min(max(round(rng.gauss(5, 2)), 1), 12)


def distinct_sites(rng: random.Random, count: int) -> list[skeleton.Site]:
    regions = rng.choices(list(REGION_WEIGHTS), weights=list(REGION_WEIGHTS.values()), k=count)
    chosen = {}
    for region in regions:
        site = rng.choice(SITES_BY_REGION[region])
        chosen.setdefault(site.code, site)
    return list(chosen.values())


def lesion_fields(rng: random.Random, site: skeleton.Site, primary: str,
                  today: dt.date) -> dict:
    """Every field of one lesion but its patient."""
    imaged = today - dt.timedelta(days=rng.randint(3, 120))
    fields = {
        "site": site.code, "side": rng.choice(("left", "right")) if site.lateral else "",
        "lesion_type": rng.choices(list(LesionType),
                                   weights=LOOK_BY_PRIMARY.get(primary, DEFAULT_LOOK))[0],
        "size_mm": rng.randint(8, 70), "pain": rng.choice(list(Pain)),
        "pain_mechanical": rng.choices(("yes", "no", ""), weights=(35, 55, 10))[0],
        "pain_controlled_by_analgesics": rng.choices(("yes", "no", ""), weights=(60, 25, 15))[0],
        "neurological_deficit": Neurology.NONE,
        "soft_tissue_extension": rng.choices(("no", "yes", ""), weights=(70, 20, 10))[0],
        "fracture_status": rng.choices(list(FractureStatus), weights=(75, 12, 8, 5))[0],
        "imaging_modality": rng.choice(list(ImagingModality)), "imaging_date": imaged,
        "biopsy": rng.choices(list(BiopsyStatus), weights=(80, 18, 2))[0],
    }
    if fields["biopsy"] != BiopsyStatus.NOT_DONE:
        fields["biopsy_date"] = imaged - dt.timedelta(days=rng.randint(1, 30))
    if site.region == skeleton.SPINE:
        fields.update(_spine_findings(rng))
    elif site.region == skeleton.LONG_BONE:
        fields["cortical_involvement"] = rng.choices(
            [*CorticalInvolvement, ""], weights=(50, 30, 15, 5))[0]
    if rng.random() < 0.15:
        fields.update(_prior_radiotherapy(rng, today))
    return fields


def _spine_findings(rng: random.Random) -> dict:
    neurology = rng.choices(list(Neurology), weights=(80, 10, 8, 2))[0]
    epidural = rng.choices(("no", "yes"), weights=(70, 30))[0]
    bilsky = rng.choice(("1a", "1b", "1c", "2", "3")) if epidural == "yes" else "0"
    return {
        "alignment": rng.choices(list(Alignment), weights=(85, 10, 5))[0],
        "collapse": rng.choices(list(Collapse), weights=(55, 15, 20, 10))[0],
        "posterolateral": rng.choices(list(Posterolateral), weights=(60, 30, 10))[0],
        "epidural_extension": epidural, "bilsky_grade": bilsky,
        "neurological_deficit": neurology,
        "frankel_grade": rng.choice(FRANKEL_BY_NEUROLOGY[neurology]),
    }


def _prior_radiotherapy(rng: random.Random, today: dt.date) -> dict:
    dose, fractions = rng.choice(((8, 1), (20, 5), (30, 10)))
    return {"prior_radiotherapy_date": today - dt.timedelta(days=rng.randint(60, 900)),
            "prior_radiotherapy_dose_gy": dose, "prior_radiotherapy_fractions": fractions}


def new_lesion(patient_id: int, fields: dict, created) -> Lesion:
    return Lesion(patient_id=patient_id, created_at=created, updated_at=created, **fields)
