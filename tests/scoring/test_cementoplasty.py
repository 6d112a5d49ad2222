"""Cementoplasty eligibility: 000 Tableau 1 (indications, absolute and relative
contraindications), 002/003 sections 1-7 and Tableau 8, with the sources' README decision on
fractures (unstable and asymptomatic stable fractures are both absolute)."""

import copy
import dataclasses
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from patients import skeleton
from patients.models import lesion as lesion_models
from scoring.engine.cementoplasty import cementoplasty_eligibility, parse_cementoplasty
from scoring.engine.facts import LesionFacts, PatientFacts
from scoring.engine.referential import ReferentialError
from scoring.engine.results import CONTRAINDICATED, INDICATED, NOT_INDICATED, UNDETERMINED
from scoring.engine.rule_table import FACTS
from scoring.referential_data import read_document, seed_referential
from tests.scoring.seed_edits import with_row_changed

TABLE = seed_referential()["cementoplasty"]
S000_T1 = "000_22e11bcb602ff4a2.txt, Tableau 1"
S002_003 = "002_a2e2bd38722b2110.txt et 003_d82f6c62e22db0fe.txt"

PATIENT = PatientFacts(cement_allergy=False, active_infection=False,
                       coagulation_disorder=False, implanted_electronic_device=False)
# A painful T11 lesion poorly relieved by analgesics, nothing else: indicated.
LESION = LesionFacts(
    id="L1", site="t11", region="spine", spine_level=19, pain="moderate",
    pain_controlled_by_analgesics=False, fracture_status="none", epidural_extension=False,
    neurological_deficit="none", collapse="none", soft_tissue_extension=False,
)
FEMUR = replace(LESION, site="femur_diaphysis", region="long_bone", spine_level=None,
                limb="lower", segment="diaphysis", collapse=None, epidural_extension=None)
ACETABULUM = replace(FEMUR, site="acetabulum", region="pelvis", limb="", segment="")


def assess(patient=PATIENT, lesion=LESION, **lesion_changes):
    return cementoplasty_eligibility(patient, replace(lesion, **lesion_changes), TABLE)


def codes(reasons) -> list[str]:
    return [reason.rule_id.removeprefix("cementoplasty.") for reason in reasons]


def reason(result, field: str, code: str):
    return next(r for r in getattr(result, field) if r.rule_id == f"cementoplasty.{code}")


# (row code, result field, patient, lesion, the source each row must cite)
EVALUATED_ROWS = [
    ("pain_poorly_controlled", "indications", PATIENT, LESION, S000_T1),
    ("pain_well_controlled", "non_indications", PATIENT,
     replace(LESION, pain_controlled_by_analgesics=True), f"{S002_003}, section 4"),
    ("unstable_fracture", "absolute_contraindications", PATIENT,
     replace(LESION, fracture_status="unstable"), S000_T1),
    ("asymptomatic_stable_fracture", "absolute_contraindications", PATIENT,
     replace(LESION, fracture_status="stable", pain="none"), f"{S002_003}, Tableau 8"),
    ("infection", "absolute_contraindications", replace(PATIENT, active_infection=True), LESION,
     S000_T1),
    ("coagulation_disorder", "absolute_contraindications",
     replace(PATIENT, coagulation_disorder=True), LESION, S000_T1),
    ("cement_allergy", "absolute_contraindications", replace(PATIENT, cement_allergy=True),
     LESION, S000_T1),
    ("radiculopathy", "relative_contraindications", PATIENT,
     replace(LESION, neurological_deficit="radiculopathy"), S000_T1),
    ("epidural_extension", "relative_contraindications", PATIENT,
     replace(LESION, epidural_extension=True), S000_T1),
    ("long_bone_torsion", "warnings", PATIENT, FEMUR, f"{S002_003}, sections 2 et 6"),
    ("kyphoplasty", "warnings", PATIENT, replace(LESION, collapse="lt50"),
     "000_22e11bcb602ff4a2.txt, question 11"),
    ("kyphoplasty", "warnings", PATIENT, replace(LESION, collapse="gt50"),
     f"{S002_003}, section 7"),
    ("cement_leak", "warnings", PATIENT, LESION, f"{S002_003}, section 5"),
    ("neurological_deficit_emergency", "warnings", PATIENT,
     replace(LESION, neurological_deficit="incomplete"), "004_5515319a20666c1b.txt"),
    ("haemorrhagic_preparation", "warnings", PATIENT, FEMUR, f"{S002_003}, section 4"),
    # Open questions: facts the records do not hold, listed for the panel.
    ("opioid_intolerance", "to_check", PATIENT, LESION, S000_T1),
    ("other_techniques_not_possible", "to_check", PATIENT, LESION, S000_T1),
    ("combined_with_radiotherapy_or_ablation", "to_check", PATIENT, LESION, S000_T1),
    ("alternative_to_heavier_surgery", "to_check", PATIENT, ACETABULUM, S000_T1),
    ("consolidation_only_debated", "to_check", PATIENT, replace(LESION, pain="mild"),
     f"{S002_003}, section 1"),
    ("diffuse_pain", "to_check", PATIENT, LESION, S000_T1),
    ("posterior_wall", "to_check", PATIENT, LESION, S000_T1),
    ("joint_opening", "to_check", PATIENT, ACETABULUM, S000_T1),
    ("pelvic_osteosynthesis", "to_check", PATIENT, ACETABULUM,
     "003_d82f6c62e22db0fe.txt, section 6"),
]


