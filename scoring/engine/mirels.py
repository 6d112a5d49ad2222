"""Mirels score: the risk of pathological fracture of a long-bone metastasis (000 Tableau 3;
Mirels H. Clin Orthop Relat Res 1989;(249):256-64).

Four items scored from the referential (site, pain, lesion type, size), the total banded into
radiotherapy, intermediate and prophylactic surgery. The points-table machinery here (items,
rows, a Score built from them) is shared with the SINS (`scoring.engine.sins`): both are
"one finding per item, one row per finding, points summed, total banded".
"""

from dataclasses import dataclass
from decimal import Decimal

from scoring.engine.bands import Band, find_band, parse_bands
from scoring.engine.facts import LesionFacts
from scoring.engine.referential import ReferentialError
from scoring.engine.results import Missing, Reason, Score, ScoreItem

TOPIC = "mirels"
NAME = "Mirels"
LONG_BONE = "long_bone"
ITEMS = ("site", "pain", "lesion_type", "size")
LIMBS = ("upper", "lower")
_ROW_KEYS = {"finding", "points", "label_fr", "label_en", "source"}


@dataclass(frozen=True)
class PointsRow:
    """One finding of an item and the points it gives, with its citation."""

    finding: str
    points: int
    label_fr: str
    label_en: str
    source: str
    data: dict  # the row's other keys (limb, segments, ranges, scored_as, rationale...)


@dataclass(frozen=True)
class PointsItem:
    name: str
    label_fr: str
    label_en: str
    rows: tuple[PointsRow, ...]

    def row(self, finding: str | None) -> PointsRow | None:
        return next((row for row in self.rows if row.finding == finding), None)

    @property
    def max_points(self) -> int:
        return max(row.points for row in self.rows)


@dataclass(frozen=True)
class MirelsTable:
    source: str
    items: dict[str, PointsItem]
    bands: tuple[Band, ...]


def parse_mirels(data: dict) -> MirelsTable:
    table = MirelsTable(
        source=_cited(data, TOPIC),
        items=parse_points_items(data, ITEMS, TOPIC),
        bands=parse_score_bands(data, TOPIC),
    )
    _check_site_rows(table.items["site"])
    _check_scored_as(table.items)
    return table


def parse_points_items(data: dict, names: tuple[str, ...], topic: str) -> dict[str, PointsItem]:
    """The items of a points score: exactly `names`, each with cited, labelled rows."""
    items = data.get("items")
    if not isinstance(items, dict) or set(items) != set(names):
        raise ReferentialError(f"{topic}: the items must be exactly {', '.join(names)}.")
    return {name: _parse_item(name, items[name], f"{topic}, item {name}") for name in names}


def _parse_item(name: str, data: dict, where: str) -> PointsItem:
    rows = data.get("rows") if isinstance(data, dict) else None
    if not rows or not isinstance(rows, list):
        raise ReferentialError(f"{where}: the item has no rows.")
    parsed = tuple(_parse_row(row, f"{where}, row {index + 1}") for index, row in enumerate(rows))
    findings = [row.finding for row in parsed]
    if len(set(findings)) != len(findings):
        raise ReferentialError(f"{where}: a finding is listed twice.")
    return PointsItem(name=name, label_fr=_text(data, "label_fr", where),
                      label_en=_text(data, "label_en", where), rows=parsed)


def _parse_row(row: dict, where: str) -> PointsRow:
    if not isinstance(row, dict):
        raise ReferentialError(f"{where}: a row must be an object.")
    points = row.get("points")
    if isinstance(points, bool) or not isinstance(points, int) or points < 0:
        raise ReferentialError(f"{where}: points must be a whole number, 0 or more.")
    return PointsRow(
        finding=_text(row, "finding", where), points=points,
        label_fr=_text(row, "label_fr", where), label_en=_text(row, "label_en", where),
        source=_cited(row, where), data={k: v for k, v in row.items() if k not in _ROW_KEYS},
    )


