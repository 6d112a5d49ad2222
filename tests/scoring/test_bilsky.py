"""Epidural spinal cord compression grade (Bilsky MH, Laufer I, Fourney DR, et al. Reliability
analysis of the epidural spinal cord compression scale. J Neurosurg Spine 2010;13(3):324-8):
grades 0, 1a, 1b, 1c, 2, 3; low grade 0-1c (1c debated), high grade 2-3 (Laufer I et al., The
NOMS framework, Oncologist 2013;18(6):744-51)."""

import copy
import json

import pytest

from scoring.engine.bilsky import EsccGrade, bilsky_grade, parse_bilsky
from scoring.engine.facts import LesionFacts
from scoring.engine.referential import ReferentialError
from scoring.referential_data import SEED_DIR, seed_referential

BILSKY = seed_referential()["bilsky"]
SEED = json.loads((SEED_DIR / "bilsky.json").read_text(encoding="utf-8"))


def spine(**fields) -> LesionFacts:
    return LesionFacts(id="1", site="t9", region="spine", **fields)


class TestGrades:
    @pytest.mark.parametrize(("grade", "epidural", "category", "debated"), [
        ("0", False, "low", False),  # bone-only disease
        ("1a", True, "low", False),  # epidural impingement, thecal sac not deformed
        ("1b", True, "low", False),  # thecal sac deformed, cord not abutted
        ("1c", True, "low", True),  # cord abutted, not compressed: low grade, debated
        ("2", True, "high", False),  # cord compressed, CSF visible
        ("3", True, "high", False),  # cord compressed, no CSF visible
    ])
    def test_it_grades_and_classes_each_grade(self, grade, epidural, category, debated):
        result = bilsky_grade(spine(bilsky_grade=grade, epidural_extension=epidural), BILSKY)
        assert result.complete
        assert (result.value.grade, result.value.category, result.value.debated,
                result.value.inferred) == (grade, category, debated, False)
        assert "Bilsky MH, Laufer I" in result.reasons[0].source

    def test_it_accepts_a_grade_when_the_epidural_extension_is_unknown(self):
        result = bilsky_grade(spine(bilsky_grade="2"), BILSKY)
        assert result.value.category == "high"

    def test_it_says_that_grade_1c_is_debated(self):
        result = bilsky_grade(spine(bilsky_grade="1c", epidural_extension=True), BILSKY)
        assert [r.rule_id for r in result.reasons] == ["bilsky.grade", "bilsky.debated"]
        assert "debated" in result.reasons[1].text_en
        assert result.reasons[0].text_en == (
            "Epidural spinal cord compression (Bilsky): grade 1c — deformation of the thecal sac "
            "with spinal cord abutment, without compression → low-grade compression.")

    def test_it_reads_grade_0_when_there_is_no_epidural_extension(self):
        result = bilsky_grade(spine(epidural_extension=False), BILSKY)
        assert result.value == EsccGrade("0", "low", False, True, "atteinte osseuse seule",
                                         "bone-only disease")
        assert "read from the absence of epidural extension" in result.reasons[0].text_en
        assert "Application rule" in result.reasons[0].source

    def test_it_does_not_infer_when_the_table_forbids_it(self):
        data = copy.deepcopy(SEED)
        data["infer_bone_only_without_epidural_extension"] = False
        result = bilsky_grade(spine(epidural_extension=False), parse_bilsky(data))
        assert [m.name for m in result.missing] == ["bilsky_grade"]

    def test_it_gives_nothing_outside_the_spine(self):
        lesion = LesionFacts(id="2", site="femur_diaphysis", region="long_bone",
                             bilsky_grade="2")
        assert bilsky_grade(lesion, BILSKY) is None


class TestMissing:
    @pytest.mark.parametrize("lesion", [
        spine(),  # nothing recorded
        spine(epidural_extension=True),  # epidural extension but no grade
        spine(bilsky_grade="4"),  # not a grade
        spine(bilsky_grade="0", epidural_extension=True),  # contradiction
        spine(bilsky_grade="1a", epidural_extension=False),  # contradiction
    ])
    def test_it_gives_no_grade_when_it_cannot_be_trusted(self, lesion):
        result = bilsky_grade(lesion, BILSKY)
        assert result.value is None
        assert [m.name for m in result.missing] == ["bilsky_grade"]

    def test_it_asks_to_re_read_the_mri_on_a_contradiction(self):
        result = bilsky_grade(spine(bilsky_grade="0", epidural_extension=True), BILSKY)
        assert "re-read the MRI" in result.missing[0].label_en


class TestVocabulary:
    def test_it_knows_every_grade_of_the_patients_app(self):
        from patients.models.lesion import BilskyGrade

        assert {choice.value for choice in BilskyGrade} == set(BILSKY.grades)


def altered(change) -> dict:
    data = copy.deepcopy(SEED)
    change(data)
    return data


class TestInvalidTable:
    def test_the_seed_table_parses(self):
        assert parse_bilsky(copy.deepcopy(SEED)) == BILSKY

    @pytest.mark.parametrize(("change", "message"), [
        (lambda d: d["grades"][2].pop("source"), "'source'"),
        (lambda d: d["grades"][2].update(category="medium"), "category must be one of"),
        (lambda d: d["grades"][3].pop("note_en"), "'note_en'"),
        (lambda d: d["grades"][3].update(debated="yes"), "'debated'"),
        (lambda d: d["grades"].append(dict(d["grades"][0])), "listed twice"),
        (lambda d: d.update(bone_only_grade="5"), "not a grade"),
        (lambda d: d.update(infer_bone_only_without_epidural_extension="yes"), "true or false"),
        (lambda d: d["categories"].pop("high"), "'categories'"),
        (lambda d: d["categories"]["low"].pop("source"), "'source'"),
        (lambda d: d.update(grades=[]), "'grades'"),
    ])
    def test_it_refuses_an_invalid_table(self, change, message):
        with pytest.raises(ReferentialError, match="bilsky") as error:
            parse_bilsky(altered(change))
        assert message in str(error.value)