class TestTableRows:
    @pytest.mark.parametrize(("code", "field", "patient", "lesion", "source"), EVALUATED_ROWS,
                             ids=[f"{row[0]}-{row[1]}" for row in EVALUATED_ROWS])
    def test_it_applies_each_row_with_its_source(self, code, field, patient, lesion, source):
        result = cementoplasty_eligibility(patient, lesion, TABLE)
        assert code in codes(getattr(result, field))
        assert source in reason(result, field, code).source

    def test_it_covers_every_row_of_the_table(self):
        assert {row[0] for row in EVALUATED_ROWS} == {rule.code for rule in TABLE.rules}

    @pytest.mark.parametrize(("code", "lesion"), [
        ("long_bone_torsion", LESION), ("kyphoplasty", replace(LESION, collapse="none")),
        ("kyphoplasty", replace(FEMUR, collapse="gt50")), ("posterior_wall", FEMUR),
        ("joint_opening", LESION), ("pelvic_osteosynthesis", FEMUR),
        ("alternative_to_heavier_surgery", FEMUR),
        ("consolidation_only_debated", replace(LESION, pain="functional")),
    ])
    def test_it_leaves_out_rows_whose_site_or_finding_does_not_match(self, code, lesion):
        assert code not in codes(assess(lesion=lesion).reasons)


class TestFractures:
    """README conflict decision: both absolute, each citing its own text."""

    def test_it_refuses_an_unstable_fracture_citing_000(self):
        result = assess(fracture_status="unstable")
        assert result.decision == CONTRAINDICATED
        assert reason(result, "absolute_contraindications", "unstable_fracture").source \
            .startswith(S000_T1)

    def test_it_refuses_an_asymptomatic_stable_fracture_citing_002_and_003(self):
        result = assess(fracture_status="stable", pain="none")
        assert result.decision == CONTRAINDICATED
        source = reason(result, "absolute_contraindications", "asymptomatic_stable_fracture").source
        assert source.startswith(f"{S002_003}, Tableau 8")

    def test_it_treats_a_painful_stable_fracture(self):
        result = assess(fracture_status="stable", pain="functional")
        assert result.decision == INDICATED
        assert result.absolute_contraindications == ()

    def test_it_does_not_read_an_impending_fracture_as_a_fracture(self):
        assert assess(fracture_status="impending", pain="none").absolute_contraindications == ()

    def test_it_asks_for_the_pain_of_a_stable_fracture(self):
        result = assess(fracture_status="stable", pain=None)
        assert result.decision == UNDETERMINED
        assert "pain" in [m.name for m in result.missing]


