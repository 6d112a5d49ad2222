"""NOMS summary of a spinal lesion (Laufer I et al., The NOMS framework: approach to the
treatment of spinal metastatic tumors. Oncologist 2013;18(6):744-51).

Four assessments, each with its reasons and missing inputs: Neurologic (ESCC grade from
bilsky.py, myelopathy or radiculopathy), Oncologic (radiosensitivity of the primary and
histology), Mechanical (the SINS band, from sins.py) and Systemic (can the patient tolerate
surgery: left to the panel, the engine shows what it knows). The suggested path comes from
the referential (noms.json): ESCC low/high grade x radiosensitive/radioresistant; instability
adds stabilisation. It is a framework for the panel's discussion, not a prescription.
The table itself is parsed and validated in noms_table.py.
"""

from dataclasses import dataclass

from scoring.engine.bilsky import EsccGrade
from scoring.engine.facts import LesionFacts, PatientFacts
from scoring.engine.noms_table import TO_BE_CHECKED, TOPIC, NomsTable, parse_noms
from scoring.engine.results import Missing, Reason, Result, Score

__all__ = ["TO_BE_CHECKED", "NomsComponent", "NomsSummary", "NomsTable", "noms_summary",
           "parse_noms"]

SPINE = "spine"


@dataclass(frozen=True)
class NomsComponent:
    name: str  # "neurologic", "oncologic", "mechanical", "systemic"
    status: str | None  # "low"/"high"; "radiosensitive"/...; the SINS band; "to_be_checked"
    reasons: tuple[Reason, ...] = ()
    missing: tuple[Missing, ...] = ()


@dataclass(frozen=True)
class NomsSummary:
    neurologic: NomsComponent
    oncologic: NomsComponent
    mechanical: NomsComponent
    systemic: NomsComponent
    path: str | None  # the suggested path's code ("cebrt", "srs"...), None when undetermined
    suggestion: Reason | None  # the path in French and English, with its source
    stabilisation: Reason | None  # added when the SINS band calls for it
    reasons: tuple[Reason, ...] = ()
    missing: tuple[Missing, ...] = ()

    @property
    def complete(self) -> bool:
        return not self.missing



def noms_summary(patient: PatientFacts, lesion: LesionFacts, bilsky: Result | None,
                 sins: Score | None, table: NomsTable) -> NomsSummary | None:
    """The four NOMS assessments of a spinal lesion and the path they point to (None for a
    lesion outside the spine)."""
    if lesion.region != SPINE:
        return None
    components = (_neurologic(lesion, bilsky, table), _oncologic(patient, table),
                  _mechanical(sins, table), _systemic(patient, table))
    neurologic, oncologic, mechanical, systemic = components
    path = table.paths.get((neurologic.status, oncologic.status))
    suggestion = None if path is None else Reason(
        f"{TOPIC}.path.{path.code}", f"Proposition NOMS : {path.text_fr}",
        f"NOMS suggestion: {path.text_en}", path.source)
    stabilisation = _stabilisation(mechanical.status, table)
    reasons = tuple(r for c in components for r in c.reasons) + tuple(
        r for r in (suggestion, stabilisation) if r is not None)
    return NomsSummary(
        neurologic=neurologic, oncologic=oncologic, mechanical=mechanical, systemic=systemic,
        path=path.code if path else None, suggestion=suggestion, stabilisation=stabilisation,
        reasons=reasons, missing=tuple(m for c in components for m in c.missing),
    )


