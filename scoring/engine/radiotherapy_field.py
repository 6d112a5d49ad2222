"""The radiotherapy field of one lesion (000 Question 14), named for the panel.

Spine: the target vertebra with a margin of vertebrae on each side, wider with epidural
extension; long bone: the whole bone, plus the surgical material when the bone carries an
implant or was operated on. The margins and labels come from the referential.
"""

from dataclasses import dataclass

from scoring.engine.facts import Implant, LesionFacts, PatientFacts
from scoring.engine.radiotherapy_table import RadiotherapyTable
from scoring.engine.results import Missing

SPINE, LONG_BONE = "spine", "long_bone"


@dataclass(frozen=True)
class FieldExtent:
    region: str
    text_fr: str
    text_en: str
    source: str
    margin_vertebrae: int | None = None  # None: epidural extension unknown
    first_vertebra: str | None = None
    last_vertebra: str | None = None
    whole_bone: str | None = None  # bone code, e.g. "femur"
    surgical_material: bool = False


def field_extent(patient: PatientFacts, lesion: LesionFacts, table: RadiotherapyTable,
                 missing: list[Missing]) -> FieldExtent | None:
    """None where the texts give no field rule (flat bones): the radiation oncologist's call."""
    if lesion.region == SPINE:
        return _spine(lesion, table, missing)
    if lesion.region == LONG_BONE:
        return _long_bone(patient, lesion, table)
    return None


def _spine(lesion: LesionFacts, table: RadiotherapyTable,
           missing: list[Missing]) -> FieldExtent | None:
    labels, level = table.vertebra_labels, lesion.spine_level
    if level is None or not 0 <= level < len(labels):
        missing.append(Missing("spine_level", "niveau vertébral", "vertebral level"))
        return None
    tail_fr = ", pédicules et processus transverses bilatéraux inclus."
    tail_en = ", bilateral pedicles and transverse processes included."
    if lesion.epidural_extension is None:
        missing.append(Missing("epidural_extension", "extension épidurale (marges du champ)",
                               "epidural extension (field margins)"))
        narrow, wide = (_span(labels, level, m)
                        for m in (table.spine_margin, table.spine_margin_epidural))
        return FieldExtent(
            SPINE,
            f"Champ : {narrow[0]} à {narrow[1]} ({table.spine_margin} vertèbre(s) de part et "
            f"d'autre de {labels[level]}), ou {wide[0]} à {wide[1]} en cas d'épidurite "
            f"({table.spine_margin_epidural}) : extension épidurale inconnue{tail_fr}",
            f"Field: {narrow[0]} to {narrow[1]} ({table.spine_margin} vertebra(e) on each side "
            f"of {labels[level]}), or {wide[0]} to {wide[1]} with epidural extension "
            f"({table.spine_margin_epidural}): epidural extension unknown{tail_en}",
            table.spine_field_source)
    margin = table.spine_margin_epidural if lesion.epidural_extension else table.spine_margin
    first, last = _span(labels, level, margin)
    why_fr = " ; épidurite" if lesion.epidural_extension else ""
    why_en = "; epidural extension" if lesion.epidural_extension else ""
    return FieldExtent(
        SPINE,
        f"Champ : {first} à {last} ({margin} vertèbre(s) de part et d'autre de "
        f"{labels[level]}{why_fr}){tail_fr}",
        f"Field: {first} to {last} ({margin} vertebra(e) on each side of "
        f"{labels[level]}{why_en}){tail_en}",
        table.spine_field_source, margin, first, last)


def _span(labels: tuple[str, ...], level: int, margin: int) -> tuple[str, str]:
    """First and last vertebra of the field, clipped at the ends of the spine."""
    return labels[max(level - margin, 0)], labels[min(level + margin, len(labels) - 1)]


def _long_bone(patient: PatientFacts, lesion: LesionFacts,
               table: RadiotherapyTable) -> FieldExtent:
    bone = lesion.site.split("_")[0]
    label_fr, label_en = table.bone_labels.get(bone, (bone, bone))
    material = lesion.surgery_date is not None or any(
        _on_same_bone(implant, bone, lesion.side) for implant in patient.implants)
    return FieldExtent(
        LONG_BONE,
        f"Champ : totalité de l'os atteint ({label_fr})"
        + (" et matériel chirurgical." if material else "."),
        f"Field: the whole affected bone ({label_en})"
        + (" and the surgical material." if material else "."),
        table.long_bone_field_source, whole_bone=bone, surgical_material=material)


def _on_same_bone(implant: Implant, bone: str, side: str) -> bool:
    same_side = not implant.side or not side or implant.side == side
    return implant.site.split("_")[0] == bone and same_side
