"""Spinal cord compression: the medico-surgical emergency (004; 000 question 13).

004 defines it by its neurological signs (weakness, paraesthesia, sphincter disorders,
sciatica-like pain) when a spinal lesion compresses the cord or the cauda equina. The records
hold a neurology grade and, for the spine, the Bilsky grade (Bilsky MH et al., J Neurosurg
Spine 2010: grades 2-3 = cord compressed). The referential's detection rows say which
combinations make the emergency (by default: an incomplete or complete deficit; or a
radiculopathy with a Bilsky 2-3 compression) and which only call for watching.

A spinal lesion whose neurology is unknown leaves the emergency undetermined: unknown is
never read as "no deficit".
"""

from dataclasses import dataclass

from scoring.engine.facts import LesionFacts, PatientFacts
from scoring.engine.referential import ReferentialError
from scoring.engine.results import Missing, Reason

DEFICITS = {
    "none": ("pas de déficit neurologique", "no neurological deficit"),
    "radiculopathy": ("radiculopathie", "radiculopathy"),
    "incomplete": ("déficit neurologique incomplet", "incomplete neurological deficit"),
    "complete": ("déficit neurologique complet", "complete neurological deficit"),
}
BILSKY_GRADES = ("0", "1a", "1b", "1c", "2", "3")
DETECTION_KINDS = ("emergency", "watch")


@dataclass(frozen=True)
class Detection:
    code: str
    kind: str  # "emergency": the compression is present; "watch": a reason only
    neurological_deficits: tuple[str, ...]
    bilsky_grades: tuple[str, ...] | None  # None: any grade, or none recorded
    label_fr: str
    label_en: str
    source: str


@dataclass(frozen=True)
class Statement:
    code: str
    label_fr: str
    label_en: str
    source: str


@dataclass(frozen=True)
class EmergencyTable:
    regions: tuple[str, ...]
    detections: tuple[Detection, ...]
    urgency: Statement
    actions: tuple[Statement, ...]


@dataclass(frozen=True)
class EmergencyAssessment:
    present: bool | None
    lesion_ids: tuple[str, ...] = ()
    actions: tuple[Reason, ...] = ()
    reasons: tuple[Reason, ...] = ()
    missing: tuple[Missing, ...] = ()


def parse_emergency(data: dict) -> EmergencyTable:
    if not isinstance(data, dict):
        raise ReferentialError("emergency: the table must be an object.")
    regions = data.get("regions")
    if not isinstance(regions, list) or not regions:
        raise ReferentialError("emergency: 'regions' must list the regions concerned.")
    actions = data.get("actions")
    if not isinstance(actions, list) or not actions:
        raise ReferentialError("emergency: 'actions' must list the actions.")
    rows = data.get("detection")
    if not isinstance(rows, list) or not rows:
        raise ReferentialError("emergency: 'detection' must list the detection rows.")
    return EmergencyTable(
        regions=tuple(regions),
        detections=tuple(_detection(row, f"emergency, detection row {i + 1}")
                         for i, row in enumerate(rows)),
        urgency=_statement(data.get("urgency"), "emergency, urgency"),
        actions=tuple(_statement(row, f"emergency, action {i + 1}")
                      for i, row in enumerate(actions)),
    )


def _statement(row, where: str) -> Statement:
    if not isinstance(row, dict):
        raise ReferentialError(f"{where}: must be an object.")
    if not isinstance(row.get("source"), str) or not row["source"].strip():
        raise ReferentialError(f"{where}: every row must cite its source.")
    for key in ("code", "label_fr", "label_en"):
        if not isinstance(row.get(key), str) or not row[key]:
            raise ReferentialError(f"{where}: {key} is required.")
    return Statement(row["code"], row["label_fr"], row["label_en"], row["source"])


