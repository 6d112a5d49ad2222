"""The haemorrhagic-risk referential table (002/003 section 4), parsed and validated.

Thresholds say whether their bound is inclusive (the texts write '> 50 000': the seed makes it
exclusive and the tests pin it). Every antithrombotic row cites its source; delays are
non-negative whole numbers of days or hours.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from scoring.engine.referential import ReferentialError

TOPIC = "haemorrhagic_risk"
ACTIONS = ("stop", "relay", "dose_dependent", "ask")
UNITS = ("days", "hours")
LABS = ("platelets", "prothrombin")


@dataclass(frozen=True)
class LabThreshold:
    minimum: Decimal
    minimum_inclusive: bool
    unit: str
    label_fr: str
    label_en: str
    source: str

    def passes(self, value: Decimal) -> bool:
        return value >= self.minimum if self.minimum_inclusive else value > self.minimum


@dataclass(frozen=True)
class AntithromboticRule:
    drug_code: str
    action: str  # "stop", "relay", "dose_dependent", "ask"
    source: str
    stop_delay: tuple[int, str] | None = None  # (value, "days" | "hours")
    relay_drugs: tuple[str, ...] = ()
    relay_stop_delay: tuple[int, str] | None = None
    continue_below_mg: Decimal | None = None
    by_class: bool = False  # applied by the class wording, the drug itself is not named


@dataclass(frozen=True)
class HaemorrhagicRiskTable:
    labs: Mapping[str, LabThreshold]
    lab_max_age_days: int
    lab_max_age_source: str
    antithrombotics: Mapping[str, AntithromboticRule]
    agreement_source: str
    source: str


def parse_haemorrhagic_risk(data: dict) -> HaemorrhagicRiskTable:
    labs = data.get("labs") or {}
    if set(labs) != set(LABS):
        raise ReferentialError(f"{TOPIC}: labs must give exactly {', '.join(LABS)}.")
    rules: dict[str, AntithromboticRule] = {}
    for index, row in enumerate(data.get("antithrombotics") or []):
        rule = _parse_rule(row, index + 1)
        if rule.drug_code in rules:
            raise ReferentialError(f"{TOPIC}, drug {rule.drug_code!r}: listed twice.")
        rules[rule.drug_code] = rule
    if not rules:
        raise ReferentialError(f"{TOPIC}: the antithrombotic table is empty.")
    max_age = data.get("lab_max_age_days")
    if isinstance(max_age, bool) or not isinstance(max_age, int) or max_age < 0:
        raise ReferentialError(f"{TOPIC}: lab_max_age_days must be a non-negative whole number.")
    return HaemorrhagicRiskTable(
        labs={kind: _parse_lab(kind, labs[kind]) for kind in LABS},
        lab_max_age_days=max_age,
        lab_max_age_source=_text(data, "lab_max_age_source", TOPIC),
        antithrombotics=rules,
        agreement_source=_text(data, "agreement_source", TOPIC),
        source=_text(data, "source", TOPIC),
    )


def _parse_lab(kind: str, row: dict) -> LabThreshold:
    where = f"{TOPIC}, lab {kind!r}"
    minimum = _decimal(row.get("minimum"), where)
    if minimum <= 0:
        raise ReferentialError(f"{where}: the minimum must be positive.")
    if not isinstance(row.get("minimum_inclusive"), bool):
        raise ReferentialError(f"{where}: minimum_inclusive must say true or false.")
    return LabThreshold(minimum, row["minimum_inclusive"], _text(row, "unit", where),
                        _text(row, "label_fr", where), _text(row, "label_en", where),
                        _text(row, "source", where))


def _parse_rule(row: dict, number: int) -> AntithromboticRule:
    where = f"{TOPIC}, drug {row.get('drug_code') or f'row {number}'!r}"
    source = _text(row, "source", where)
    action = row.get("action")
    if action not in ACTIONS:
        raise ReferentialError(f"{where}: action must be one of {', '.join(ACTIONS)}.")
    rule = AntithromboticRule(drug_code=_text(row, "drug_code", where), action=action,
                              source=source, by_class=bool(row.get("by_class", False)))
    if action in ("stop", "dose_dependent"):
        rule = _with(rule, stop_delay=_delay(row.get("stop_delay"), f"{where}: stop_delay"))
    if action == "dose_dependent":
        limit = _decimal(row.get("continue_below_mg"), f"{where}: continue_below_mg")
        if limit <= 0:
            raise ReferentialError(f"{where}: continue_below_mg must be a positive dose.")
        rule = _with(rule, continue_below_mg=limit)
    if action == "relay":
        drugs = row.get("relay_drugs")
        if not drugs or not all(isinstance(d, str) and d for d in drugs):
            raise ReferentialError(f"{where}: a relay names its relay drugs.")
        rule = _with(rule, relay_drugs=tuple(drugs),
                     relay_stop_delay=_delay(row.get("relay_stop_delay"),
                                             f"{where}: relay_stop_delay"))
    return rule


def _with(rule: AntithromboticRule, **changes) -> AntithromboticRule:
    return AntithromboticRule(**{**rule.__dict__, **changes})


def _delay(value, where: str) -> tuple[int, str]:
    if not isinstance(value, dict) or value.get("unit") not in UNITS:
        raise ReferentialError(f"{where}: give {{'value': n, 'unit': 'days' or 'hours'}}.")
    amount = value.get("value")
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
        raise ReferentialError(f"{where}: the delay must be a non-negative whole number.")
    return amount, value["unit"]


def _decimal(value, where: str) -> Decimal:
    if value is None or isinstance(value, bool):
        raise ReferentialError(f"{where}: a number is required.")
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise ReferentialError(f"{where}: {value!r} is not a number.") from None


def _text(row: dict, key: str, where: str) -> str:
    value = row.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ReferentialError(f"{where}: {key!r} is missing (every row must cite its source).")
    return value
