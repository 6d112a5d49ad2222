"""The radiotherapy referential table (000 Questions 13-14, 004), parsed and validated.

A table is refused when a row is uncited, a dose or fraction count is not positive, a dose
range is reversed, a day count or field margin is negative, or a Mirels/SINS band row names an
unknown effect.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from scoring.engine.referential import ReferentialError

TOPIC = "radiotherapy"
EFFECTS = ("indication", "indication_with_caution", "surgery_first", "none")
SCORES = ("mirels", "sins")
SCHEME_KINDS = ("palliative", "sbrt")


@dataclass(frozen=True)
class BandRule:
    """What a Mirels or SINS band means for the fracture-risk indication."""

    score: str
    band: str
    effect: str
    text_fr: str
    text_en: str
    source: str


@dataclass(frozen=True)
class Scheme:
    code: str
    kind: str  # "palliative" or "sbrt"
    fractions: int
    dose_per_fraction_gy_min: Decimal
    dose_per_fraction_gy_max: Decimal
    label_fr: str
    label_en: str
    trade_off_fr: str
    trade_off_en: str
    source: str
    preferred_regions: tuple[str, ...] = ()  # empty: any region
    caution_fr: str = ""  # shown outside the preferred regions
    caution_en: str = ""


@dataclass(frozen=True)
class RadiotherapyTable:
    painful_levels: tuple[str, ...]
    pain_source: str
    fracture_source: str
    score_by_region: Mapping[str, str]  # region -> "mirels" or "sins"
    score_by_region_source: str
    band_rules: Mapping[tuple[str, str], BandRule]  # (score, band) -> rule
    cord_regions: tuple[str, ...]
    cord_deficits: tuple[str, ...]
    cord_bilsky_grades: tuple[str, ...]
    cord_source: str
    postoperative_days_min: int
    postoperative_days_max: int
    postoperative_source: str
    oligometastatic_source: str
    schemes: tuple[Scheme, ...]
    spine_margin: int
    spine_margin_epidural: int
    spine_field_source: str
    long_bone_field_source: str
    vertebra_labels: tuple[str, ...]  # index = spine level
    bone_labels: Mapping[str, tuple[str, str]]  # bone code -> (fr, en)
    reirradiation_source: str
    source: str


def parse_radiotherapy(data: dict) -> RadiotherapyTable:
    ind, field = _obj(data, "indications", TOPIC), _obj(data, "field", TOPIC)
    pain, fracture = _obj(ind, "pain", TOPIC), _obj(ind, "fracture_risk", TOPIC)
    cord, postop = _obj(ind, "cord_compression", TOPIC), _obj(ind, "postoperative", TOPIC)
    spine = _obj(field, "spine", TOPIC)
    days_min = _int(postop.get("start_after_days_min"), "postoperative start_after_days_min")
    days_max = _int(postop.get("start_after_days_max"), "postoperative start_after_days_max")
    if days_min > days_max:
        raise ReferentialError(f"{TOPIC}: the post-operative window ends before it starts.")
    if not isinstance(data.get("schemes"), list) or not data["schemes"]:
        raise ReferentialError(f"{TOPIC}: schemes must be a non-empty list.")
    return RadiotherapyTable(
        painful_levels=_codes(pain, "painful_levels"),
        pain_source=_text(pain, "source", f"{TOPIC}, pain"),
        fracture_source=_text(fracture, "source", f"{TOPIC}, fracture_risk"),
        score_by_region=_score_by_region(fracture.get("score_by_region")),
        score_by_region_source=_text(fracture, "score_by_region_source",
                                     f"{TOPIC}, fracture_risk"),
        band_rules=_band_rules(fracture.get("bands")),
        cord_regions=_codes(cord, "regions"),
        cord_deficits=_codes(cord, "deficits"),
        cord_bilsky_grades=_codes(cord, "bilsky_grades"),
        cord_source=_text(cord, "source", f"{TOPIC}, cord_compression"),
        postoperative_days_min=days_min,
        postoperative_days_max=days_max,
        postoperative_source=_text(postop, "source", f"{TOPIC}, postoperative"),
        oligometastatic_source=_text(_obj(ind, "oligometastatic", TOPIC), "source",
                                     f"{TOPIC}, oligometastatic"),
        schemes=tuple(_scheme(row, n + 1) for n, row in enumerate(data["schemes"])),
        spine_margin=_int(spine.get("margin_vertebrae"), "field spine margin_vertebrae"),
        spine_margin_epidural=_int(spine.get("margin_vertebrae_epidural"),
                                   "field spine margin_vertebrae_epidural"),
        spine_field_source=_text(spine, "source", f"{TOPIC}, field spine"),
        long_bone_field_source=_text(_obj(field, "long_bone", TOPIC), "source",
                                     f"{TOPIC}, field long_bone"),
        vertebra_labels=_codes(field, "vertebra_labels"),
        bone_labels=_bone_labels(field.get("bone_labels")),
        reirradiation_source=_text(_obj(data, "reirradiation", TOPIC), "source",
                                   f"{TOPIC}, reirradiation"),
        source=_text(data, "source", TOPIC),
    )


def _score_by_region(mapping) -> dict[str, str]:
    if not isinstance(mapping, dict) or not mapping or not set(mapping.values()) <= set(SCORES):
        raise ReferentialError(f"{TOPIC}: score_by_region maps regions to "
                               f"{' or '.join(SCORES)}.")
    return dict(mapping)


def _band_rules(rows) -> dict[tuple[str, str], BandRule]:
    if not isinstance(rows, list) or not rows:
        raise ReferentialError(f"{TOPIC}: fracture_risk bands must be a non-empty list.")
    rules = {}
    for number, row in enumerate(rows, start=1):
        where = f"{TOPIC}, fracture_risk band row {number}"
        rule = BandRule(row.get("score"), _text(row, "band", where), row.get("effect"),
                        _text(row, "text_fr", where), _text(row, "text_en", where),
                        _text(row, "source", where))
        if rule.score not in SCORES or rule.effect not in EFFECTS:
            raise ReferentialError(f"{where}: score must be one of {', '.join(SCORES)} and "
                                   f"effect one of {', '.join(EFFECTS)}.")
        rules[(rule.score, rule.band)] = rule
    return rules


def _scheme(row: dict, number: int) -> Scheme:
    where = f"{TOPIC}, scheme {row.get('code') or number!r}"
    fractions = row.get("fractions")
    if isinstance(fractions, bool) or not isinstance(fractions, int) or fractions < 1:
        raise ReferentialError(f"{where}: the number of fractions must be a positive integer.")
    low = _dose(row.get("dose_per_fraction_gy_min"), where)
    high = _dose(row.get("dose_per_fraction_gy_max"), where)
    if low > high:
        raise ReferentialError(f"{where}: the dose range is reversed.")
    if row.get("kind") not in SCHEME_KINDS:
        raise ReferentialError(f"{where}: kind must be one of {', '.join(SCHEME_KINDS)}.")
    return Scheme(
        code=_text(row, "code", where), kind=row["kind"], fractions=fractions,
        dose_per_fraction_gy_min=low, dose_per_fraction_gy_max=high,
        label_fr=_text(row, "label_fr", where), label_en=_text(row, "label_en", where),
        trade_off_fr=_text(row, "trade_off_fr", where),
        trade_off_en=_text(row, "trade_off_en", where),
        source=_text(row, "source", where),
        preferred_regions=tuple(row.get("preferred_regions") or ()),
        caution_fr=row.get("caution_fr", ""), caution_en=row.get("caution_en", ""),
    )


def _bone_labels(labels) -> dict[str, tuple[str, str]]:
    if not isinstance(labels, dict) or not labels:
        raise ReferentialError(f"{TOPIC}: field bone_labels must be a non-empty object.")
    where = f"{TOPIC}, bone label"
    return {code: (_text(row, "fr", f"{where} {code!r}"), _text(row, "en", f"{where} {code!r}"))
            for code, row in labels.items()}


def _dose(value, where: str) -> Decimal:
    try:
        dose = Decimal(str(value)) if value is not None else None
    except InvalidOperation:
        dose = None
    if dose is None or not dose > 0:
        raise ReferentialError(f"{where}: the dose per fraction must be a positive number.")
    return dose


def _int(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ReferentialError(f"{TOPIC}: {name} must be a non-negative whole number.")
    return value


def _codes(row: dict, key: str) -> tuple[str, ...]:
    values = row.get(key)
    if not isinstance(values, list) or not values or not all(
            isinstance(v, str) and v for v in values):
        raise ReferentialError(f"{TOPIC}: {key} must be a non-empty list of codes.")
    return tuple(values)


def _obj(data: dict, key: str, where: str) -> dict:
    if not isinstance(data.get(key), dict):
        raise ReferentialError(f"{where}: {key!r} is missing.")
    return data[key]


def _text(row: dict, key: str, where: str) -> str:
    value = row.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ReferentialError(f"{where}: {key!r} is missing (every row must cite its source).")
    return value
