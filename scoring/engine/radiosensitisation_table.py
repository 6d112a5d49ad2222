"""The radiosensitisation referential table (000 Tableau 2), parsed and validated.

Kept apart from the planning rules so each file reads in one go. A table is refused when a
class or drug row is uncited, a window is negative or missing, a half-life is not positive or
is given without its own citation.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from scoring.engine.referential import ReferentialError

TOPIC = "radiosensitisation"
WINDOW_KINDS = ("fixed", "none", "half_lives", "unknown")


@dataclass(frozen=True)
class DrugClass:
    code: str
    window: str  # "fixed" (days in each drug row), "none", "half_lives", "unknown"
    label_fr: str
    label_en: str
    source: str
    applies_after: bool = True  # the wash-out also applies after radiotherapy
    emergency_override: bool = False  # an emergency waives the window


@dataclass(frozen=True)
class DrugRule:
    drug_code: str
    drug_class: str
    window_before_days: int | None
    window_after_days: int | None
    half_life_hours: Decimal | None  # None: unknown, ask the pharmacist
    half_life_source: str
    half_life_note: str
    source: str


@dataclass(frozen=True)
class RadiosensitisationTable:
    same_day_min_gap_days: int
    same_day_source: str
    washout_half_lives: int
    washout_source: str
    long_half_life_max_washout_days: int
    long_half_life_source: str
    classes: Mapping[str, DrugClass]
    drugs: Mapping[str, DrugRule]
    source: str


def parse_radiosensitisation(data: dict) -> RadiosensitisationTable:
    classes = {code: _parse_class(code, row) for code, row in _dict(data, "classes").items()}
    drugs: dict[str, DrugRule] = {}
    for index, row in enumerate(_list(data, "drugs")):
        rule = _parse_drug(row, index + 1, classes)
        if rule.drug_code in drugs:
            raise ReferentialError(f"{TOPIC}, drug {rule.drug_code!r}: listed twice.")
        drugs[rule.drug_code] = rule
    return RadiosensitisationTable(
        same_day_min_gap_days=_int(data.get("same_day_min_gap_days"),
                                   f"{TOPIC}: same_day_min_gap_days"),
        same_day_source=_text(data, "same_day_source", TOPIC),
        washout_half_lives=_int(data.get("washout_half_lives"),
                                f"{TOPIC}: washout_half_lives", 1),
        washout_source=_text(data, "washout_source", TOPIC),
        long_half_life_max_washout_days=_int(data.get("long_half_life_max_washout_days"),
                                             f"{TOPIC}: long_half_life_max_washout_days", 1),
        long_half_life_source=_text(data, "long_half_life_source", TOPIC),
        classes=classes,
        drugs=drugs,
        source=_text(data, "source", TOPIC),
    )


def _parse_class(code: str, row: dict) -> DrugClass:
    where = f"{TOPIC}, class {code!r}"
    if row.get("window") not in WINDOW_KINDS:
        raise ReferentialError(f"{where}: window must be one of {', '.join(WINDOW_KINDS)}.")
    return DrugClass(
        code=code,
        window=row["window"],
        label_fr=_text(row, "label_fr", where),
        label_en=_text(row, "label_en", where),
        source=_text(row, "source", where),
        applies_after=bool(row.get("applies_after", True)),
        emergency_override=bool(row.get("emergency_override", False)),
    )


def _parse_drug(row: dict, number: int, classes: dict[str, DrugClass]) -> DrugRule:
    code = row.get("drug_code") or f"row {number}"
    where = f"{TOPIC}, drug {code!r}"
    source = _text(row, "source", where)
    drug_class = classes.get(row.get("class"))
    if drug_class is None:
        raise ReferentialError(f"{where}: unknown class {row.get('class')!r}.")
    fixed = drug_class.window == "fixed"
    if not fixed and ("window_before_days" in row or "window_after_days" in row):
        raise ReferentialError(f"{where}: only a 'fixed' class row gives windows in days.")
    half_life = _half_life(row.get("half_life_hours"), where)
    if half_life is not None and not row.get("half_life_source"):
        raise ReferentialError(f"{where}: a half-life must cite its own source.")
    return DrugRule(
        drug_code=_text(row, "drug_code", where),
        drug_class=drug_class.code,
        window_before_days=_int(row.get("window_before_days"), f"{where}: window_before_days")
        if fixed else None,
        window_after_days=_int(row.get("window_after_days"), f"{where}: window_after_days")
        if fixed else None,
        half_life_hours=half_life,
        half_life_source=row.get("half_life_source", ""),
        half_life_note=row.get("half_life_note", ""),
        source=source,
    )


def _half_life(value, where: str) -> Decimal | None:
    if value is None:
        return None
    try:
        hours = Decimal(str(value))
    except InvalidOperation:
        raise ReferentialError(f"{where}: half-life {value!r} is not a number.") from None
    if not hours > 0:
        raise ReferentialError(f"{where}: half-life must be positive.")
    return hours


def _int(value, where: str, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ReferentialError(f"{where} must be a whole number of days, got {value!r}.")
    if value < minimum:
        raise ReferentialError(f"{where} must be at least {minimum}, got {value}.")
    return value


def _text(row: dict, key: str, where: str) -> str:
    value = row.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ReferentialError(f"{where}: {key!r} is missing (every row must cite its source).")
    return value


def _dict(data: dict, key: str) -> dict:
    if not isinstance(data.get(key), dict) or not data[key]:
        raise ReferentialError(f"{TOPIC}: {key!r} must be a non-empty object.")
    return data[key]


def _list(data: dict, key: str) -> list:
    if not isinstance(data.get(key), list) or not data[key]:
        raise ReferentialError(f"{TOPIC}: {key!r} must be a non-empty list.")
    return data[key]
