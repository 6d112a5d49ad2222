"""Revised Tokuhashi score (Tokuhashi Y et al., Spine 2005;30(19):2186-91): six items, 0 to 15
points, higher is better; 0-8 predicts < 6 months, 9-11 >= 6 months, 12-15 >= 1 year.

Every point, band and site list is in the referential (tokuhashi.json); this module reads the
facts into the table's findings and sums. A finding the facts cannot give (Karnofsky not
recorded, "colorectal" without colon or rectum...) is reported missing: no total is given
until all six items are known. The generic points-table helpers (Choice, Graded,
build_score...) live in points.py, shared with the Tomita score.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from scoring.engine.bands import Band, find_band
from scoring.engine.facts import LesionFacts, PatientFacts
from scoring.engine.points import (
    Choice,
    Graded,
    ItemLabel,
    NeedsPrecision,
    TotalWording,
    build_score,
    count_item,
    parse_choice_rows,
    parse_item_label,
    parse_needs_precision,
    parse_point_bands,
    parse_total_bands,
    require_int,
    require_text,
    require_total_range,
    site_item,
)
from scoring.engine.referential import ReferentialError
from scoring.engine.results import Missing, Score
from scoring.engine.vertebrae import level_name

TOPIC = "tokuhashi"
NAME = "tokuhashi"
SPINE = "spine"
WORDING = TotalWording("Score de Tokuhashi révisé", "Revised Tokuhashi score",
                       "orientation proposée par l'article", "orientation given by the paper")


@dataclass(frozen=True)
class TokuhashiTable:
    general_condition: tuple[Band, ...]  # Karnofsky index (%) -> points
    extraspinal_bone: tuple[Band, ...]  # extraspinal bone metastases (count) -> points
    vertebral_body: tuple[Band, ...]  # vertebral body metastases (count) -> points
    internal_organs: Mapping[str, Choice]  # visceral_metastases code -> points
    primary_site: Mapping[str, Choice]  # primary_site code -> points
    primary_needs_precision: Mapping[str, NeedsPrecision]  # codes the table cannot score
    palsy_by_frankel: Mapping[str, Choice]  # Frankel grade -> points
    palsy_by_deficit: Mapping[str, Choice]  # neurological_deficit code -> points
    labels: Mapping[str, ItemLabel]  # item name -> label
    bands: tuple[Band, ...]  # total -> predicted survival and treatment orientation
    total_min: int
    total_max: int
    source: str


ITEMS = ("general_condition", "extraspinal_bone", "vertebral_body", "internal_organs",
         "primary_site", "palsy")


def parse_tokuhashi(data: dict) -> TokuhashiTable:
    items = _dict(data, "items")
    table = TokuhashiTable(
        general_condition=parse_point_bands(_item_rows(items, "general_condition"),
                                            f"{TOPIC}, general_condition"),
        extraspinal_bone=parse_point_bands(_item_rows(items, "extraspinal_bone"),
                                           f"{TOPIC}, extraspinal_bone"),
        vertebral_body=parse_point_bands(_item_rows(items, "vertebral_body"),
                                         f"{TOPIC}, vertebral_body"),
        internal_organs=parse_choice_rows(_item_rows(items, "internal_organs"),
                                          f"{TOPIC}, internal_organs", "findings"),
        primary_site=parse_choice_rows(_item_rows(items, "primary_site"),
                                       f"{TOPIC}, primary_site", "sites"),
        primary_needs_precision=parse_needs_precision(
            _dict(items, "primary_site").get("needs_precision", {}), f"{TOPIC}, primary_site"),
        palsy_by_frankel=parse_choice_rows(_item_rows(items, "palsy"), f"{TOPIC}, palsy",
                                           "frankel_grades"),
        palsy_by_deficit=parse_choice_rows(_item_rows(items, "palsy"), f"{TOPIC}, palsy",
                                           "neurological_deficits"),
        labels={name: parse_item_label(_dict(items, name), f"{TOPIC}, {name}")
                for name in ITEMS},
        bands=parse_total_bands(data.get("bands"), f"{TOPIC}, bands"),
        total_min=require_int(data, "total_min", TOPIC),
        total_max=require_int(data, "total_max", TOPIC),
        source=require_text(data, "source", TOPIC),
    )
    _check(table)
    return table


def _check(table: TokuhashiTable) -> None:
    overlap = set(table.primary_site) & set(table.primary_needs_precision)
    if overlap:
        raise ReferentialError(f"{TOPIC}, primary_site: {sorted(overlap)} both scored and "
                               "asked for precision.")
    require_total_range(
        [table.general_condition, table.extraspinal_bone, table.vertebral_body,
         table.internal_organs, table.primary_site, table.palsy_by_frankel],
        table.total_min, table.total_max, TOPIC,
    )


def tokuhashi_score(patient: PatientFacts, lesions: tuple[LesionFacts, ...],
                    table: TokuhashiTable) -> Score:
    """The revised Tokuhashi score of the patient; total and band only when all six items are
    known (the spinal lesions give the palsy)."""
    graded = (
        _general_condition(patient, table),
        _extraspinal_bone(patient, table),
        count_item("vertebral_body", patient.vertebral_metastasis_count, table.vertebral_body,
                   table.labels["vertebral_body"], _missing_vertebral(), TOPIC),
        _internal_organs(patient, table),
        site_item("primary_site", patient.primary_site, table.primary_site,
                  table.primary_needs_precision, table.labels["primary_site"], TOPIC),
        _palsy(lesions, table),
    )
    return build_score(NAME, graded, table.bands, table.total_max, WORDING)


def _general_condition(patient: PatientFacts, table: TokuhashiTable) -> Graded:
    label = table.labels["general_condition"]
    if patient.karnofsky is None:
        # ECOG and Karnofsky are different scales: no silent conversion, the panel gives KPS.
        suffix_fr = " (l'ECOG est connu mais n'est pas converti)" if patient.ecog is not None \
            else ""
        suffix_en = " (ECOG is known but is not converted)" if patient.ecog is not None else ""
        return Graded.missing_item("general_condition", label, Missing(
            "karnofsky", f"indice de Karnofsky{suffix_fr}", f"Karnofsky index{suffix_en}"))
    band = find_band(table.general_condition, Decimal(patient.karnofsky))
    return Graded.from_band("general_condition", f"Karnofsky {patient.karnofsky} %", band,
                            label, TOPIC)


def _extraspinal_bone(patient: PatientFacts, table: TokuhashiTable) -> Graded:
    """Extraspinal foci = all bone metastases minus the vertebral ones (both counts needed)."""
    label = table.labels["extraspinal_bone"]
    total, vertebral = patient.bone_metastasis_count, patient.vertebral_metastasis_count
    if total is None or vertebral is None:
        return Graded.missing_item("extraspinal_bone", label, Missing(
            "extraspinal_bone_metastases",
            "métastases osseuses extra-rachidiennes (nombre total et nombre vertébral requis)",
            "extraspinal bone metastases (total and vertebral counts both needed)"))
    if total < vertebral:
        return Graded.missing_item("extraspinal_bone", label, Missing(
            "extraspinal_bone_metastases",
            f"métastases osseuses extra-rachidiennes : {total} au total pour {vertebral} "
            "vertébrales, les nombres sont incohérents",
            f"extraspinal bone metastases: {total} in all for {vertebral} vertebral, the "
            "counts disagree"))
    count = total - vertebral
    band = find_band(table.extraspinal_bone, Decimal(count))
    return Graded.from_band("extraspinal_bone", f"{total} − {vertebral} = {count}", band,
                            label, TOPIC)


def _internal_organs(patient: PatientFacts, table: TokuhashiTable) -> Graded:
    label = table.labels["internal_organs"]
    choice = table.internal_organs.get(patient.visceral_metastases or "")
    if choice is None:
        return Graded.missing_item("internal_organs", label, Missing(
            "visceral_metastases", "métastases viscérales (absentes, résécables, non résécables)",
            "visceral metastases (none, removable, unremovable)"))
    return Graded.from_choice("internal_organs", patient.visceral_metastases, choice, label,
                              TOPIC)


def _palsy(lesions: tuple[LesionFacts, ...], table: TokuhashiTable) -> Graded:
    """The worst palsy over the spinal lesions: the Frankel grade when recorded, else the
    neurological deficit. An unknown lesion leaves the item open unless a known one already
    has the lowest points."""
    label = table.labels["palsy"]
    spinal = [lesion for lesion in lesions if lesion.region == SPINE]
    found = [(lesion, _palsy_choice(lesion, table)) for lesion in spinal]
    known = [(lesion, choice) for lesion, choice in found if choice is not None]
    lowest = min(choice.points for choice in table.palsy_by_frankel.values())
    worst = min(known, key=lambda pair: pair[1].points, default=None)
    if not spinal or worst is None or (len(known) < len(found) and worst[1].points > lowest):
        return Graded.missing_item("palsy", label, Missing(
            "palsy", "paralysie (grade de Frankel ou déficit neurologique de chaque lésion "
            "rachidienne)", "palsy (Frankel grade or neurological deficit of each spinal "
            "lesion)"))
    lesion, choice = worst
    finding = (f"Frankel {lesion.frankel_grade}" if lesion.frankel_grade
               else lesion.neurological_deficit)
    return Graded.from_choice("palsy", f"{lesion.site}: {finding}", choice, label, TOPIC,
                              where=level_name(lesion.site))


def _palsy_choice(lesion: LesionFacts, table: TokuhashiTable) -> Choice | None:
    if lesion.frankel_grade is not None:
        return table.palsy_by_frankel.get(lesion.frankel_grade)
    return table.palsy_by_deficit.get(lesion.neurological_deficit or "")


def _missing_vertebral() -> Missing:
    return Missing("vertebral_metastasis_count", "nombre de vertèbres métastatiques",
                   "number of vertebral metastases")


def _dict(data: dict, key: str) -> dict:
    value = data.get(key)
    if not isinstance(value, dict):
        raise ReferentialError(f"{TOPIC}: {key!r} must be an object.")
    return value


def _item_rows(items: dict, name: str) -> list:
    return _dict(items, name).get("rows")
