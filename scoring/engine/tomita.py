"""Tomita score (Tomita K et al., Spine 2001;26(3):298-306): primary tumour growth, visceral
metastases and bone metastases, 2 to 10 points, higher is worse; each band sets a surgical
goal (2-3 wide or marginal excision ... 8-10 non-operative supportive care).

The growth class of each primary, the points and the bands are in the referential
(tomita.json). A primary the paper does not classify is reported missing: the panel states it.
The points-table helpers this score shares with the revised Tokuhashi score are in points.py.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from scoring.engine.bands import Band
from scoring.engine.facts import PatientFacts
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

TOPIC = "tomita"
NAME = "tomita"
ITEMS = ("primary_growth", "visceral_metastases", "bone_metastases")
WORDING = TotalWording("Score de Tomita", "Tomita score", "stratégie proposée par l'article",
                       "strategy given by the paper")


@dataclass(frozen=True)
class TomitaTable:
    primary_growth: Mapping[str, Choice]  # primary_site code -> growth class and points
    primary_needs_precision: Mapping[str, NeedsPrecision]
    visceral_metastases: Mapping[str, Choice]  # visceral_metastases code -> points
    bone_metastases: tuple[Band, ...]  # bone metastases (count) -> solitary / multiple
    labels: Mapping[str, ItemLabel]
    bands: tuple[Band, ...]  # total -> treatment goal and surgical strategy
    total_min: int
    total_max: int
    source: str


def parse_tomita(data: dict) -> TomitaTable:
    items = data.get("items")
    if not isinstance(items, dict) or not all(isinstance(items.get(n), dict) for n in ITEMS):
        raise ReferentialError(f"{TOPIC}: 'items' must hold {', '.join(ITEMS)}.")
    growth = items["primary_growth"]
    table = TomitaTable(
        primary_growth=parse_choice_rows(growth.get("rows"), f"{TOPIC}, primary_growth",
                                         "sites"),
        primary_needs_precision=parse_needs_precision(growth.get("needs_precision", {}),
                                                      f"{TOPIC}, primary_growth"),
        visceral_metastases=parse_choice_rows(items["visceral_metastases"].get("rows"),
                                              f"{TOPIC}, visceral_metastases", "findings"),
        bone_metastases=parse_point_bands(items["bone_metastases"].get("rows"),
                                          f"{TOPIC}, bone_metastases"),
        labels={name: parse_item_label(items[name], f"{TOPIC}, {name}") for name in ITEMS},
        bands=parse_total_bands(data.get("bands"), f"{TOPIC}, bands"),
        total_min=require_int(data, "total_min", TOPIC),
        total_max=require_int(data, "total_max", TOPIC),
        source=require_text(data, "source", TOPIC),
    )
    if set(table.primary_growth) & set(table.primary_needs_precision):
        raise ReferentialError(f"{TOPIC}, primary_growth: a site is both scored and asked for "
                               "precision.")
    require_total_range([table.primary_growth, table.visceral_metastases,
                         table.bone_metastases], table.total_min, table.total_max, TOPIC)
    return table


def tomita_score(patient: PatientFacts, table: TomitaTable) -> Score:
    """The Tomita score; total and band only when the three items are known."""
    visceral = table.visceral_metastases.get(patient.visceral_metastases or "")
    graded = (
        site_item("primary_growth", patient.primary_site, table.primary_growth,
                  table.primary_needs_precision, table.labels["primary_growth"], TOPIC),
        Graded.from_choice("visceral_metastases", patient.visceral_metastases, visceral,
                           table.labels["visceral_metastases"], TOPIC) if visceral
        else Graded.missing_item("visceral_metastases", table.labels["visceral_metastases"],
                                 Missing("visceral_metastases",
                                         "métastases viscérales (absentes, traitables, non "
                                         "traitables)",
                                         "visceral metastases (none, treatable, untreatable)")),
        count_item("bone_metastases", patient.bone_metastasis_count, table.bone_metastases,
                   table.labels["bone_metastases"],
                   Missing("bone_metastasis_count", "nombre de métastases osseuses",
                           "number of bone metastases"), TOPIC),
    )
    return build_score(NAME, graded, table.bands, table.total_max, WORDING)
