"""A case written as JSON (docs/case-format.md) -> the engine's CaseFacts.

The one reader the `evaluate` command and the API share. The schema refuses what is malformed
(every error at once, each with its path); then the checks the schema cannot express: dates
in order, drug codes of the vocabulary (read from the database), findings that apply to the
site, plausible measurements. Absent or null means unknown, as in the engine.
"""

import json
from datetime import date
from decimal import Decimal

from patients import skeleton
from scoring.case_checks import lesion_id, semantic_errors
from scoring.case_schema import FieldError, schema_errors
from scoring.engine import facts


class CaseFormatError(ValueError):
    """The case is not a valid case: `errors` lists (json path, message), all of them."""

    def __init__(self, errors: list[FieldError]):
        self.errors = errors
        super().__init__("; ".join(f"{path}: {message}" for path, message in errors))


def parse_json(text: str | bytes) -> object:
    """JSON text -> data, numbers with a decimal point as Decimal (exact, as typed).

    Raises json.JSONDecodeError (with line and column) on invalid JSON, NaN and Infinity
    included: they are not JSON and no clinical value."""

    def refuse_constant(name: str):
        raise ValueError(f"{name} is not a valid JSON number")

    return json.loads(text, parse_float=Decimal, parse_constant=refuse_constant)


def read_case(data: object, today: date) -> facts.CaseFacts:
    """Validate a case and build its facts; raise CaseFormatError listing every error."""
    errors = schema_errors(data)
    if errors:
        raise CaseFormatError(errors)
    reference_date = _date(data.get("reference_date")) or today
    errors = semantic_errors(data, reference_date)
    if errors:
        raise CaseFormatError(errors)
    return facts.CaseFacts(
        patient=_patient(data["patient"], reference_date),
        lesions=tuple(_lesion(lesion, index) for index, lesion in enumerate(data["lesions"])),
        reference_date=reference_date,
        planned=_planned(data.get("planned", {})),
    )


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _decimal(value: int | float | Decimal | None) -> Decimal | None:
    # str() keeps what was typed: a float 71.8 gives Decimal("71.8"), not 71.799999...
    return None if value is None else Decimal(str(value))


def _integer(value: int | float | None) -> int | None:
    # The schema accepts 12.0 as an integer (JSON does not tell them apart); facts hold ints.
    return None if value is None else int(value)


def _age(patient: dict, reference_date: date) -> int | None:
    birth_date = _date(patient.get("birth_date"))
    if birth_date is None:
        return _integer(patient.get("age_years"))
    before_birthday = (reference_date.month, reference_date.day) < (birth_date.month,
                                                                    birth_date.day)
    return reference_date.year - birth_date.year - before_birthday


_PATIENT_FIELDS = (
    "sex", "primary_site", "histology", "disease_status", "visceral_metastases",
    "life_expectancy", "implanted_electronic_device", "cement_allergy", "active_infection",
    "coagulation_disorder",
)
_PATIENT_INTEGERS = ("bone_metastasis_count", "vertebral_metastasis_count", "ecog", "karnofsky")


def _patient(patient: dict, reference_date: date) -> facts.PatientFacts:
    get = patient.get
    return facts.PatientFacts(
        age_years=_age(patient, reference_date),
        **{name: get(name) for name in _PATIENT_FIELDS},
        **{name: _integer(get(name)) for name in _PATIENT_INTEGERS},
        measurements={
            kind: facts.Measurement(_decimal(m["value"]), _date(m["date"]))
            for kind, m in sorted(get("measurements", {}).items())
        },
        systemic_treatments=tuple(
            facts.SystemicTreatment(t["drug"], _date(t.get("start_date")),
                                    _date(t.get("last_dose_date")),
                                    _date(t.get("next_dose_date")), _date(t.get("end_date")))
            for t in get("systemic_treatments", [])
        ),
        antithrombotics=tuple(
            facts.Antithrombotic(a["drug"], _decimal(a.get("daily_dose_mg")))
            for a in get("antithrombotics", [])
        ),
        antiresorptives=tuple(
            facts.Antiresorptive(a["drug"], _date(a.get("start_date")),
                                 _date(a.get("last_injection_date")), _date(a.get("end_date")))
            for a in get("antiresorptives", [])
        ),
        dental_assessments=_dental_assessments(get("dental_assessments", [])),
        skeletal_events=tuple(
            facts.SkeletalEvent(e["kind"], _date(e["occurred_on"]))
            for e in get("skeletal_events", [])
        ),
        implants=tuple(
            facts.Implant(i["site"], i.get("side") or "", skeleton.get_site(i["site"]).region)
            for i in get("implants", [])
        ),
    )


def _dental_assessments(assessments: list[dict]) -> tuple[facts.DentalAssessment, ...]:
    """Newest first, as the engine expects (the latest assessment decides)."""
    built = [
        facts.DentalAssessment(
            assessed_on=_date(d["assessed_on"]),
            result=d["result"],
            panoramic_xray=d.get("panoramic_xray", False),
            extraction_date=_date(d.get("extraction_date")),
            dentist_clearance_date=_date(d.get("dentist_clearance_date")),
        )
        for d in assessments
    ]
    return tuple(sorted(built, key=lambda d: d.assessed_on, reverse=True))


_LESION_FINDINGS = (
    "lesion_type", "pain", "pain_mechanical", "pain_controlled_by_analgesics",
    "cortical_involvement", "alignment", "collapse", "posterolateral", "epidural_extension",
    "bilsky_grade", "neurological_deficit", "frankel_grade", "soft_tissue_extension",
    "fracture_status",
)


def _lesion(lesion: dict, index: int) -> facts.LesionFacts:
    site = skeleton.get_site(lesion["site"])
    return facts.LesionFacts(
        id=lesion_id(lesion, index),
        site=site.code,
        region=site.region,
        spine_level=site.spine_level,
        limb=site.limb,
        segment=site.segment,
        side=lesion.get("side") or "",
        **{name: lesion.get(name) for name in _LESION_FINDINGS},
        size_mm=_integer(lesion.get("size_mm")),
        prior_radiotherapy_fractions=_integer(lesion.get("prior_radiotherapy_fractions")),
        prior_radiotherapy_date=_date(lesion.get("prior_radiotherapy_date")),
        prior_radiotherapy_dose_gy=_decimal(lesion.get("prior_radiotherapy_dose_gy")),
        surgery_date=_date(lesion.get("surgery_date")),
    )


def _planned(planned: dict) -> facts.PlannedDates:
    return facts.PlannedDates(
        procedure_date=_date(planned.get("procedure_date")),
        radiotherapy_date=_date(planned.get("radiotherapy_date")),
        emergency=planned.get("emergency", False),
    )
