"""The checks of a JSON case that its schema cannot express (scoring/case_checks.py)."""

import pytest

from scoring.case_json import read_case
from tests.scoring.cases import TODAY, errors_of, with_change

# (what is changed, value, the path reported, a part of the message): the checks of meaning
SEMANTIC_ERRORS = [
    ("patient.age_years", 68, "patient.birth_date", "give age_years or birth_date, not both"),
    ("patient.birth_date", "2027-01-01", "patient.birth_date",
     "after the reference date 2026-11-23"),
    ("patient.measurements.weight.value", 700, "patient.measurements.weight.value",
     "700 kg is outside the plausible range 20–300 kg"),
    ("patient.measurements.calcium.value", 23, "patient.measurements.calcium.value",
     "outside the plausible range"),
    ("patient.systemic_treatments.0.drug", "pembrolizumap",
     "patient.systemic_treatments[0].drug", "unknown drug 'pembrolizumap'"),
    ("patient.systemic_treatments.0.drug", "aspirin", "patient.systemic_treatments[0].drug",
     "'aspirin' is not a systemic cancer treatment"),
    ("patient.antithrombotics.0.drug", "gemcitabine", "patient.antithrombotics[0].drug",
     "is not an antithrombotic"),
    ("patient.antiresorptives", [{"drug": "aspirin"}], "patient.antiresorptives[0].drug",
     "is not an anti-resorptive"),
    ("patient.antithrombotics.0.daily_dose_mg", 7500, "patient.antithrombotics[0].daily_dose_mg",
     "above 5000 mg"),
    ("patient.systemic_treatments.0.last_dose_date", "2026-07-01",
     "patient.systemic_treatments[0].last_dose_date",
     "last_dose_date 2026-07-01 is before start_date 2026-08-01"),
    ("patient.systemic_treatments.0.next_dose_date", "2026-11-01",
     "patient.systemic_treatments[0].next_dose_date", "is before last_dose_date 2026-11-10"),
    ("patient.systemic_treatments.1.end_date", "2026-07-31",
     "patient.systemic_treatments[1].end_date", "is before start_date 2026-08-01"),
    ("patient.antiresorptives", [{"drug": "denosumab", "start_date": "2026-05-01",
                                  "last_injection_date": "2026-04-01"}],
     "patient.antiresorptives[0].last_injection_date", "is before start_date"),
    ("patient.dental_assessments.0", {"assessed_on": "2026-11-05", "result": "care_done",
                                      "extraction_date": "2026-11-10",
                                      "dentist_clearance_date": "2026-11-01"},
     "patient.dental_assessments[0].dentist_clearance_date",
     "dentist_clearance_date 2026-11-01 is before extraction_date 2026-11-10"),
    ("lesions.1.id", "T11", "lesions[1].id", "the id 'T11' is given to another lesion"),
    ("lesions.0.side", "left", "lesions[0].side", "the site 't11' has no side"),
    ("lesions.0.cortical_involvement", "gt_2_3", "lesions[0].cortical_involvement",
     "applies to long bone lesions only, not to 't11'"),
    ("patient.implants", [{"site": "sternum", "side": "left"}], "patient.implants[0].side",
     "the site 'sternum' has no side"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("change", "value", "path", "message"), SEMANTIC_ERRORS,
                         ids=[row[2] for row in SEMANTIC_ERRORS])
def test_it_refuses_an_incoherent_case_naming_the_field(change, value, path, message):
    errors = errors_of(with_change(change, value))
    assert {p for p, _ in errors} == {path}
    assert any(message in text for _, text in errors)


@pytest.mark.django_db
def test_it_suggests_the_closest_drug_code():
    errors = errors_of(with_change("patient.systemic_treatments.0.drug", "pembrolizumap"))
    assert "did you mean 'pembrolizumab'?" in errors[0][1]


@pytest.mark.django_db
def test_it_refuses_a_spine_finding_on_a_long_bone():
    errors = errors_of(with_change("lesions.0.alignment", "normal", name="femur_case"))
    assert errors == [("lesions[0].alignment",
                       "applies to spine lesions only, not to 'femur_trochanteric'")]


@pytest.mark.django_db
def test_it_accepts_a_null_finding_that_does_not_apply():
    data = with_change("lesions.0.alignment", None, name="femur_case")
    assert read_case(data, TODAY).lesions[0].alignment is None


@pytest.mark.django_db
def test_it_refuses_a_default_id_given_to_another_lesion():
    data = {"patient": {}, "lesions": [{"site": "t4"}, {"id": "1", "site": "t5"}]}
    assert errors_of(data) == [("lesions[1].id", "the id '1' is given to another lesion")]


@pytest.mark.django_db
def test_it_collects_every_error_of_meaning_at_once():
    data = with_change("patient.age_years", 68)
    data["patient"]["systemic_treatments"][0]["drug"] = "nodrug"
    data["lesions"][0]["side"] = "left"
    data["lesions"][1]["cortical_involvement"] = "lt_1_3"
    assert [path for path, _ in errors_of(data)] == [
        "lesions[0].side", "lesions[1].cortical_involvement", "patient.birth_date",
        "patient.systemic_treatments[0].drug",
    ]
