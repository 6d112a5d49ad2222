"""Creatinine clearance by the Cockcroft-Gault formula, in mL/min.

The zoledronic acid dose (001 Tableau 2) is read from this clearance. The formula's sex
coefficients for creatinine in µmol/L come from the referential, with their citation.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from scoring.engine.referential import ReferentialError
from scoring.engine.results import Missing, Reason, Result

RULE_ID = "renal.cockcroft_gault"


@dataclass(frozen=True)
class CockcroftGaultTable:
    age_offset: int  # the "140" of (140 - age)
    coefficient_male: Decimal
    coefficient_female: Decimal
    source: str


def parse_cockcroft_gault(data: dict) -> CockcroftGaultTable:
    try:
        table = CockcroftGaultTable(
            age_offset=int(data["age_offset"]),
            coefficient_male=Decimal(str(data["coefficient_male"])),
            coefficient_female=Decimal(str(data["coefficient_female"])),
            source=data["source"],
        )
    except (KeyError, ValueError, ArithmeticError) as error:
        raise ReferentialError(f"cockcroft_gault: invalid or missing value ({error}).") from None
    if table.coefficient_male <= 0 or table.coefficient_female <= 0 or not table.source:
        raise ReferentialError("cockcroft_gault: coefficients must be positive and cited.")
    return table


@dataclass(frozen=True)
class RenalFacts:
    age_years: int | None
    sex: str | None  # "F" or "M"
    weight_kg: Decimal | None
    creatinine_umol_l: Decimal | None


@dataclass(frozen=True)
class Clearance:
    ml_per_min: Decimal
    formula: str


def creatinine_clearance(facts: RenalFacts, table: CockcroftGaultTable) -> Result:
    missing = []
    if facts.age_years is None:
        missing.append(Missing("age", "âge", "age"))
    if facts.sex not in ("F", "M"):
        missing.append(Missing("sex", "sexe", "sex"))
    if facts.weight_kg is None:
        missing.append(Missing("weight", "poids", "weight"))
    if facts.creatinine_umol_l is None:
        missing.append(Missing("creatinine", "créatininémie", "serum creatinine"))
    if missing:
        return Result(value=None, missing=tuple(missing))

    coefficient = table.coefficient_female if facts.sex == "F" else table.coefficient_male
    raw = (
        (table.age_offset - facts.age_years)
        * Decimal(facts.weight_kg)
        * coefficient
        / Decimal(facts.creatinine_umol_l)
    )
    # Half up, as a hand calculation or a clinical calculator rounds (67.65 -> 67.7); the
    # Decimal default (half even) would print 67.6 and disagree with the formula shown.
    value = raw.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    formula = (
        f"({table.age_offset} − {facts.age_years}) × {_plain(facts.weight_kg)} × {coefficient}"
        f" / {_plain(facts.creatinine_umol_l)} = {value}"
    )
    reason = Reason(
        rule_id=RULE_ID,
        text_fr=f"Clairance de Cockcroft-Gault : {formula.replace('.', ',')} mL/min.",
        text_en=f"Cockcroft-Gault clearance: {formula} mL/min.",
        source=table.source,
    )
    return Result(value=Clearance(ml_per_min=value, formula=formula), reasons=(reason,))


def _plain(number: Decimal | int | float) -> str:
    """70.00 -> "70", 90.50 -> "90.5": the value as typed, without storage padding."""
    text = format(Decimal(number).normalize(), "f")
    return text