class TestDecision:
    def test_it_is_indicated_with_an_indication_and_every_absolute_fact_known(self):
        result = assess()
        assert result.decision == INDICATED
        assert result.missing == ()

    def test_it_lets_an_absolute_contraindication_win_over_an_indication(self):
        result = assess(patient=replace(PATIENT, cement_allergy=True))
        assert result.decision == CONTRAINDICATED
        assert codes(result.indications) == ["pain_poorly_controlled"]

    def test_it_is_undetermined_while_an_absolute_contraindication_is_unknown(self):
        result = assess(patient=replace(PATIENT, cement_allergy=None))
        assert result.decision == UNDETERMINED
        assert [(m.name, m.label("en")) for m in result.missing] == [
            ("cement_allergy", "allergy to bone cement")]

    def test_it_is_undetermined_when_pain_control_is_unknown(self):
        result = assess(pain_controlled_by_analgesics=None)
        assert result.decision == UNDETERMINED
        assert [m.name for m in result.missing] == ["pain_controlled_by_analgesics"]

    def test_it_is_not_indicated_when_drugs_control_the_pain(self):
        result = assess(pain_controlled_by_analgesics=True)
        assert result.decision == NOT_INDICATED
        assert codes(result.non_indications) == ["pain_well_controlled"]

    def test_it_needs_no_pain_control_answer_for_a_painless_lesion(self):
        result = assess(pain="none", pain_controlled_by_analgesics=None)
        assert result.decision == NOT_INDICATED
        assert result.missing == ()

    def test_it_lists_an_unknown_relative_fact_without_blocking(self):
        result = assess(epidural_extension=None)
        assert result.decision == INDICATED
        assert [m.name for m in result.missing] == ["epidural_extension"]

    def test_it_keeps_a_known_contraindication_when_the_indication_is_unknown(self):
        result = assess(patient=replace(PATIENT, active_infection=True), pain=None)
        assert result.decision == CONTRAINDICATED

    def test_it_lists_open_questions_without_blocking(self):
        result = assess()
        assert result.decision == INDICATED
        diffuse = reason(result, "to_check", "diffuse_pain")
        assert diffuse.text("en").startswith(
            "To be checked by the panel (absolute contraindication): Diffuse")
        assert diffuse.text("fr").startswith("À vérifier par la RCP (contre-indication absolue)")
        assert not any(m.name == "diffuse_pain" for m in result.missing)

    def test_it_gathers_every_reason(self):
        result = assess(patient=replace(PATIENT, cement_allergy=True), collapse="gt50")
        assert set(result.reasons) >= set(result.absolute_contraindications + result.warnings
                                          + result.to_check + result.indications)


BOOLS = st.sampled_from([True, False, None])
PATIENTS = st.builds(PatientFacts, cement_allergy=BOOLS, active_infection=BOOLS,
                     coagulation_disorder=BOOLS)
LESIONS = st.builds(
    lambda base, **changes: replace(base, **changes),
    st.sampled_from([LESION, FEMUR, ACETABULUM]),
    pain=st.sampled_from(["none", "mild", "moderate", "functional", None]),
    pain_controlled_by_analgesics=BOOLS, epidural_extension=BOOLS,
    fracture_status=st.sampled_from(["none", "impending", "stable", "unstable", None]),
    neurological_deficit=st.sampled_from(["none", "radiculopathy", "incomplete", None]),
    collapse=st.sampled_from(["none", "lt50", "gt50", None]),
)


class TestProperties:
    @given(PATIENTS, LESIONS)
    def test_it_decides_consistently_with_what_it_found(self, patient, lesion):
        result = cementoplasty_eligibility(patient, lesion, TABLE)
        assert (result.decision == CONTRAINDICATED) == bool(result.absolute_contraindications)
        if result.decision == INDICATED:
            assert result.indications
        if result.decision == NOT_INDICATED:
            assert not result.indications
        if result.decision == UNDETERMINED:
            assert result.missing
        assert all(r.source for r in result.reasons)

    @given(PATIENTS, LESIONS)
    def test_it_is_deterministic(self, patient, lesion):
        first = cementoplasty_eligibility(patient, lesion, TABLE)
        assert cementoplasty_eligibility(patient, lesion, TABLE) == first

    @given(PATIENTS, LESIONS)
    def test_it_never_lets_a_known_allergy_through(self, patient, lesion):
        allergic = replace(patient, cement_allergy=True)
        assert cementoplasty_eligibility(allergic, lesion, TABLE).decision == CONTRAINDICATED


