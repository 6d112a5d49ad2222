"""Oligometastatic status: two named thresholds, as the sources' README decides.

- "oligometastatic" (004): at most 5 metastases, all sites counted. The records count bone
  metastases only, so the bone count is the total only without visceral metastases; with
  visceral metastases the total is unknown (reported missing) unless the bone count alone
  already exceeds the threshold.
- "SBRT candidate" (000 question 13, indication 5): 1 to 3 bone metastases, a controlled
  primary and no other metastasis.

Both counts are bands with explicit bounds (is 5 in? is 3 in?), stored in the referential.
"""

from dataclasses import dataclass

from scoring.engine.bands import Band, find_band, parse_bands
from scoring.engine.facts import PatientFacts
from scoring.engine.referential import ReferentialError
from scoring.engine.results import Missing, Reason

RULE_OLIGO = "oligometastatic.threshold"
RULE_SBRT = "oligometastatic.sbrt_candidate"

DISEASE_STATUS = {"controlled": ("contrôlée", "controlled"),
                  "progressing": ("en progression", "progressing")}
VISCERAL = {"none": ("aucune", "none"),
            "treatable": ("présentes, traitables", "present, treatable"),
            "untreatable": ("présentes, non traitables", "present, untreatable")}

MISSING_BONE_COUNT = Missing("bone_metastasis_count", "nombre de métastases osseuses",
                             "number of bone metastases")
MISSING_VISCERAL = Missing("visceral_metastases", "métastases viscérales", "visceral metastases")
MISSING_DISEASE = Missing("disease_status", "statut de la maladie", "disease status")
MISSING_TOTAL = Missing("total_metastasis_count",
                        "nombre total de métastases (viscérales comprises)",
                        "total number of metastases (visceral included)")


@dataclass(frozen=True)
class OligometastaticTable:
    bands: tuple[Band, ...]  # total metastasis count; "qualifies": oligometastatic
    bone_count_is_total: tuple[str, ...]  # visceral codes for which bone count = total
    sbrt_bands: tuple[Band, ...]  # bone metastasis count; "qualifies": in the SBRT range
    sbrt_disease_status: tuple[str, ...]
    sbrt_visceral: tuple[str, ...]
    sbrt_source: str


@dataclass(frozen=True)
class OligometastaticStatus:
    oligometastatic: bool | None
    sbrt_candidate: bool | None
    reasons: tuple[Reason, ...] = ()
    missing: tuple[Missing, ...] = ()


def parse_oligometastatic(data: dict) -> OligometastaticTable:
    try:
        oligo, sbrt = data["oligometastatic"], data["sbrt_candidate"]
        table = OligometastaticTable(
            bands=_qualifying_bands(oligo["bands"], "oligometastatic"),
            bone_count_is_total=_codes(oligo["bone_count_is_total"], VISCERAL, "visceral"),
            sbrt_bands=_qualifying_bands(sbrt["bands"], "oligometastatic, sbrt_candidate"),
            sbrt_disease_status=_codes(sbrt["disease_status"], DISEASE_STATUS, "disease_status"),
            sbrt_visceral=_codes(sbrt["visceral_metastases"], VISCERAL, "visceral_metastases"),
            sbrt_source=sbrt["source"],
        )
    except (KeyError, TypeError) as error:
        raise ReferentialError(f"oligometastatic: missing or malformed entry ({error}).") from None
    if not isinstance(table.sbrt_source, str) or not table.sbrt_source.strip():
        raise ReferentialError("oligometastatic, sbrt_candidate: every rule must cite its source.")
    _check_prefix(table.bands)
    return table


def _qualifying_bands(rows: list, topic: str) -> tuple[Band, ...]:
    bands = parse_bands(rows, topic)
    for band in bands:
        if not isinstance(band.data.get("qualifies"), bool):
            raise ReferentialError(f"{topic}, band {band.code!r}: 'qualifies' must be true/false.")
    return bands


def _check_prefix(bands: tuple[Band, ...]) -> None:
    """The oligometastatic bands must qualify below and not above: then a bone count alone
    above the threshold settles it even when visceral metastases are not counted."""
    ordered = sorted(bands, key=lambda b: (b.lower is not None, b.lower or 0))
    flags = [band.data["qualifies"] for band in ordered]
    if flags != sorted(flags, reverse=True):
        raise ReferentialError("oligometastatic: qualifying bands must come before the others.")


def _codes(values, known: dict, name: str) -> tuple[str, ...]:
    if not isinstance(values, list) or not values or any(v not in known for v in values):
        raise ReferentialError(f"oligometastatic: {name} must list codes among {sorted(known)}.")
    return tuple(values)


