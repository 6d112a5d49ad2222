"""NOMS summary of a spinal lesion (Laufer I et al., The NOMS framework: approach to the
treatment of spinal metastatic tumors. Oncologist 2013;18(6):744-51).

Four assessments, each with its reasons and missing inputs: Neurologic (ESCC grade from
bilsky.py, myelopathy or radiculopathy), Oncologic (radiosensitivity of the primary and
histology), Mechanical (the SINS band, from sins.py) and Systemic (can the patient tolerate
surgery: left to the panel, the engine shows what it knows). The suggested path comes from
the referential (noms.json): ESCC low/high grade x radiosensitive/radioresistant; instability
adds stabilisation. It is a framework for the panel's discussion, not a prescription.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from scoring.engine.bilsky import EsccGrade
from scoring.engine.facts import LesionFacts, PatientFacts
from scoring.engine.referential import ReferentialError
from scoring.engine.results import Missing, Reason, Result, Score
from scoring.engine.tomita import NeedsPrecision, parse_needs_precision, require_text

TOPIC = "noms"
SPINE = "spine"
TO_BE_CHECKED = "to_be_checked"
ESCC_CATEGORIES = ("low", "high")  # bilsky.py's categories
RADIOSENSITIVITY = ("radiosensitive", "radioresistant")
SINS_BANDS = ("stable", "potentially_unstable", "unstable")  # sins.py's band codes


@dataclass(frozen=True)
class Label:
    label_fr: str
    label_en: str
    source: str


@dataclass(frozen=True)
class RadiosensitivityRule:
    """Primary sites and/or histologies (None: any) that set the radiosensitivity."""

    primary_sites: frozenset[str] | None
    histologies: frozenset[str] | None
    radiosensitivity: str
    label_fr: str
    label_en: str
    source: str

    def matches(self, site: str | None, histology: str | None) -> bool:
        return ((self.primary_sites is None or site in self.primary_sites)
                and (self.histologies is None or histology in self.histologies))


@dataclass(frozen=True)
class NeurologyState:
    code: str  # "myelopathy", "radiculopathy", "intact"
    frankel_grades: frozenset[str]
    neurological_deficits: frozenset[str]
    label_fr: str
    label_en: str
    source: str


@dataclass(frozen=True)
class Path:
    code: str
    text_fr: str
    text_en: str
    source: str


@dataclass(frozen=True)
class MechanicalRow:
    label_fr: str
    label_en: str
    stabilisation_fr: str  # "" when the band calls for no stabilisation
    stabilisation_en: str
    source: str


@dataclass(frozen=True)
class NomsTable:
    classes: Mapping[str, Label]
    radiosensitivity: tuple[RadiosensitivityRule, ...]  # first match wins
    needs_precision: Mapping[str, NeedsPrecision]
    neurology: tuple[NeurologyState, ...]  # most severe first
    paths: Mapping[tuple[str, str], Path]  # (ESCC category, radiosensitivity) -> path
    mechanical: Mapping[str, MechanicalRow]  # SINS band -> assessment
    systemic: Path
    source: str


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
    finding = ", ".join(code for code in (patient.primary_site, patient.histology) if code)
    reason = Reason(f"{TOPIC}.oncologic.{rule.radiosensitivity}",
                    f"Évaluation oncologique : {finding} → {label.label_fr} ({rule.label_fr}).",
                    f"Oncologic assessment: {finding} → {label.label_en} ({rule.label_en}).",
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


# --- The referential table ------------------------------------------------------------------


def parse_noms(data: dict) -> NomsTable:
    classes = {code: _label(_obj(data.get("classes"), "classes").get(code), f"class {code!r}")
               for code in RADIOSENSITIVITY}
    return NomsTable(
        classes=classes,
        radiosensitivity=tuple(_rule(row, f"radiosensitivity row {i}")
                               for i, row in enumerate(_rows(data, "radiosensitivity"), 1)),
        needs_precision=parse_needs_precision(data.get("needs_precision", {}), TOPIC),
        neurology=tuple(_neurology(row, f"neurology row {i}")
                        for i, row in enumerate(_rows(data, "neurology"), 1)),
        paths=_paths(_rows(data, "paths")),
        mechanical={band: _mechanical_row(_obj(data.get("mechanical"), "mechanical").get(band),
                                          f"mechanical {band!r}") for band in SINS_BANDS},
        systemic=Path(TO_BE_CHECKED, *_texts(_obj(data.get("systemic"), "systemic"),
                                             "systemic")),
        source=require_text(data, "source", TOPIC),
    )


def _rule(row, where: str) -> RadiosensitivityRule:
    row = _obj(row, where)
    sites, histologies = _codes(row, "primary_sites", where), _codes(row, "histologies", where)
    if sites is None and histologies is None:
        raise ReferentialError(f"{TOPIC}, {where}: give primary_sites, histologies or both.")
    if row.get("radiosensitivity") not in RADIOSENSITIVITY:
        raise ReferentialError(f"{TOPIC}, {where}: radiosensitivity must be one of "
                               f"{', '.join(RADIOSENSITIVITY)}.")
    label = _label(row, where)
    return RadiosensitivityRule(sites, histologies, row["radiosensitivity"], label.label_fr,
                                label.label_en, label.source)


def _neurology(row, where: str) -> NeurologyState:
    label = _label(_obj(row, where), where)
    return NeurologyState(require_text(row, "code", f"{TOPIC}, {where}"),
                          _codes(row, "frankel_grades", where) or frozenset(),
                          _codes(row, "neurological_deficits", where) or frozenset(),
                          label.label_fr, label.label_en, label.source)


def _paths(rows: list) -> dict[tuple[str, str], Path]:
    paths: dict[tuple[str, str], Path] = {}
    for index, row in enumerate(rows, 1):
        where = f"path row {index}"
        key = (_obj(row, where).get("escc"), row.get("radiosensitivity"))
        if key[0] not in ESCC_CATEGORIES or key[1] not in RADIOSENSITIVITY:
            raise ReferentialError(f"{TOPIC}, {where}: escc must be low/high and "
                                   "radiosensitivity radiosensitive/radioresistant.")
        if key in paths:
            raise ReferentialError(f"{TOPIC}, {where}: {key} is given twice.")
        paths[key] = Path(require_text(row, "code", f"{TOPIC}, {where}"), *_texts(row, where))
    expected = {(e, r) for e in ESCC_CATEGORIES for r in RADIOSENSITIVITY}
    if set(paths) != expected:
        raise ReferentialError(f"{TOPIC}: paths missing for {sorted(expected - set(paths))}.")
    return paths


def _mechanical_row(row, where: str) -> MechanicalRow:
    label = _label(_obj(row, where), where)
    fr, en = row.get("stabilisation_fr", ""), row.get("stabilisation_en", "")
    if not isinstance(fr, str) or not isinstance(en, str) or bool(fr) != bool(en):
        raise ReferentialError(f"{TOPIC}, {where}: stabilisation_fr and stabilisation_en "
                               "go together.")
    return MechanicalRow(label.label_fr, label.label_en, fr, en, label.source)


def _label(row, where: str) -> Label:
    at = f"{TOPIC}, {where}"
    return Label(require_text(row, "label_fr", at), require_text(row, "label_en", at),
                 require_text(row, "source", at))


def _texts(row: dict, where: str) -> tuple[str, str, str]:
    at = f"{TOPIC}, {where}"
    return (require_text(row, "text_fr", at), require_text(row, "text_en", at),
            require_text(row, "source", at))


def _codes(row: dict, key: str, where: str) -> frozenset[str] | None:
    value = row.get(key)
    if value is None:
        return None
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v
                                                           for v in value):
        raise ReferentialError(f"{TOPIC}, {where}: {key!r} must be a non-empty list of codes.")
    return frozenset(value)


def _obj(value, where: str) -> dict:
    if not isinstance(value, dict):
        raise ReferentialError(f"{TOPIC}: {where} must be an object.")
    return value


def _rows(data: dict, key: str) -> list:
    value = data.get(key)
    if not isinstance(value, list) or not value:
        raise ReferentialError(f"{TOPIC}: {key!r} must be a non-empty list.")
    return value
