"""Vitamin D before and during an anti-resorptive (001 section 1 and Tableau 1): the status
label, the loading scheme that corrects a deficiency (< 20 / 20-30 ng/mL drive the
prescription, README conflict decision), monthly maintenance and the daily calcium intake.

Starting an anti-resorptive in a patient severely deficient in vitamin D exposes to a deep,
prolonged hypocalcaemia: hence the correction first (the anti-resorptive plan lists it).
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from scoring.engine.bands import Band, find_band, parse_bands
from scoring.engine.facts import PatientFacts
from scoring.engine.referential import ReferentialError
from scoring.engine.results import Missing, Reason

TOPIC = "vitamin_d"
RULE = "vitamin_d"
MISSING_VITAMIN_D = Missing("vitamin_d", "25-OH vitamine D", "25-OH vitamin D")


@dataclass(frozen=True)
class Rule:
    """A row of numbers with its source (target, maintenance, calcium intake, re-check)."""

    numbers: dict[str, int | Decimal]
    source: str


@dataclass(frozen=True)
class VitaminDTable:
    unit: str
    target: Rule  # min_ng_ml, min_nmol_l
    loading: tuple[Band, ...]  # data: doses, dose_iu, interval_days
    status: tuple[Band, ...]  # data: label_fr, label_en
    maintenance: Rule  # dose_iu, every_months
    calcium_intake: Rule  # min_mg_per_day, max_mg_per_day
    recheck: Rule  # max_age_days


@dataclass(frozen=True)
class LoadingScheme:
    doses: int
    dose_iu: int
    interval_days: int
    first_dose_date: date
    last_dose_date: date
    end_date: date  # the end of the loading weeks: maintenance starts then


@dataclass(frozen=True)
class VitaminDPlan:
    value_ng_ml: Decimal | None
    measured_on: date | None
    status: str | None  # Tableau 1 code, e.g. "insufficiency"
    status_label_fr: str
    status_label_en: str
    loading_band: str | None  # e.g. "20to30"
    loading: LoadingScheme | None  # None: nothing to load, or the value is unknown
    maintenance_dose_iu: int
    maintenance_every_months: int
    maintenance_start: date | None
    calcium_min_mg_per_day: int
    calcium_max_mg_per_day: int
    recheck: Reason | None  # the value is older than the table's limit
    reasons: tuple[Reason, ...]
    missing: tuple[Missing, ...]


def parse_vitamin_d(data: dict) -> VitaminDTable:
    loading = parse_bands(data.get("loading") or [], f"{TOPIC} loading")
    for index, band in enumerate(loading):
        _check_loading(band, f"{TOPIC} loading, row {index + 1}")
    status = parse_bands(data.get("status") or [], f"{TOPIC} status")
    for index, band in enumerate(status):
        if not band.data.get("label_fr") or not band.data.get("label_en"):
            raise ReferentialError(f"{TOPIC} status, row {index + 1}: labels are required.")
    table = VitaminDTable(
        unit=str(data.get("unit", "ng/mL")),
        target=_rule(data, "target", ("min_ng_ml", "min_nmol_l")),
        loading=loading,
        status=status,
        maintenance=_rule(data, "maintenance", ("dose_iu", "every_months")),
        calcium_intake=_rule(data, "calcium_intake", ("min_mg_per_day", "max_mg_per_day")),
        recheck=_rule(data, "recheck", ("max_age_days",)),
    )
    intake = table.calcium_intake.numbers
    if intake["min_mg_per_day"] > intake["max_mg_per_day"]:
        raise ReferentialError(f"{TOPIC}, calcium_intake: the minimum exceeds the maximum.")
    return table


def _check_loading(band: Band, where: str) -> None:
    doses = band.data.get("doses")
    if isinstance(doses, bool) or not isinstance(doses, int) or doses < 0:
        raise ReferentialError(f"{where}: doses must be a whole number ≥ 0.")
    for key in ("dose_iu", "interval_days") if doses else ():
        value = band.data.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise ReferentialError(f"{where}: {key} must be a positive whole number.")


def _rule(data: dict, key: str, names: tuple[str, ...]) -> Rule:
    row = data.get(key)
    if not isinstance(row, dict) or not row.get("source"):
        raise ReferentialError(f"{TOPIC}, {key}: the row is missing or uncited.")
    numbers = {}
    for name in names:
        value = row.get(name)
        try:
            number = None if isinstance(value, bool) or value is None else Decimal(str(value))
        except ArithmeticError:
            number = None
        if number is None or not number.is_finite() or number <= 0:
            raise ReferentialError(f"{TOPIC}, {key}: {name} must be a positive number.")
        numbers[name] = int(number) if number == number.to_integral_value() else number
    return Rule(numbers=numbers, source=row["source"])


def vitamin_d_plan(patient: PatientFacts, reference_date: date,
                   table: VitaminDTable) -> VitaminDPlan:
    maintenance, intake = table.maintenance.numbers, table.calcium_intake.numbers
    common = {
        "maintenance_dose_iu": maintenance["dose_iu"],
        "maintenance_every_months": maintenance["every_months"],
        "calcium_min_mg_per_day": intake["min_mg_per_day"],
        "calcium_max_mg_per_day": intake["max_mg_per_day"],
    }
    advice = (_maintenance_reason(table), _calcium_reason(table))
    measurement = patient.latest("vitamin_d")
    if measurement is None:
        return VitaminDPlan(
            value_ng_ml=None, measured_on=None, status=None, status_label_fr="",
            status_label_en="", loading_band=None, loading=None, maintenance_start=None,
            recheck=None, reasons=advice, missing=(MISSING_VITAMIN_D,), **common)
    value = measurement.value
    status, band = find_band(table.status, value), find_band(table.loading, value)
    loading = _loading(band, reference_date)
    recheck = _recheck(measurement.measured_on, reference_date, table)
    reasons = (_status_reason(value, status, table), _loading_reason(value, band, loading, table))
    return VitaminDPlan(
        value_ng_ml=value, measured_on=measurement.measured_on, status=status.code,
        status_label_fr=status.data["label_fr"], status_label_en=status.data["label_en"],
        loading_band=band.code, loading=loading,
        maintenance_start=loading.end_date if loading else reference_date, recheck=recheck,
        reasons=reasons + advice + ((recheck,) if recheck else ()), missing=(), **common)


def _loading(band: Band, reference_date: date) -> LoadingScheme | None:
    """Weekly doses from the reference date; maintenance starts when the loading weeks end."""
    doses = band.data["doses"]
    if not doses:
        return None
    interval = band.data["interval_days"]
    return LoadingScheme(
        doses=doses, dose_iu=band.data["dose_iu"], interval_days=interval,
        first_dose_date=reference_date,
        last_dose_date=reference_date + timedelta(days=interval * (doses - 1)),
        end_date=reference_date + timedelta(days=interval * doses),
    )


def _recheck(measured_on: date, reference_date: date, table: VitaminDTable) -> Reason | None:
    age, limit = (reference_date - measured_on).days, table.recheck.numbers["max_age_days"]
    if age <= limit:
        return None
    day = measured_on.isoformat()
    return Reason(
        f"{RULE}.recheck",
        f"Dosage du {day} ({age} jours) : plus ancien que {limit} jours, envisager un "
        f"nouveau dosage.",
        f"Value of {day} ({age} days old): older than {limit} days, consider re-measuring.",
        table.recheck.source)


def _status_reason(value: Decimal, status: Band, table: VitaminDTable) -> Reason:
    target = table.target.numbers
    return Reason(
        f"{RULE}.status",
        f"25-OH vitamine D {_fr(value)} {table.unit} : {status.data['label_fr']} "
        f"({status.describe(table.unit)}) ; cible > {target['min_ng_ml']} ng/mL "
        f"({target['min_nmol_l']} nmol/L).",
        f"25-OH vitamin D {value} {table.unit}: {status.data['label_en']} "
        f"({status.describe(table.unit)}); target > {target['min_ng_ml']} ng/mL "
        f"({target['min_nmol_l']} nmol/L).",
        f"{status.source} ; {table.target.source}")


def _loading_reason(value, band: Band, loading: LoadingScheme | None,
                    table: VitaminDTable) -> Reason:
    where = f"{value} {table.unit}, {band.describe(table.unit)}"
    if loading is None:
        return Reason(f"{RULE}.loading", f"{_fr(where)} : pas de recharge, entretien seul.",
                      f"{where}: no loading, maintenance only.", band.source)
    dose, days = loading.dose_iu, loading.interval_days
    first, last = loading.first_dose_date.isoformat(), loading.last_dose_date.isoformat()
    return Reason(
        f"{RULE}.loading",
        f"{_fr(where)} : recharge de {loading.doses} prises de {_iu_fr(dose)} UI de "
        f"cholécalciférol per os tous les {days} jours, du {first} au {last}, puis entretien.",
        f"{where}: loading with {loading.doses} oral doses of {dose:,} IU of cholecalciferol "
        f"every {days} days, from {first} to {last}, then maintenance.",
        band.source)


def _maintenance_reason(table: VitaminDTable) -> Reason:
    dose, months = table.maintenance.numbers["dose_iu"], table.maintenance.numbers["every_months"]
    every_fr = "tous les mois" if months == 1 else f"tous les {months} mois"
    every_en = "every month" if months == 1 else f"every {months} months"
    return Reason(
        f"{RULE}.maintenance",
        f"Entretien : {_iu_fr(dose)} UI de cholécalciférol per os en une prise, {every_fr}, "
        f"pendant le traitement anti-résorptif.",
        f"Maintenance: {dose:,} IU of oral cholecalciferol in one dose {every_en} during "
        f"the anti-resorptive treatment.",
        table.maintenance.source)


def _calcium_reason(table: VitaminDTable) -> Reason:
    low, high = (table.calcium_intake.numbers[k] for k in ("min_mg_per_day", "max_mg_per_day"))
    return Reason(
        f"{RULE}.calcium_intake",
        f"Apports calciques totaux (alimentation + supplément) entre {low} et {high} mg/j.",
        f"Total calcium intake (diet + supplement) between {low} and {high} mg/day.",
        table.calcium_intake.source)


def _fr(value) -> str:
    return str(value).replace(".", ",")


def _iu_fr(dose: int) -> str:
    """50000 -> '50 000' (French thousands separator, narrow no-break space)."""
    return f"{dose:,}".replace(",", "\u202f")
