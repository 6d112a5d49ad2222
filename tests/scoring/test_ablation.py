"""Percutaneous thermal ablation: 000 Tableau 1 (indications; absolute contraindications for
monopolar radiofrequency; relative contraindications), 000 questions 10-12, 002/003 section 7."""

import copy
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.engine.ablation import (
    implant_facts,
    parse_thermal_ablation,
    thermal_ablation_eligibility,
)
from scoring.engine.facts import Implant, LesionFacts, PatientFacts
from scoring.engine.referential import ReferentialError
from scoring.engine.results import INDICATED, NOT_INDICATED, UNDETERMINED
from scoring.referential_data import read_document, seed_referential

TABLE = seed_referential()["thermal_ablation"]
S000_T1 = "000_22e11bcb602ff4a2.txt, Tableau 1"
S002_003 = "002_a2e2bd38722b2110.txt et 003_d82f6c62e22db0fe.txt"

PATIENT = PatientFacts(implanted_electronic_device=False)
# A painful right femoral diaphysis lesion extending into the soft tissues: indicated.
LESION = LesionFacts(
    id="L1", site="femur_diaphysis", region="long_bone", limb="lower", segment="diaphysis",
    side="right", pain="functional", soft_tissue_extension=True, fracture_status="none",
    epidural_extension=False,
)
VERTEBRA = LesionFacts(id="L2", site="l2", region="spine", spine_level=21, pain="moderate",
                       soft_tissue_extension=True, fracture_status="none",
                       epidural_extension=True)
NAIL = Implant(site="femur_trochanteric", side="right", region="long_bone")


def assess(patient=PATIENT, lesion=LESION):
    return thermal_ablation_eligibility(patient, lesion, TABLE)


def codes(reasons) -> list[str]:
    return [reason.rule_id.removeprefix("thermal_ablation.") for reason in reasons]


# (row code, result field, patient, lesion, the source each row must cite)
ROWS = [
    ("painful_soft_tissue_extension", "indications", PATIENT, LESION, S000_T1),
    ("small_metastasis_local_control", "to_check", PATIENT, LESION, S000_T1),
    ("debulking_inaccessible", "to_check", PATIENT, LESION, S000_T1),
    ("implanted_electronic_device", "excluded_techniques",
     replace(PATIENT, implanted_electronic_device=True), LESION, S000_T1),
    ("orthopaedic_implant_near", "excluded_techniques", replace(PATIENT, implants=(NAIL,)),
     LESION, S000_T1),
    ("orthopaedic_implant_elsewhere", "to_check",
     replace(PATIENT, implants=(Implant(site="acetabulum", side="right", region="pelvis"),)),
     LESION, S000_T1),
    ("epidural_at_risk_structure", "relative_contraindications", PATIENT, VERTEBRA, S000_T1),
    ("at_risk_structure", "to_check", PATIENT, LESION, S000_T1),
    ("superficial_lesion", "to_check", PATIENT, LESION, S000_T1),
    ("stabilisation_needed", "warnings", PATIENT, replace(LESION, fracture_status="impending"),
     "000_22e11bcb602ff4a2.txt, question 11"),
    ("weight_bearing_site", "to_check", PATIENT, LESION, f"{S002_003}, section 7"),
    ("general_anaesthesia", "warnings", PATIENT, LESION, f"{S002_003}, section 7"),
]


class TestTableRows:
    @pytest.mark.parametrize(("code", "field", "patient", "lesion", "source"), ROWS,
                             ids=[f"{row[0]}-{row[1]}" for row in ROWS])
    def test_it_applies_each_row_with_its_source(self, code, field, patient, lesion, source):
        result = thermal_ablation_eligibility(patient, lesion, TABLE)
        (found,) = [r for r in getattr(result, field)
                    if r.rule_id == f"thermal_ablation.{code}"]
        assert source in found.source

    def test_it_covers_every_row_of_the_table(self):
        assert {row[0] for row in ROWS} == {rule.code for rule in TABLE.rules}

    def test_it_keeps_small_metastasis_as_an_open_question_without_a_size(self):
        # No text gives a size for "small": no number is invented.
        row = next(rule for rule in TABLE.rules if rule.code == "small_metastasis_local_control")
        assert row.to_check and row.when is None
        assert "no size" in row.label_en