def parse_score_bands(data: dict, topic: str) -> tuple[Band, ...]:
    """Bands over the total, each labelled in French and English and cited."""
    bands = parse_bands(data.get("bands") or [], topic)
    for index, band in enumerate(bands):
        _text(band.data, "label_fr", f"{topic}, band {index + 1}")
        _text(band.data, "label_en", f"{topic}, band {index + 1}")
    codes = [band.code for band in bands]
    if "" in codes or len(set(codes)) != len(codes):
        raise ReferentialError(f"{topic}: every band needs its own code.")
    return bands


def _check_site_rows(item: PointsItem) -> None:
    """Each limb has one row without segments, and no segment in two rows."""
    if any(row.data.get("limb") not in LIMBS for row in item.rows):
        raise ReferentialError(f"{TOPIC}, item site: every row names a limb {LIMBS}.")
    if not all(isinstance(row.data.get("segments", []), list) for row in item.rows):
        raise ReferentialError(f"{TOPIC}, item site: segments must be a list.")
    for limb in LIMBS:
        rows = [row for row in item.rows if row.data.get("limb") == limb]
        if len([row for row in rows if not row.data.get("segments")]) != 1:
            raise ReferentialError(f"{TOPIC}, item site: the {limb} limb needs one row "
                                   f"without segments.")
        segments = [s for row in rows for s in row.data.get("segments") or []]
        if not all(isinstance(s, str) for s in segments) or len(set(segments)) != len(segments):
            raise ReferentialError(f"{TOPIC}, item site: a {limb} segment is listed twice "
                                   f"or is not a code.")


def _check_scored_as(items: dict[str, PointsItem]) -> None:
    """A finding scored as another must point to a row of its item with the same points."""
    for item in items.values():
        for row in item.rows:
            if "scored_as" not in row.data:
                continue
            target = item.row(row.data["scored_as"])
            if target is None or target.points != row.points or target is row:
                raise ReferentialError(f"{TOPIC}, item {item.name}, {row.finding}: scored_as "
                                       f"must name another row with the same points.")


