"""The checks of a JSON case that its schema cannot express.

Run on a case the schema accepted. They use the patients app's own vocabularies and bounds
(drug codes from the database, skeleton sites, the findings each region asks, plausible
measurement ranges), so a JSON case is held to the same rules as a record typed in a form.
"""

import difflib
from datetime import date
from decimal import Decimal

from patients import skeleton
from patients.measurement_ranges import MAX_DAILY_DOSE_MG, PLAUSIBLE_RANGES
from patients.models import Drug
from patients.models.lesion import APPLICABLE_FIELDS
from patients.models.vocabulary import SYSTEMIC_CATEGORIES, DrugCategory
from scoring.case_schema import FieldError, json_path, sort_errors

# list of records -> (the drug categories it accepts, what the list is, in a message)
DRUG_LISTS = {
    "systemic_treatments": (tuple(SYSTEMIC_CATEGORIES), "a systemic cancer treatment"),
    "antithrombotics": ((DrugCategory.ANTITHROMBOTIC,), "an antithrombotic"),
    "antiresorptives": ((DrugCategory.ANTIRESORPTIVE,), "an anti-resorptive"),
}

# list of records -> (later date, earlier date): the later may not come before the earlier
DATE_ORDER = {
    "systemic_treatments": (
        ("last_dose_date", "start_date"),
        ("next_dose_date", "start_date"),
        ("next_dose_date", "last_dose_date"),
        ("end_date", "start_date"),
        ("end_date", "last_dose_date"),
    ),
    "antiresorptives": (
        ("last_injection_date", "start_date"),
        ("end_date", "start_date"),
        ("end_date", "last_injection_date"),
    ),
    "dental_assessments": (("dentist_clearance_date", "extraction_date"),),
}


def semantic_errors(case: dict, reference_date: date) -> list[FieldError]:
    patient = case["patient"]
    errors = _age_errors(patient, reference_date)
    errors += _measurement_errors(patient)
    errors += _drug_errors(patient)
    errors += _date_order_errors(patient)
    errors += _lesion_errors(case["lesions"])
    errors += _side_errors(patient.get("implants", []), ["patient", "implants"])
    return sort_errors(errors)


def _age_errors(patient: dict, reference_date: date) -> list[FieldError]:
    birth_date = patient.get("birth_date")
    if birth_date is None:
        return []
    if patient.get("age_years") is not None:
        return [("patient.birth_date", "give age_years or birth_date, not both")]
    if date.fromisoformat(birth_date) > reference_date:
        return [("patient.birth_date",
                 f"{birth_date} is after the reference date {reference_date.isoformat()}")]
    return []


def _measurement_errors(patient: dict) -> list[FieldError]:
    errors = []
    for kind, measurement in sorted(patient.get("measurements", {}).items()):
        low, high, unit = PLAUSIBLE_RANGES[kind]
        value = Decimal(str(measurement["value"]))
        if not low <= value <= high:
            errors.append((f"patient.measurements.{kind}.value",
                           f"{value} {unit} is outside the plausible range {low}–{high} {unit}"))
    return errors


def _drug_errors(patient: dict) -> list[FieldError]:
    used = {record["drug"] for name in DRUG_LISTS for record in patient.get(name, [])}
    if not used:
        return []
    categories = dict(Drug.objects.filter(code__in=used).values_list("code", "category"))
    errors = []
    for name, (accepted, what) in DRUG_LISTS.items():
        for index, record in enumerate(patient.get(name, [])):
            path = json_path(["patient", name, index, "drug"])
            code = record["drug"]
            if code not in categories:
                errors.append((path, _unknown_drug(code)))
            elif categories[code] not in accepted:
                errors.append((path, f"'{code}' is not {what} (its category is "
                                     f"'{categories[code]}')"))
        errors += _dose_errors(patient, name)
    return errors


def _unknown_drug(code: str) -> str:
    message = f"unknown drug '{code}'; expected a code of the drug vocabulary"
    known = list(Drug.objects.values_list("code", flat=True))
    close = difflib.get_close_matches(code, known, n=1)
    return f"{message}; did you mean '{close[0]}'?" if close else message


def _dose_errors(patient: dict, name: str) -> list[FieldError]:
    if name != "antithrombotics":
        return []
    return [
        (json_path(["patient", name, index, "daily_dose_mg"]),
         f"a daily dose of {record['daily_dose_mg']} mg is above {MAX_DAILY_DOSE_MG} mg")
        for index, record in enumerate(patient.get(name, []))
        if record.get("daily_dose_mg") is not None
        and Decimal(str(record["daily_dose_mg"])) > MAX_DAILY_DOSE_MG
    ]


def _date_order_errors(patient: dict) -> list[FieldError]:
    errors = []
    for name, pairs in DATE_ORDER.items():
        for index, record in enumerate(patient.get(name, [])):
            for later, earlier in pairs:
                if record.get(later) and record.get(earlier) and \
                        date.fromisoformat(record[later]) < date.fromisoformat(record[earlier]):
                    errors.append((json_path(["patient", name, index, later]),
                                   f"{later} {record[later]} is before {earlier} "
                                   f"{record[earlier]}"))
    return errors


def _lesion_errors(lesions: list[dict]) -> list[FieldError]:
    errors = _side_errors(lesions, ["lesions"])
    seen: set[str] = set()
    for index, lesion in enumerate(lesions):
        identifier = lesion_id(lesion, index)
        if identifier in seen:
            errors.append((json_path(["lesions", index, "id"]),
                           f"the id '{identifier}' is given to another lesion"))
        seen.add(identifier)
        errors += _inapplicable_findings(lesion, index)
    return errors


def lesion_id(lesion: dict, index: int) -> str:
    """The lesion's own id, else its position counted from 1."""
    return str(lesion.get("id", index + 1))


def _inapplicable_findings(lesion: dict, index: int) -> list[FieldError]:
    """A spine finding on a femur (or the reverse) is refused, as the lesion form clears it."""
    region = skeleton.get_site(lesion["site"]).region
    return [
        (json_path(["lesions", index, name]),
         f"applies to {owner.replace('_', ' ')} lesions only, not to '{lesion['site']}'")
        for owner, names in APPLICABLE_FIELDS.items() if owner != region
        for name in names if lesion.get(name) is not None
    ]


def _side_errors(records: list[dict], parts: list) -> list[FieldError]:
    return [
        (json_path([*parts, index, "side"]), f"the site '{record['site']}' has no side")
        for index, record in enumerate(records)
        if record.get("side") and not skeleton.get_site(record["site"]).lateral
    ]