def _neurologic(lesion: LesionFacts, bilsky: Result | None, table: NomsTable) -> NomsComponent:
    """ESCC category from the Bilsky result; myelopathy/radiculopathy is reported beside it
    (NOMS: a radiosensitive tumour goes to cEBRT whatever the myelopathy)."""
    escc = bilsky.value if bilsky is not None and isinstance(bilsky.value, EsccGrade) else None
    reasons = list(bilsky.reasons) if bilsky is not None else []
    missing = list(bilsky.missing) if bilsky is not None else [
        Missing("bilsky_grade", "grade de Bilsky", "Bilsky grade")]
    state = next((s for s in table.neurology if
                  lesion.frankel_grade in s.frankel_grades
                  or lesion.neurological_deficit in s.neurological_deficits), None)
    if state is None:
        missing.append(Missing("neurological_deficit", "état neurologique (déficit ou grade de "
                               "Frankel)", "neurological status (deficit or Frankel grade)"))
    else:
        reasons.append(Reason(f"{TOPIC}.neurologic.{state.code}",
                              f"Évaluation neurologique : {state.label_fr}.",
                              f"Neurologic assessment: {state.label_en}.", state.source))
    return NomsComponent("neurologic", escc.category if escc else None, tuple(reasons),
                         tuple(missing))


def _oncologic(patient: PatientFacts, table: NomsTable) -> NomsComponent:
    rule = next((r for r in table.radiosensitivity if r.matches(patient.primary_site,
                                                                patient.histology)), None)
    if rule is None:
        return NomsComponent("oncologic", None, missing=(_radiosensitivity_missing(patient,
                                                                                    table),))
    label = table.classes[rule.radiosensitivity]
    # The rule's label names the primary or histology in words: never the record's codes.
    reason = Reason(f"{TOPIC}.oncologic.{rule.radiosensitivity}",
                    f"Évaluation oncologique : {rule.label_fr} → {label.label_fr}.",
                    f"Oncologic assessment: {rule.label_en} → {label.label_en}.",
                    rule.source)
    return NomsComponent("oncologic", rule.radiosensitivity, (reason,))


def _radiosensitivity_missing(patient: PatientFacts, table: NomsTable) -> Missing:
    site = patient.primary_site
    if site is None:
        return Missing("primary_site", "site du cancer primitif (radiosensibilité)",
                       "primary cancer site (radiosensitivity)")
    entry = table.needs_precision.get(site)
    if entry is not None:
        return Missing("radiosensitivity", entry.label_fr, entry.label_en)
    return Missing("radiosensitivity",
                   f"radiosensibilité du primitif « {site} » : à préciser par la RCP",
                   f"radiosensitivity of the « {site} » primary: the panel must state it")


def _mechanical(sins: Score | None, table: NomsTable) -> NomsComponent:
    if sins is None or sins.band is None or sins.band not in table.mechanical:
        return NomsComponent("mechanical", None, missing=(Missing(
            "sins", "score SINS complet (instabilité mécanique)",
            "complete SINS score (mechanical instability)"),))
    row = table.mechanical[sins.band]
    reason = Reason(f"{TOPIC}.mechanical.{sins.band}",
                    f"Évaluation mécanique : SINS {sins.total} → {row.label_fr}.",
                    f"Mechanical assessment: SINS {sins.total} → {row.label_en}.", row.source)
    return NomsComponent("mechanical", sins.band, (reason,))


def _stabilisation(band: str | None, table: NomsTable) -> Reason | None:
    row = table.mechanical.get(band) if band else None
    if row is None or not row.stabilisation_fr:
        return None
    return Reason(f"{TOPIC}.stabilisation.{band}", f"Stabilisation : {row.stabilisation_fr}",
                  f"Stabilisation: {row.stabilisation_en}", row.source)


def _systemic(patient: PatientFacts, table: NomsTable) -> NomsComponent:
    """Tolerance of surgery is the panel's judgement: the engine shows what bears on it."""
    parts = [f"ECOG {patient.ecog}" if patient.ecog is not None else "",
             f"Karnofsky {patient.karnofsky} %" if patient.karnofsky is not None else ""]
    known = ", ".join(part for part in parts if part) or "—"
    reason = Reason(f"{TOPIC}.systemic", f"Évaluation systémique ({known}) : "
                    f"{table.systemic.text_fr}", f"Systemic assessment ({known}): "
                    f"{table.systemic.text_en}", table.systemic.source)
    missing = () if known != "—" else (Missing(
        "performance_status", "état général (ECOG ou Karnofsky)",
        "performance status (ECOG or Karnofsky)"),)
    return NomsComponent("systemic", TO_BE_CHECKED, (reason,), missing)