class TestRadiofrequency:
    def test_it_excludes_monopolar_radiofrequency_with_a_pacemaker(self):
        result = assess(patient=replace(PATIENT, implanted_electronic_device=True))
        (excluded,) = result.excluded_techniques
        assert excluded.text("en") == ("Monopolar radiofrequency: Implanted electronic device "
                                       "(pacemaker...)")
        assert excluded.text("fr").startswith("Radiofréquence monopolaire : ")

    def test_it_does_not_refuse_ablation_as_a_whole_for_a_pacemaker(self):
        # Cryoablation remains: the contraindication concerns monopolar radiofrequency only.
        result = assess(patient=replace(PATIENT, implanted_electronic_device=True))
        assert result.decision == INDICATED
        assert result.absolute_contraindications == ()

    def test_it_lists_an_unknown_device_without_blocking(self):
        result = assess(patient=replace(PATIENT, implanted_electronic_device=None))
        assert result.decision == INDICATED
        assert [m.name for m in result.missing] == ["implanted_electronic_device"]

    @pytest.mark.parametrize(("implant", "near", "elsewhere"), [
        (NAIL, True, False),  # same femur, another segment: the nail spans it
        (replace(NAIL, site="femur_diaphysis"), True, False),  # same site
        (replace(NAIL, side=""), True, False),  # side not given: assumed the same
        (replace(NAIL, side="left"), False, False),  # the other femur
        (Implant(site="tibia_proximal", side="right", region="long_bone"), False, True),
        (Implant(site="acetabulum", side="right", region="pelvis"), False, True),
        (Implant(site="l4", region="spine"), False, True),  # midline: asked
    ])
    def test_it_judges_implant_proximity_on_the_bone(self, implant, near, elsewhere):
        assert implant_facts((implant,), LESION) == {
            "derived.implant_on_lesion_bone": near,
            "derived.implant_elsewhere_on_side": elsewhere,
        }

    def test_it_matches_vertebrae_by_level(self):
        facts = implant_facts((Implant(site="l2", region="spine"),
                               Implant(site="l3", region="spine")), VERTEBRA)
        assert facts == {"derived.implant_on_lesion_bone": True,
                         "derived.implant_elsewhere_on_side": True}

    def test_it_reads_no_implant_record_as_no_implant(self):
        result = assess()
        assert result.excluded_techniques == ()
        assert result.missing == ()


class TestDecision:
    def test_it_is_indicated_for_a_painful_lesion_in_the_soft_tissues(self):
        assert assess().decision == INDICATED

    def test_it_is_not_indicated_without_soft_tissue_extension(self):
        result = assess(lesion=replace(LESION, soft_tissue_extension=False))
        assert result.decision == NOT_INDICATED
        assert "small_metastasis_local_control" in codes(result.to_check)

    def test_it_is_undetermined_when_soft_tissue_extension_is_unknown(self):
        result = assess(lesion=replace(LESION, soft_tissue_extension=None))
        assert result.decision == UNDETERMINED
        assert [m.label("en") for m in result.missing] == ["soft-tissue extension"]

    def test_it_flags_the_spinal_cord_next_to_a_vertebral_zone(self):
        result = assess(lesion=VERTEBRA)
        assert result.decision == INDICATED
        assert codes(result.relative_contraindications) == ["epidural_at_risk_structure"]

    @given(st.sampled_from([True, False, None]), st.sampled_from([True, False, None]),
           st.sampled_from(["none", "mild", None]))
    def test_it_is_deterministic(self, device, extension, pain):
        patient = replace(PATIENT, implanted_electronic_device=device, implants=(NAIL,))
        lesion = replace(LESION, soft_tissue_extension=extension, pain=pain)
        assert assess(patient, lesion) == assess(patient, lesion)


def seed_table() -> dict:
    return copy.deepcopy(read_document()["tables"]["thermal_ablation"])


class TestInvalidTables:
    def test_it_refuses_a_row_without_source(self):
        data = seed_table()
        del data["rows"][3]["source"]
        with pytest.raises(ReferentialError, match="row 4 .*every row must cite its source"):
            parse_thermal_ablation(data)

    def test_it_refuses_an_undeclared_technique(self):
        data = seed_table()
        data["techniques"] = {}
        with pytest.raises(ReferentialError, match="technique 'monopolar_radiofrequency'"):
            parse_thermal_ablation(data)

    def test_it_refuses_a_technique_on_a_row_that_is_not_absolute(self):
        data = seed_table()
        data["rows"][0]["technique"] = "monopolar_radiofrequency"
        with pytest.raises(ReferentialError, match="on an absolute row"):
            parse_thermal_ablation(data)

    def test_it_refuses_a_technique_without_labels(self):
        data = seed_table()
        data["techniques"]["monopolar_radiofrequency"] = {"label_fr": "RF"}
        with pytest.raises(ReferentialError, match="label_fr and label_en needed"):
            parse_thermal_ablation(data)

    def test_it_refuses_an_unknown_derived_fact(self):
        data = seed_table()
        data["rows"][4]["when"] = {"fact": "derived.implant_nearby", "is_true": True}
        with pytest.raises(ReferentialError, match="unknown fact path 'derived.implant_nearby'"):
            parse_thermal_ablation(data)

    def test_it_accepts_the_seed_table(self):
        assert parse_thermal_ablation(seed_table()) == TABLE
