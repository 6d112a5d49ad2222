"""Spinal Instability Neoplastic Score (000 Tableau 4; Fisher CG et al. Spine 2010;35:E1221-9).

Six items scored from the referential, the total banded into stable, potentially unstable
and unstable. The location class comes from the lesion's spine level, matched against the
level ranges of the referential; the coccyx has no class (the score does not apply there).
"""

from dataclasses import dataclass

from scoring.engine.bands import Band
from scoring.engine.facts import LesionFacts
from scoring.engine.mirels import (
    PointsItem,
    Resolved,
    parse_points_items,
    parse_score_bands,
    points_score,
    resolve,
)
from scoring.engine.referential import ReferentialError
from scoring.engine.results import Missing, Reason, Score
from scoring.engine.vertebrae import VERTEBRAE, level_name

TOPIC = "sins"
NAME = "SINS"
SPINE = "spine"
ITEMS = ("location", "pain", "lesion_type", "alignment", "collapse", "posterolateral")
# The pain item's findings, as the code derives them from the lesion's pain facts.
MECHANICAL, NON_MECHANICAL, PAIN_FREE = "mechanical", "non_mechanical", "pain_free"
NO_PAIN = "none"  # the patients app's pain code for "no pain"
MISSING_MECHANICAL = Missing("pain_mechanical", "caractère mécanique de la douleur",
                             "whether the pain is mechanical")


@dataclass(frozen=True)
class SinsTable:
    source: str
    items: dict[str, PointsItem]
    bands: tuple[Band, ...]
    location_by_level: dict[int, str]  # spine level -> location finding
    not_applicable: tuple[str, ...]  # vertebra codes outside the score (the coccyx)
    not_applicable_source: str


def parse_sins(data: dict) -> SinsTable:
    if not isinstance(data.get("source"), str) or not data["source"].strip():
        raise ReferentialError(f"{TOPIC}: the table must cite its source.")
    items = parse_points_items(data, ITEMS, TOPIC)
    pain = {row.finding for row in items["pain"].rows}
    if pain != {MECHANICAL, NON_MECHANICAL, PAIN_FREE}:
        raise ReferentialError(f"{TOPIC}, item pain: the findings must be {MECHANICAL}, "
                               f"{NON_MECHANICAL} and {PAIN_FREE}.")
    not_applicable, source = _parse_not_applicable(data.get("not_applicable") or {})
    return SinsTable(
        source=data["source"], items=items, bands=parse_score_bands(data, TOPIC),
        location_by_level=_location_by_level(items["location"], not_applicable),
        not_applicable=not_applicable, not_applicable_source=source,
    )


def _parse_not_applicable(data: dict) -> tuple[tuple[str, ...], str]:
    sites = tuple(data.get("sites") or ())
    if any(site not in VERTEBRAE for site in sites):
        raise ReferentialError(f"{TOPIC}, not_applicable: unknown vertebra in {sites}.")
    if sites and not (isinstance(data.get("source"), str) and data["source"].strip()):
        raise ReferentialError(f"{TOPIC}, not_applicable: every row must cite its source.")
    return sites, data.get("source", "")


def _location_by_level(item: PointsItem, not_applicable: tuple[str, ...]) -> dict[int, str]:
    """Every vertebra in exactly one location class, except those outside the score."""
    classes: dict[int, str] = {}
    for row in item.rows:
        where = f"{TOPIC}, item location, {row.finding}"
        for bounds in row.data.get("ranges") or []:
            if (not isinstance(bounds, list) or len(bounds) != 2
                    or any(code not in VERTEBRAE for code in bounds)):
                raise ReferentialError(f"{where}: {bounds!r} is not a range of vertebrae.")
            first, last = VERTEBRAE.index(bounds[0]), VERTEBRAE.index(bounds[1])
            if first > last:
                raise ReferentialError(f"{where}: {bounds!r} runs backwards.")
            for level in range(first, last + 1):
                if level in classes or VERTEBRAE[level] in not_applicable:
                    raise ReferentialError(f"{where}: {VERTEBRAE[level]} has two classes.")
                classes[level] = row.finding
    uncovered = [code for level, code in enumerate(VERTEBRAE)
                 if level not in classes and code not in not_applicable]
    if uncovered:
        raise ReferentialError(f"{TOPIC}, item location: no class for {', '.join(uncovered)}.")
    return classes


def score_sins(lesion: LesionFacts, table: SinsTable) -> Score | None:
    """The SINS of a spinal lesion; None outside the spine and where the referential says the
    score does not apply (the coccyx)."""
    if lesion.region != SPINE:
        return None
    level = spine_level(lesion)
    if level is not None and VERTEBRAE[level] in table.not_applicable:
        return None
    items = table.items
    location = table.location_by_level.get(level) if level is not None else None
    resolved = [
        resolve(items["location"], location),
        _pain(lesion, items["pain"]),
        resolve(items["lesion_type"], lesion.lesion_type),
        resolve(items["alignment"], lesion.alignment),
        resolve(items["collapse"], lesion.collapse),
        resolve(items["posterolateral"], lesion.posterolateral),
    ]
    notes = (_location_reason(level, items["location"]),) if location is not None else ()
    return points_score(NAME, resolved, table.bands, table.source, notes)


def spine_level(lesion: LesionFacts) -> int | None:
    """The lesion's level (0 = C0), from the resolved level or else from its site code."""
    if lesion.spine_level is not None:
        return lesion.spine_level if 0 <= lesion.spine_level < len(VERTEBRAE) else None
    return VERTEBRAE.index(lesion.site) if lesion.site in VERTEBRAE else None


def _pain(lesion: LesionFacts, item: PointsItem) -> Resolved:
    """Pain-free when there is no pain; otherwise mechanical or not, which must be known."""
    if lesion.pain is None:
        return resolve(item, None)
    if lesion.pain == NO_PAIN:
        return resolve(item, PAIN_FREE)
    if lesion.pain_mechanical is None:
        return resolve(item, None, MISSING_MECHANICAL)
    return resolve(item, MECHANICAL if lesion.pain_mechanical else NON_MECHANICAL)


def _location_reason(level: int, item: PointsItem) -> Reason:
    """Which class the vertebra falls in, with the class's ranges as the table writes them."""
    vertebra = level_name(VERTEBRAE[level])
    row = next(row for row in item.rows if level in _levels(row.data.get("ranges")))
    ranges = ", ".join(f"{level_name(first)}-{level_name(last)}"
                       for first, last in row.data["ranges"])
    return Reason(
        rule_id=f"{TOPIC}.location", source=row.source,
        text_fr=f"{NAME} : {vertebra}, localisation {row.label_fr} ({ranges}) : {row.points}.",
        text_en=f"{NAME}: {vertebra}, {row.label_en} location ({ranges}): {row.points}.",
    )


def _levels(ranges) -> set[int]:
    return {level for first, last in ranges or ()
            for level in range(VERTEBRAE.index(first), VERTEBRAE.index(last) + 1)}
