"""Reading a JSON case (docs/case-format.md) into the engine's facts, and every way it fails."""

import json
from datetime import date
from decimal import Decimal

import pytest

from scoring.case_json import CaseFormatError, parse_json, read_case
from tests.scoring.cases import TODAY, case_text, errors_of, load, with_change


@pytest.mark.django_db
class TestValidCases:
    def test_it_reads_the_spinal_case(self):
        case = read_case(load("spinal_case"), TODAY)
        t11, l2 = case.lesions
        assert (t11.id, t11.site, t11.region, t11.spine_level) == ("T11", "t11", "spine", 18)
        assert (l2.id, l2.spine_level, l2.bilsky_grade) == ("L2", 21, "0")
        assert t11.epidural_extension is True and t11.soft_tissue_extension is False
        assert l2.prior_radiotherapy_dose_gy == Decimal("8")
        assert case.reference_date == TODAY
        assert case.planned.procedure_date == date(2026, 12, 1)

    def test_it_computes_the_age_from_the_birth_date_on_the_reference_date(self):
        case = read_case(load("spinal_case"), TODAY)  # born 1958-04-12
        assert case.patient.age_years == 68
        earlier = with_change("reference_date", "2026-04-11")
        assert read_case(earlier, TODAY).patient.age_years == 67

    def test_it_reads_the_femur_case(self):
        case = read_case(load("femur_case"), TODAY)
        femur, acetabulum = case.lesions
        assert (femur.region, femur.limb, femur.segment, femur.side) == (
            "long_bone", "lower", "trochanteric", "left")
        assert femur.cortical_involvement == "gt_2_3"
        assert (acetabulum.region, acetabulum.spine_level) == ("pelvis", None)
        assert case.patient.age_years == 64

    def test_it_keeps_decimals_exact(self):
        patient = read_case(load("femur_case"), TODAY).patient
        assert patient.latest("creatinine").value == Decimal("71.8")
        assert patient.latest("weight").value == Decimal("62.5")
        assert patient.latest("weight").measured_on == date(2026, 11, 2)

    def test_it_keeps_decimals_exact_from_floats_too(self):
        data = json.loads(case_text("femur_case"))
        assert isinstance(data["patient"]["measurements"]["creatinine"]["value"], float)
        patient = read_case(data, TODAY).patient
        assert patient.latest("creatinine").value == Decimal("71.8")

    def test_it_reads_the_records(self):
        patient = read_case(load("femur_case"), TODAY).patient
        letrozole, palbociclib = patient.systemic_treatments
        assert (letrozole.drug_code, letrozole.start_date, letrozole.end_date) == (
            "letrozole", date(2025, 6, 1), None)
        assert palbociclib.last_dose_date == date(2026, 11, 18)
        assert patient.antiresorptives[0].last_injection_date == date(2026, 10, 28)
        assert patient.implants[0].region == "long_bone"

    def test_it_orders_dental_assessments_newest_first(self):
        dental = read_case(load("femur_case"), TODAY).patient.dental_assessments
        assert [d.assessed_on for d in dental] == [date(2026, 6, 10), date(2025, 6, 15)]
        assert dental[0].panoramic_xray is False  # absent: not done

    def test_it_reads_absent_and_null_as_unknown(self):
        case = read_case(load("minimal_case"), TODAY)
        lesion = case.lesions[0]
        assert case.patient.age_years is None and case.patient.sex is None
        assert case.patient.coagulation_disorder is None
        assert lesion.pain is None and lesion.pain_mechanical is None
        assert read_case(load("spinal_case"), TODAY).patient.coagulation_disorder is None

    def test_it_defaults_to_today_and_no_emergency(self):
        case = read_case(load("minimal_case"), TODAY)
        assert case.reference_date == TODAY
        assert case.planned.emergency is False and case.planned.procedure_date is None

    def test_it_numbers_lesions_without_an_id(self):
        data = {"patient": {}, "lesions": [{"site": "t4"}, {"site": "t5"}]}
        assert [lesion.id for lesion in read_case(data, TODAY).lesions] == ["1", "2"]

    def test_it_reads_integers_written_with_a_decimal_point(self):
        data = {"patient": {"ecog": 1.0}, "lesions": [{"site": "t4", "size_mm": 12.0}]}
        case = read_case(data, TODAY)
        assert case.patient.ecog == 1 and isinstance(case.patient.ecog, int)
        assert case.lesions[0].size_mm == 12 and isinstance(case.lesions[0].size_mm, int)

    def test_it_reads_integers_with_a_decimal_point_from_json_text(self):
        data = parse_json('{"patient": {"karnofsky": 80.0}, "lesions": [{"site": "t4", '
                          '"size_mm": 12.0}]}')
        case = read_case(data, TODAY)
        assert (case.patient.karnofsky, case.lesions[0].size_mm) == (80, 12)
        assert isinstance(case.lesions[0].size_mm, int)

    def test_it_accepts_an_empty_list_of_lesions(self):
        assert read_case({"patient": {}, "lesions": []}, TODAY).lesions == ()


