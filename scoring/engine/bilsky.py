"""Epidural spinal cord compression (ESCC) grade of a spinal lesion (Bilsky MH et al.,
J Neurosurg Spine 2010;13(3):324-8): grades 0, 1a, 1b, 1c, 2, 3 on axial T2 MRI, read as low
grade (radiation first) or high grade (decompression considered) by the NOMS framework.

The grades, their category and whether the category is debated (1c) are in the referential
(bilsky.json). Grade 0 is "bone-only disease": when the record says there is no epidural
extension and no grade was given, the table may let the engine read grade 0 (said so in the
reasons). A grade that contradicts the recorded epidural extension is not used.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from scoring.engine.facts import LesionFacts
from scoring.engine.points import require_text
from scoring.engine.referential import ReferentialError
from scoring.engine.results import Missing, Reason, Result

TOPIC = "bilsky"
SPINE = "spine"
CATEGORIES = ("low", "high")


@dataclass(frozen=True)
class GradeRow:
    code: str
    category: str  # "low" or "high"
    debated: bool  # the category is discussed in the literature (1c)
    label_fr: str
    label_en: str
    source: str
    note_fr: str = ""  # why the category is debated
    note_en: str = ""


@dataclass(frozen=True)
class CategoryRow:
    label_fr: str
    label_en: str
    source: str


@dataclass(frozen=True)
class BilskyTable:
    grades: Mapping[str, GradeRow]
    categories: Mapping[str, CategoryRow]
    bone_only_grade: str  # the grade that means "no epidural extension"
    infer_bone_only: bool  # read the bone-only grade when epidural extension is recorded absent
    infer_source: str
    source: str


@dataclass(frozen=True)
class EsccGrade:
    """The Result value: the grade, its category, and how it was obtained."""

    grade: str
    category: str
    debated: bool
    inferred: bool
    label_fr: str
    label_en: str


def parse_bilsky(data: dict) -> BilskyTable:
    categories = _categories(data.get("categories"))
    rows = data.get("grades")
    if not isinstance(rows, list) or not rows:
        raise ReferentialError(f"{TOPIC}: 'grades' must be a non-empty list.")
    grades: dict[str, GradeRow] = {}
    for index, row in enumerate(rows, 1):
        grade = _grade(row, f"{TOPIC}, grade row {index}", categories)
        if grade.code in grades:
            raise ReferentialError(f"{TOPIC}, grade {grade.code!r}: listed twice.")
        grades[grade.code] = grade
    bone_only = require_text(data, "bone_only_grade", TOPIC)
    if bone_only not in grades:
        raise ReferentialError(f"{TOPIC}: bone_only_grade {bone_only!r} is not a grade.")
    if not isinstance(data.get("infer_bone_only_without_epidural_extension"), bool):
        raise ReferentialError(f"{TOPIC}: 'infer_bone_only_without_epidural_extension' must "
                               "be true or false.")
    return BilskyTable(
        grades=grades, categories=categories, bone_only_grade=bone_only,
        infer_bone_only=data["infer_bone_only_without_epidural_extension"],
        infer_source=require_text(data, "infer_source", TOPIC),
        source=require_text(data, "source", TOPIC),
    )


def _categories(data) -> dict[str, CategoryRow]:
    if not isinstance(data, dict) or set(data) != set(CATEGORIES):
        raise ReferentialError(f"{TOPIC}: 'categories' must define {' and '.join(CATEGORIES)}.")
    return {code: CategoryRow(*(require_text(row, key, f"{TOPIC}, category {code!r}")
                                for key in ("label_fr", "label_en", "source")))
            for code, row in data.items()}


def _grade(row: dict, where: str, categories: Mapping[str, CategoryRow]) -> GradeRow:
    if not isinstance(row, dict):
        raise ReferentialError(f"{where}: must be an object.")
    if row.get("category") not in categories:
        raise ReferentialError(f"{where}: category must be one of {', '.join(CATEGORIES)}.")
    debated = row.get("debated", False)
    if not isinstance(debated, bool):
        raise ReferentialError(f"{where}: 'debated' must be true or false.")
    notes = ((require_text(row, "note_fr", where), require_text(row, "note_en", where))
             if debated else ("", ""))
    return GradeRow(require_text(row, "code", where), row["category"], debated,
                    require_text(row, "label_fr", where), require_text(row, "label_en", where),
                    require_text(row, "source", where), *notes)


def bilsky_grade(lesion: LesionFacts, table: BilskyTable) -> Result | None:
    """The ESCC grade of a spinal lesion (None for other sites), with its category."""
    if lesion.region != SPINE:
        return None
    if lesion.bilsky_grade is None:
        if lesion.epidural_extension is False and table.infer_bone_only:
            return _graded(table.grades[table.bone_only_grade], table, inferred=True)
        return Result(missing=(Missing("bilsky_grade", "grade de Bilsky (compression "
                                       "épidurale, IRM T2 axiale)", "Bilsky grade (epidural "
                                       "compression, axial T2 MRI)"),))
    row = table.grades.get(lesion.bilsky_grade)
    if row is None:
        return Result(missing=(Missing("bilsky_grade",
                                       f"grade de Bilsky « {lesion.bilsky_grade} » inconnu",
                                       f"unknown Bilsky grade « {lesion.bilsky_grade} »"),))
    bone_only = row.code == table.bone_only_grade
    if lesion.epidural_extension is not None and bone_only == lesion.epidural_extension:
        return Result(missing=(Missing(
            "bilsky_grade",
            f"grade de Bilsky {row.code} contradictoire avec l'extension épidurale notée : "
            "relire l'IRM",
            f"Bilsky grade {row.code} contradicts the recorded epidural extension: re-read the "
            "MRI"),))
    return _graded(row, table, inferred=False)


def _graded(row: GradeRow, table: BilskyTable, inferred: bool) -> Result:
    category = table.categories[row.category]
    how_fr = " (déduit de l'absence d'extension épidurale)" if inferred else ""
    how_en = " (read from the absence of epidural extension)" if inferred else ""
    reasons = [Reason(
        rule_id=f"{TOPIC}.grade",
        text_fr=f"Compression épidurale (Bilsky) : grade {row.code}{how_fr} — {row.label_fr} "
                f"→ {category.label_fr}.",
        text_en=f"Epidural spinal cord compression (Bilsky): grade {row.code}{how_en} — "
                f"{row.label_en} → {category.label_en}.",
        source=f"{row.source}; {category.source}" + (f"; {table.infer_source}" if inferred
                                                      else ""),
    )]
    if row.debated:
        reasons.append(Reason(f"{TOPIC}.debated", row.note_fr, row.note_en, row.source))
    value = EsccGrade(row.code, row.category, row.debated, inferred, row.label_fr, row.label_en)
    return Result(value=value, reasons=tuple(reasons))