def _text(data: dict, key: str, where: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ReferentialError(f"{where}: {key!r} is missing.")
    return value


def _cited(data: dict, where: str) -> str:
    if not isinstance(data.get("source"), str) or not data["source"].strip():
        raise ReferentialError(f"{where}: every row must cite its source.")
    return data["source"]


def score_mirels(lesion: LesionFacts, table: MirelsTable) -> Score | None:
    """The Mirels score of a long-bone lesion; None elsewhere (the score does not apply)."""
    if lesion.region != LONG_BONE:
        return None
    items = table.items
    resolved = [
        resolve(items["site"], _site_finding(lesion, items["site"])),
        resolve(items["pain"], lesion.pain),
        resolve(items["lesion_type"], lesion.lesion_type),
        resolve(items["size"], lesion.cortical_involvement),
    ]
    notes = tuple(_scored_as_reason(item, row) for item, row, _ in resolved
                  if row is not None and row.data.get("scored_as"))
    return points_score(NAME, resolved, table.bands, table.source, notes)


def _site_finding(lesion: LesionFacts, item: PointsItem) -> str | None:
    """The site row for the lesion's limb and segment: a row naming the segment wins over
    the limb's row; an unknown segment on a limb with segment rows stays unknown."""
    rows = [row for row in item.rows if row.data.get("limb") == lesion.limb]
    if not rows:
        return None
    for row in rows:
        if lesion.segment and lesion.segment in (row.data.get("segments") or ()):
            return row.finding
    if not lesion.segment and any(row.data.get("segments") for row in rows):
        return None
    return next(row.finding for row in rows if not row.data.get("segments"))


Resolved = tuple[PointsItem, PointsRow | None, Missing | None]


def resolve(item: PointsItem, finding: str | None, missing: Missing | None = None) -> Resolved:
    """The item's row for a finding, or what is missing (an unknown or unrecognised one)."""
    row = item.row(finding) if finding is not None else None
    if row is not None:
        return item, row, None
    return item, None, missing or Missing(item.name, _lower_first(item.label_fr),
                                          _lower_first(item.label_en))


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def points_score(name: str, resolved: list[Resolved], bands: tuple[Band, ...], source: str,
                 notes: tuple[Reason, ...] = ()) -> Score:
    """Sum the points; total and band only when every item is known."""
    items = tuple(_score_item(item, row) for item, row, _ in resolved)
    missing = tuple(m for _, _, m in resolved if m is not None)
    maximum = sum(item.max_points for item, _, _ in resolved)
    if missing:
        return Score(name=name, total=None, band=None, items=items, missing=missing,
                     reasons=(_incomplete_reason(name, items, missing, source), *notes))
    total = sum(row.points for _, row, _ in resolved)
    band = find_band(bands, Decimal(total))
    reasons = (_total_reason(name, resolved, total, maximum, source),
               _band_reason(name, total, band), *notes)
    return Score(name=name, total=total, band=band.code, items=items, reasons=reasons,
                 band_label_fr=band.data["label_fr"], band_label_en=band.data["label_en"])


def _score_item(item: PointsItem, row: PointsRow | None) -> ScoreItem:
    if row is None:
        return ScoreItem(item.name, None, None, item.label_fr, item.label_en)
    return ScoreItem(item.name, row.finding, row.points, item.label_fr, item.label_en,
                     row.label_fr, row.label_en)


def _total_reason(name, resolved: list[Resolved], total, maximum, source) -> Reason:
    fr = " ; ".join(f"{item.label_fr.lower()} : {row.label_fr} ({row.points})"
                    for item, row, _ in resolved)
    en = "; ".join(f"{item.label_en.lower()}: {row.label_en} ({row.points})"
                   for item, row, _ in resolved)
    return Reason(rule_id=f"{name.lower()}.total", source=source,
                  text_fr=f"{name} {total}/{maximum} — {fr}.",
                  text_en=f"{name} {total}/{maximum} — {en}.")


def _band_reason(name: str, total: int, band: Band) -> Reason:
    return Reason(
        rule_id=f"{name.lower()}.band", source=band.source,
        text_fr=f"{name} {total} ({band.describe()}) : {band.data['label_fr']}.",
        text_en=f"{name} {total} ({band.describe()}): {band.data['label_en']}.",
    )


def _incomplete_reason(name, items: tuple[ScoreItem, ...], missing, source) -> Reason:
    known = sum(item.points for item in items if item.points is not None)
    fr = ", ".join(m.label_fr for m in missing)
    en = ", ".join(m.label_en for m in missing)
    return Reason(
        rule_id=f"{name.lower()}.incomplete", source=source,
        text_fr=(f"{name} incomplet, inconnu(s) : {fr}. Les items connus font {known} points, "
                 f"ce qui n'est pas le score."),
        text_en=(f"{name} incomplete, unknown: {en}. The known items make {known} points, "
                 f"which is not the score."),
    )


def _scored_as_reason(item: PointsItem, row: PointsRow) -> Reason:
    """Say so when a finding the table has no cell for is scored as another one."""
    target = item.row(row.data["scored_as"])
    target_fr = target.label_fr if target else row.data["scored_as"]
    target_en = target.label_en if target else row.data["scored_as"]
    return Reason(
        rule_id=f"{TOPIC}.{item.name}.scored_as", source=row.source,
        text_fr=(f"{NAME} : {item.label_fr.lower()} « {row.label_fr} » cotée comme "
                 f"« {target_fr} » ({row.points}) : le tableau n'a pas de cotation pour ce cas."),
        text_en=(f"{NAME}: {item.label_en.lower()} '{row.label_en}' scored as '{target_en}' "
                 f"({row.points}): the table has no value for this case."),
    )