# (what is changed, value, the path reported, a part of the message)
SCHEMA_ERRORS = [
    ("extra", 1, "extra", "unknown field 'extra'"),
    ("patient.weight", 70, "patient.weight", "unknown field 'weight'"),
    ("patient.measurements.weigth", {"value": 70, "date": "2026-11-01"},
     "patient.measurements.weigth", "did you mean 'weight'?"),
    ("reference_date", "23/11/2026", "reference_date", "expected a date as YYYY-MM-DD"),
    ("reference_date", "2026-02-30", "reference_date", "got '2026-02-30'"),
    ("patient.sex", "X", "patient.sex", "expected one of: 'F', 'M'"),
    ("patient.ecog", 5, "patient.ecog", "unknown value 5"),
    ("patient.karnofsky", 110, "patient.karnofsky", "must be at most 100"),
    ("patient.age_years", -1, "patient.age_years", "must be at least 0"),
    ("patient.cement_allergy", "no", "patient.cement_allergy", "expected true or false or null"),
    ("patient.measurements.weight", {"value": "70", "date": "2026-11-01"},
     "patient.measurements.weight.value", "expected a number, got '70'"),
    ("patient.measurements.weight", {"value": 70}, "patient.measurements.weight.date",
     "required field missing"),
    ("patient.systemic_treatments.0.drug", "Gemcitabine", "patient.systemic_treatments[0].drug",
     "expected a code"),
    ("patient.antithrombotics.0.daily_dose_mg", 0, "patient.antithrombotics[0].daily_dose_mg",
     "must be more than 0"),
    ("patient.dental_assessments.0.result", "ok", "patient.dental_assessments[0].result",
     "expected one of: 'fit', 'care_needed', 'care_done'"),
    ("patient.skeletal_events.0", {"kind": "fracture"}, "patient.skeletal_events[0].occurred_on",
     "required field missing"),
    ("lesions.0.site", "femurr", "lesions[0].site",
     "unknown site 'femurr'; expected a skeleton code such as 'femur_diaphysis'"),
    ("lesions.0.site", "T11", "lesions[0].site", "did you mean 't11'?"),
    ("lesions.0.bilsky_grade", "1d", "lesions[0].bilsky_grade", "unknown value '1d'"),
    ("lesions.0.epidural_extension", "yes", "lesions[0].epidural_extension", "got 'yes'"),
    ("lesions.0.size_mm", 0, "lesions[0].size_mm", "must be at least 1"),
    ("lesions.0.size_mm", "35", "lesions[0].size_mm", "expected an integer or null"),
    ("lesions.0.size_mm", 12.5, "lesions[0].size_mm", "expected an integer or null, got 12.5"),
    ("lesions.0.id", "", "lesions[0].id", "must not be empty"),
    ("lesions.1", 4, "lesions[1]", "expected an object, got 4"),
    ("lesions", {}, "lesions", "expected a list"),
    ("planned.emergency", None, "planned.emergency", "expected true or false, got null"),
    ("planned.surgery_date", "2026-12-01", "planned.surgery_date", "unknown field"),
]


@pytest.mark.parametrize(("change", "value", "path", "message"), SCHEMA_ERRORS,
                         ids=[f"{row[0]}={row[1]!r}" for row in SCHEMA_ERRORS])
def test_it_refuses_a_malformed_case_naming_the_field(change, value, path, message):
    errors = errors_of(with_change(change, value))
    assert [p for p, _ in errors] == [path]
    assert message in errors[0][1]


def test_it_requires_the_patient_and_the_lesions():
    assert errors_of({}) == [("lesions", "required field missing"),
                             ("patient", "required field missing")]


def test_it_requires_an_object():
    assert errors_of([]) == [("$", "expected an object, got a list")]


def test_it_requires_the_lesion_site():
    assert errors_of({"patient": {}, "lesions": [{"id": "x"}]}) == [
        ("lesions[0].site", "required field missing")]


def test_it_collects_every_schema_error_at_once():
    data = with_change("lesions.0.site", "femurr")
    data["patient"]["sex"] = "X"
    data["patient"]["measurements"]["weight"] = {"value": 70}
    data["lesions"][1]["pain"] = "severe"
    data["colour"] = "blue"
    assert [path for path, _ in errors_of(data)] == [
        "colour", "lesions[0].site", "lesions[1].pain", "patient.measurements.weight.date",
        "patient.sex",
    ]


def test_it_lists_lesions_in_document_order():
    data = {"patient": {}, "lesions": [{"site": "x"}] * 11}
    paths = [path for path, _ in errors_of(data)]
    assert paths[:3] == ["lesions[0].site", "lesions[1].site", "lesions[2].site"]
    assert paths[-1] == "lesions[10].site"


def test_it_reports_schema_errors_before_checking_meaning():
    data = with_change("lesions.0.site", "femurr")
    data["patient"]["systemic_treatments"][0]["drug"] = "unknown_drug"  # a meaning error
    assert [path for path, _ in errors_of(data)] == ["lesions[0].site"]


def test_the_error_names_every_field_in_its_text():
    error = CaseFormatError([("lesions[0].site", "unknown site"), ("patient.sex", "bad")])
    assert str(error) == "lesions[0].site: unknown site; patient.sex: bad"


class TestParseJson:
    def test_it_reads_decimal_numbers_as_decimal(self):
        assert parse_json('{"v": 71.8, "n": 3}') == {"v": Decimal("71.8"), "n": 3}

    def test_it_gives_the_line_and_column_of_a_syntax_error(self):
        with pytest.raises(json.JSONDecodeError) as caught:
            parse_json('{\n  "patient": {},\n  "lesions": [,]\n}')
        assert (caught.value.lineno, caught.value.colno) == (3, 15)

    @pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
    def test_it_refuses_values_that_are_not_json(self, constant):
        with pytest.raises(ValueError, match=f"{constant} is not a valid JSON number"):
            parse_json(f'{{"v": {constant}}}')
