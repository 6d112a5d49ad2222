"""Zoledronic acid: the monthly dose read from the Cockcroft-Gault clearance (001 Tableau 2)
and the advice that goes with each infusion (duration, hydration, paracetamol).

The clearance is continuous while the table's bands are whole numbers: the referential states
every bound (inclusive or exclusive) and the tests pin them, so 60.0 mL/min always gets the
same dose.
"""

from dataclasses import dataclass
from decimal import Decimal

from scoring.engine.bands import Band, find_band, parse_bands
from scoring.engine.referential import ReferentialError
from scoring.engine.results import Missing, Reason, Result

TOPIC = "zoledronic_acid_dose"
RULE_ID = "antiresorptive.zoledronic_acid_dose"
ADMINISTRATION_CODES = ("infusion", "hydration", "paracetamol_first_infusion")
MISSING_CLEARANCE = Missing("creatinine_clearance", "clairance de la créatinine",
                            "creatinine clearance")


@dataclass(frozen=True)
class ZolDoseTable:
    unit: str
    bands: tuple[Band, ...]
    administration: dict[str, dict]  # code -> row (numbers and source), see ADMINISTRATION_CODES


@dataclass(frozen=True)
class ZolDose:
    clearance_ml_min: Decimal
    band: str  # the band's code, e.g. "40to49"
    band_label: str  # as the table writes it, e.g. "40-49"
    dose_mg: Decimal | None  # None when contraindicated
    contraindicated: bool


def parse_zoledronic_acid_dose(data: dict) -> ZolDoseTable:
    bands = parse_bands(data.get("bands") or [], TOPIC)
    for index, band in enumerate(bands):
        _check_band(band, f"{TOPIC}, row {index + 1}")
    rows = {row.get("code"): row for row in data.get("administration") or []}
    for code in ADMINISTRATION_CODES:
        row = rows.get(code)
        if row is None or not row.get("source"):
            raise ReferentialError(f"{TOPIC}: administration row {code!r} missing or uncited.")
        for key, value in row.items():
            if key not in ("code", "source", "note") and _number(value, f"{TOPIC}, {code}") < 0:
                raise ReferentialError(f"{TOPIC}, {code}: {key} must not be negative.")
    return ZolDoseTable(unit=str(data.get("unit", "mL/min")), bands=bands, administration=rows)


def _check_band(band: Band, where: str) -> None:
    if band.data.get("contraindicated"):
        if band.data.get("dose_mg") is not None:
            raise ReferentialError(f"{where}: a contraindicated band gives no dose.")
        return
    if _number(band.data.get("dose_mg"), where) <= 0:
        raise ReferentialError(f"{where}: the dose must be positive.")


def _number(value, where: str) -> Decimal:
    if isinstance(value, bool) or value is None:
        raise ReferentialError(f"{where}: {value!r} is not a number.")
    try:
        return Decimal(str(value))
    except ArithmeticError:
        raise ReferentialError(f"{where}: {value!r} is not a number.") from None


def zoledronic_acid_dose(clearance: Result, table: ZolDoseTable) -> Result:
    """The dose for one infusion, or the contraindication, from a complete clearance only."""
    if clearance.value is None or not clearance.complete:
        return Result(value=None, missing=clearance.missing or (MISSING_CLEARANCE,))
    value = clearance.value.ml_per_min
    band = find_band(table.bands, value)
    contraindicated = bool(band.data.get("contraindicated"))
    dose = None if contraindicated else Decimal(str(band.data["dose_mg"]))
    dose_value = ZolDose(clearance_ml_min=value, band=band.code,
                         band_label=str(band.data.get("label", band.code)),
                         dose_mg=dose, contraindicated=contraindicated)
    return Result(value=dose_value, reasons=(_dose_reason(dose_value, band, table.unit),))


def _dose_reason(dose: ZolDose, band: Band, unit: str) -> Reason:
    where = f"{dose.clearance_ml_min} {unit} ({band.describe(unit)}, table: {dose.band_label})"
    if dose.contraindicated:
        return Reason(
            rule_id=RULE_ID,
            text_fr=f"Clairance {_fr_where(where)} : acide zolédronique contre-indiqué.",
            text_en=f"Clearance {where}: zoledronic acid is contraindicated.",
            source=band.source,
        )
    return Reason(
        rule_id=RULE_ID,
        text_fr=(f"Clairance {_fr_where(where)} : acide zolédronique {fr(dose.dose_mg)} mg par "
                 f"perfusion."),
        text_en=f"Clearance {where}: zoledronic acid {dose.dose_mg} mg per infusion.",
        source=band.source,
    )


def administration_advice(table: ZolDoseTable) -> tuple[Reason, ...]:
    """How to give each infusion: duration, hydration, paracetamol at the first one."""
    infusion = table.administration["infusion"]
    hydration = table.administration["hydration"]
    paracetamol = table.administration["paracetamol_first_infusion"]
    days_fr, days_en = _days_after(hydration["days_after"])
    p_days_fr, p_days_en = _days_after(paracetamol["days_after"])
    return (
        Reason(
            rule_id="antiresorptive.zoledronic_acid.infusion",
            text_fr=(f"Perfusion intraveineuse d'au moins {infusion['min_minutes']} à "
                     f"{infusion['max_minutes']} min (l'essai de Rosen a retenu "
                     f"{infusion['trial_minutes']} min)."),
            text_en=(f"Intravenous infusion over at least {infusion['min_minutes']} to "
                     f"{infusion['max_minutes']} min (the Rosen trial used "
                     f"{infusion['trial_minutes']} min)."),
            source=infusion["source"],
        ),
        Reason(
            rule_id="antiresorptive.zoledronic_acid.hydration",
            text_fr=f"Bonne hydratation le jour de la perfusion et {days_fr}.",
            text_en=f"Good hydration on the day of the infusion and {days_en}.",
            source=hydration["source"],
        ),
        Reason(
            rule_id="antiresorptive.zoledronic_acid.paracetamol",
            text_fr=(f"Première perfusion : paracétamol {fr(paracetamol['dose_g'])} g × "
                     f"{paracetamol['times_per_day']}/j le jour et {p_days_fr}, contre le "
                     f"syndrome pseudo-grippal "
                     f"(~{paracetamol['flu_like_percent']} %), qui n'est pas une allergie."),
            text_en=(f"First infusion: paracetamol {paracetamol['dose_g']} g × "
                     f"{paracetamol['times_per_day']}/day on the day and {p_days_en}, against "
                     f"the flu-like syndrome "
                     f"(~{paracetamol['flu_like_percent']} %), which is not an allergy."),
            source=paracetamol["source"],
        ),
    )


def _days_after(days: int) -> tuple[str, str]:
    if days == 1:
        return "le lendemain", "the day after"
    return f"les {days} jours suivants", f"the {days} days after"


def _fr_where(text: str) -> str:
    return fr(text).replace("table:", "tableau :")


def fr(value) -> str:
    """Numbers in French text take a decimal comma (3.5 -> 3,5)."""
    return str(value).replace(".", ",")