def oligometastatic_status(patient: PatientFacts,
                           table: OligometastaticTable) -> OligometastaticStatus:
    oligo, oligo_reasons, oligo_missing = _oligometastatic(patient, table)
    sbrt, sbrt_reasons, sbrt_missing = _sbrt_candidate(patient, table)
    missing = tuple(dict.fromkeys(oligo_missing + sbrt_missing))
    return OligometastaticStatus(oligometastatic=oligo, sbrt_candidate=sbrt,
                                 reasons=oligo_reasons + sbrt_reasons, missing=missing)


def _oligometastatic(patient: PatientFacts, table: OligometastaticTable):
    count = patient.bone_metastasis_count
    if count is None:
        return None, (), (MISSING_BONE_COUNT,)
    band = find_band(table.bands, count)
    if patient.visceral_metastases in table.bone_count_is_total:
        return band.data["qualifies"], (_oligo_reason(count, band, total=True),), ()
    if not band.data["qualifies"]:  # more bone metastases than allowed in total
        return False, (_oligo_reason(count, band, total=False),), ()
    return None, (), (MISSING_VISCERAL if patient.visceral_metastases is None else MISSING_TOTAL,)


def _oligo_reason(count: int, band: Band, total: bool) -> Reason:
    counted_fr = "métastases au total" if total else "métastases osseuses, sans les viscérales"
    counted_en = "metastases in total" if total else "bone metastases, visceral not counted"
    if band.data["qualifies"]:
        verdict_fr = ("stade oligométastatique : traitements locaux (chirurgie, cimentoplastie, "
                      "radiothérapie stéréotaxique) à discuter")
        verdict_en = ("oligometastatic stage: local treatments (surgery, cementoplasty, "
                      "stereotactic radiotherapy) to discuss")
    else:
        verdict_fr, verdict_en = "pas de stade oligométastatique", "not oligometastatic"
    return Reason(RULE_OLIGO, f"{count} {counted_fr} ({band.describe()}) : {verdict_fr}.",
                  f"{count} {counted_en} ({band.describe()}): {verdict_en}.", band.source)


def _sbrt_candidate(patient: PatientFacts, table: OligometastaticTable):
    """Three criteria; one known failure settles it, an unknown one leaves it open."""
    checks, reasons, missing = [], [], []
    if patient.bone_metastasis_count is None:
        checks.append(None)
        missing.append(MISSING_BONE_COUNT)
    else:
        band = find_band(table.sbrt_bands, patient.bone_metastasis_count)
        checks.append(band.data["qualifies"])
        reasons.append(_count_reason(patient.bone_metastasis_count, band))
    for value, allowed, labels, name, lack in (
        (patient.disease_status, table.sbrt_disease_status, DISEASE_STATUS,
         ("maladie", "disease", "disease_status"), MISSING_DISEASE),
        (patient.visceral_metastases, table.sbrt_visceral, VISCERAL,
         ("métastases viscérales", "visceral metastases", "visceral_metastases"),
         MISSING_VISCERAL),
    ):
        checks.append(None if value is None else value in allowed)
        if value is None:
            missing.append(lack)
        else:
            reasons.append(_criterion_reason(value, allowed, labels, name, table.sbrt_source))
    result = False if False in checks else (None if None in checks else True)
    return result, tuple(reasons), tuple(missing)


def _count_reason(count: int, band: Band) -> Reason:
    met = band.data["qualifies"]
    return Reason(
        f"{RULE_SBRT}.bone_metastasis_count",
        f"Radiothérapie stéréotaxique : {count} métastase(s) osseuse(s) ({band.describe()}), "
        f"critère {'rempli' if met else 'non rempli'}.",
        f"Stereotactic radiotherapy: {count} bone metastasis(es) ({band.describe()}), "
        f"criterion {'met' if met else 'not met'}.",
        band.source,
    )


def _criterion_reason(value: str, allowed, labels: dict, name: tuple, source: str) -> Reason:
    """`name`: the criterion in French, in English, and as the rule id's last part."""
    met = value in allowed
    expected_fr = " ou ".join(labels[code][0] for code in allowed)
    expected_en = " or ".join(labels[code][1] for code in allowed)
    return Reason(
        f"{RULE_SBRT}.{name[2]}",
        f"Radiothérapie stéréotaxique : {name[0]} {_label(labels, value, 0)} "
        f"(attendu : {expected_fr}), "
        f"critère {'rempli' if met else 'non rempli'}.",
        f"Stereotactic radiotherapy: {name[1]} {_label(labels, value, 1)} "
        f"(expected: {expected_en}), "
        f"criterion {'met' if met else 'not met'}.",
        source,
    )


def _label(labels: dict, code: str, language: int) -> str:
    """A code the vocabulary does not know yet is shown as is rather than failing."""
    return labels[code][language] if code in labels else code