def seed_rows() -> dict:
    return copy.deepcopy(read_document()["tables"]["cementoplasty"])


def altered(row_code: str, **changes) -> dict:
    """The seed table with one row changed (a value None removes the key)."""
    return with_row_changed(seed_rows(), "rows", row_code, **changes)


class TestInvalidTables:
    @pytest.mark.parametrize(("data", "message"), [
        (altered("cement_allergy", source=None), "row 13 (cement_allergy): every row must cite"),
        (altered("cement_allergy", source="  "), "every row must cite its source"),
        (altered("cement_allergy", when={"fact": "patient.allergy", "is_true": True}),
         "unknown fact path 'patient.allergy'"),
        (altered("cement_allergy", when={"fact": "patient.cement_allergy", "above": 1}),
         "unknown operator ['above']"),
        (altered("cement_allergy", when={"fact": "patient.cement_allergy", "equals": True,
                                         "in": [True]}), "unknown operator"),
        (altered("unstable_fracture", when={"fact": "lesion.fracture_status",
                                            "equals": "unstabel"}),
         "'unstabel' is not a value of lesion.fracture_status"),
        (altered("cement_allergy", when={"fact": "patient.cement_allergy", "equals": 1}),
         "1 is not a value of patient.cement_allergy"),
        (altered("cement_allergy", when={"fact": "patient.cement_allergy", "equals": "true"}),
         "'true' is not a value"),
        (altered("unstable_fracture", when={"fact": "lesion.fracture_status", "is_true": True}),
         "is_true takes true, on a yes/no fact"),
        (altered("unstable_fracture", when={"fact": "lesion.fracture_status", "in": []}),
         "'in' needs a non-empty list"),
        (altered("unstable_fracture", when={"all": []}), "'all' needs a non-empty list"),
        (altered("unstable_fracture", when={"always": False}), "{'always': true}"),
        (altered("unstable_fracture", when=["unstable"]), "a condition must be an object"),
        (altered("unstable_fracture", kind="forbidden"), "kind 'forbidden' is not one of"),
        (altered("unstable_fracture", label_en=""), "label_fr and label_en are required"),
        (altered("unstable_fracture", when=None), "a row without `when` must be `to_check`"),
        (altered("unstable_fracture", to_check="yes"), "to_check must be true or false"),
        (altered("unstable_fracture", points=3), "unknown keys ['points']"),
        (altered("unstable_fracture", technique="monopolar_radiofrequency"),
         "technique 'monopolar_radiofrequency' must be declared"),
        (altered("unstable_fracture", code="cement_allergy"),
         "duplicate row codes ['cement_allergy']"),
        ({"rows": []}, "cementoplasty: the table needs a non-empty list of rows"),
    ])
    def test_it_refuses_an_invalid_table_naming_the_row(self, data, message):
        with pytest.raises(ReferentialError) as error:
            parse_cementoplasty(data)
        assert message in str(error.value)

    def test_it_accepts_the_seed_table(self):
        assert parse_cementoplasty(seed_rows()) == TABLE


class TestFactVocabulary:
    def test_it_names_only_real_fields_of_the_facts(self):
        fields = {"patient": {f.name for f in dataclasses.fields(PatientFacts)},
                  "lesion": {f.name for f in dataclasses.fields(LesionFacts)}}
        for path in FACTS:
            scope, name = path.split(".", 1)
            assert name in fields[scope], path

    @pytest.mark.parametrize(("path", "choices"), [
        ("lesion.pain", lesion_models.Pain),
        ("lesion.fracture_status", lesion_models.FractureStatus),
        ("lesion.collapse", lesion_models.Collapse),
        ("lesion.neurological_deficit", lesion_models.Neurology),
    ])
    def test_it_uses_the_patients_app_codes(self, path, choices):
        assert set(FACTS[path].values) == set(choices.values)

    def test_it_knows_every_region_of_the_skeleton(self):
        assert set(FACTS["lesion.region"].values) == {site.region for site in skeleton.SITES}