def _detection(row, where: str) -> Detection:
    statement = _statement(row, where)
    deficits, grades = row.get("neurological_deficits"), row.get("bilsky_grades")
    if row.get("kind") not in DETECTION_KINDS:
        raise ReferentialError(f"{where}: kind must be one of {DETECTION_KINDS}.")
    if not isinstance(deficits, list) or not deficits or not set(deficits) <= set(DEFICITS):
        raise ReferentialError(f"{where}: neurological_deficits must be among {list(DEFICITS)}.")
    if grades is not None and (not isinstance(grades, list) or not grades
                               or not set(grades) <= set(BILSKY_GRADES)):
        raise ReferentialError(f"{where}: bilsky_grades must be among {BILSKY_GRADES}.")
    return Detection(statement.code, row["kind"], tuple(deficits),
                     tuple(grades) if grades is not None else None,
                     statement.label_fr, statement.label_en, statement.source)


def spinal_cord_compression(patient: PatientFacts, lesions: tuple[LesionFacts, ...],
                            table: EmergencyTable) -> EmergencyAssessment:
    """Present if any lesion shows it; undetermined if none does and one might; else absent.
    `patient` is part of the common signature; no patient fact changes the detection."""
    concerned, reasons, missing, undetermined = [], [], [], False
    for lesion in lesions:
        if lesion.region not in table.regions:
            continue
        for detection in table.detections:
            holds, unknown = _matches(detection, lesion)
            if holds and detection.kind == "emergency" and lesion.id not in concerned:
                concerned.append(lesion.id)
            if holds:
                reasons.append(_detection_reason(detection, lesion))
            elif holds is None and detection.kind == "emergency":
                undetermined = True
                missing.extend(m for m in unknown if m not in missing)
    if concerned:
        urgency = _reason(table.urgency, "urgency", _sites(lesions, concerned))
        actions = tuple(_reason(action, "action") for action in table.actions)
        return EmergencyAssessment(True, tuple(concerned), actions, (urgency, *reasons),
                                   tuple(missing))
    return EmergencyAssessment(None if undetermined else False, (), (), tuple(reasons),
                               tuple(missing))


def _matches(detection: Detection, lesion: LesionFacts) -> tuple[bool | None, tuple]:
    """Three-valued, like the rule tables: a known non-matching finding settles it."""
    deficit, grade = lesion.neurological_deficit or None, lesion.bilsky_grade or None
    if deficit is not None and deficit not in detection.neurological_deficits:
        return False, ()
    if detection.bilsky_grades is not None and grade is not None \
            and grade not in detection.bilsky_grades:
        return False, ()
    unknown = []
    if deficit is None:
        unknown.append(_missing("neurological_deficit", "neurologie", "neurology", lesion))
    if detection.bilsky_grades is not None and grade is None:
        unknown.append(_missing("bilsky_grade", "grade de Bilsky", "Bilsky grade", lesion))
    return (None, tuple(unknown)) if unknown else (True, ())


def _missing(name: str, label_fr: str, label_en: str, lesion: LesionFacts) -> Missing:
    site = _site(lesion)
    return Missing(f"{name}:{lesion.id}", f"{label_fr} ({site})", f"{label_en} ({site})")


def _detection_reason(detection: Detection, lesion: LesionFacts) -> Reason:
    code = lesion.neurological_deficit
    deficit_fr, deficit_en = DEFICITS.get(code, (code, code))
    grade = f", Bilsky {lesion.bilsky_grade}" if lesion.bilsky_grade else ""
    return Reason(
        f"emergency.spinal_cord_compression.{detection.code}",
        f"{_site(lesion)} : {deficit_fr}{grade}. {detection.label_fr}",
        f"{_site(lesion)}: {deficit_en}{grade}. {detection.label_en}",
        detection.source,
    )


def _reason(statement: Statement, kind: str, sites: str = "") -> Reason:
    prefix = f"{sites} — " if sites else ""
    return Reason(f"emergency.spinal_cord_compression.{kind}.{statement.code}",
                  prefix + statement.label_fr, prefix + statement.label_en, statement.source)


def _sites(lesions: tuple[LesionFacts, ...], ids: list[str]) -> str:
    return ", ".join(_site(lesion) for lesion in lesions if lesion.id in ids)


def _site(lesion: LesionFacts) -> str:
    """Vertebra codes read as their names ("t11" -> "T11")."""
    return lesion.site.upper() if lesion.spine_level is not None else lesion.site
