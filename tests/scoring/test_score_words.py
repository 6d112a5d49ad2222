"""Points scores name every finding in words: each item carries its finding's label in French
and English (the referential row's label, a vertebral level, a count), and no reason or
finding label shows the vocabulary code the engine matched.

The codes checked below differ from their labels in the language tested (for instance the
English label of SINS "unilateral" is "unilateral", so that code is checked in French only),
so a code that leaks into a text makes the test fail. Labels restate the seed referential
(scoring/referential_data/seed/*.json)."""

import pytest

from scoring.engine.facts import LesionFacts, PatientFacts
from scoring.engine.mirels import score_mirels
from scoring.engine.noms import noms_summary
from scoring.engine.results import Score
from scoring.engine.sins import score_sins
from scoring.engine.tokuhashi import tokuhashi_score
from scoring.engine.tomita import tomita_score
from scoring.engine.vertebrae import level_name
from scoring.referential_data import seed_referential

REFERENTIAL = seed_referential()

FEMUR = LesionFacts(id="L1", site="femur_diaphysis", region="long_bone", limb="lower",
                    segment="diaphysis", pain="functional", lesion_type="lytic",
                    cortical_involvement="gt_2_3")
T5 = LesionFacts(id="L2", site="t5", region="spine", spine_level=13, pain="moderate",
                 pain_mechanical=False, lesion_type="mixed", alignment="normal",
                 collapse="lt50", posterolateral="unilateral")
T11 = LesionFacts(id="L3", site="t11", region="spine", spine_level=19,
                  neurological_deficit="radiculopathy")
PATIENT = PatientFacts(karnofsky=70, bone_metastasis_count=5, vertebral_metastasis_count=2,
                       visceral_metastases="untreatable", primary_site="unknown_primary")


def mirels() -> Score:
    return score_mirels(FEMUR, REFERENTIAL["mirels"])


def sins() -> Score:
    return score_sins(T5, REFERENTIAL["sins"])


def tokuhashi() -> Score:
    return tokuhashi_score(PATIENT, (T11,), REFERENTIAL["tokuhashi"])


def tomita() -> Score:
    return tomita_score(PATIENT, REFERENTIAL["tomita"])


def texts(score: Score, language: str) -> list[str]:
    """Every sentence and finding label a reader sees in that language."""
    reasons = [reason.text(language) for reason in score.reasons]
    return reasons + [item.finding_label(language) for item in score.items
                      if item.finding_label(language) is not None]


def finding(score: Score, name: str) -> tuple[str | None, str | None]:
    item = next(item for item in score.items if item.name == name)
    return item.finding_fr, item.finding_en


CODES = [
    pytest.param(mirels, "en", {"lower_limb", "gt_2_3"}, id="mirels-en"),
    pytest.param(mirels, "fr", {"lower_limb", "gt_2_3", "functional", "lytic"}, id="mirels-fr"),
    pytest.param(sins, "en", {"t5", "semi_rigid", "non_mechanical", "lt50"}, id="sins-en"),
    pytest.param(sins, "fr", {"t5", "semi_rigid", "non_mechanical", "lt50", "unilateral"},
                 id="sins-fr"),
    pytest.param(tokuhashi, "en", {"t11", "unknown_primary", "untreatable", "radiculopathy"},
                 id="tokuhashi-en"),
    pytest.param(tokuhashi, "fr", {"t11", "unknown_primary", "untreatable", "radiculopathy"},
                 id="tokuhashi-fr"),
    pytest.param(tomita, "en", {"unknown_primary"}, id="tomita-en"),
    pytest.param(tomita, "fr", {"unknown_primary", "untreatable"}, id="tomita-fr"),
]


@pytest.mark.parametrize(("build", "language", "codes"), CODES)
def test_it_writes_no_code_in_reasons_or_finding_labels(build, language, codes):
    score = build()
    assert score.complete, "every item is known, so every item has its reason"
    leaked = {(code, text) for text in texts(score, language) for code in codes if code in text}
    assert not leaked


class TestFindingLabels:
    def test_it_labels_a_mirels_finding_with_its_row(self):
        assert finding(mirels(), "size") == ("> 2/3 de la corticale", "> 2/3 of the cortex")
        assert finding(mirels(), "site") == ("membre inférieur", "lower limb")

    def test_it_labels_a_mirels_item_without_its_finding(self):
        item = next(item for item in mirels().items if item.name == "size")
        assert (item.label_fr, item.label_en) == (
            "Taille de la lésion (atteinte corticale)", "Size of the lesion (cortical involvement)")

    def test_it_labels_a_sins_finding_with_its_row(self):
        assert finding(sins(), "collapse") == ("< 50 % de la hauteur du corps vertébral",
                                               "< 50 % collapse")
        assert finding(sins(), "posterolateral") == ("unilatérale", "unilateral")

    def test_it_labels_a_sins_item_without_its_finding(self):
        item = next(item for item in sins().items if item.name == "collapse")
        assert item.label_en == "Vertebral body collapse"

    def test_it_labels_a_tokuhashi_choice_with_its_row(self):
        assert finding(tokuhashi(), "primary_site") == (
            "foie, vésicule biliaire, primitif non identifié", "liver, gallbladder, unidentified")
        assert finding(tokuhashi(), "internal_organs") == ("non résécables", "unremovable")

    def test_it_names_the_palsy_by_the_level_and_the_row(self):
        assert finding(tokuhashi(), "palsy") == ("T11 : aucune (Frankel E)",
                                                 "T11: none (Frankel E)")

    def test_it_shows_a_measured_finding_as_it_was_observed(self):
        assert finding(tokuhashi(), "general_condition") == ("Karnofsky 70 %", "Karnofsky 70 %")
        assert finding(tokuhashi(), "extraspinal_bone") == ("5 − 2 = 3", "5 − 2 = 3")

    def test_it_shows_a_count_as_the_number(self):
        assert finding(tokuhashi(), "vertebral_body") == ("2", "2")
        assert finding(tomita(), "bone_metastases") == ("5", "5")

    def test_it_labels_a_tomita_choice_with_its_row(self):
        assert finding(tomita(), "visceral_metastases") == ("non traitables", "untreatable")

    def test_it_keeps_the_code_for_readers_of_the_json(self):
        assert [item.finding for item in tomita().items] == ["unknown_primary", "untreatable",
                                                              "5"]

    def test_it_gives_a_missing_finding_no_label(self):
        score = tomita_score(PatientFacts(primary_site="unknown_primary"), REFERENTIAL["tomita"])
        assert finding(score, "bone_metastases") == (None, None)


class TestReasons:
    def test_it_grades_a_choice_in_the_row_s_words(self):
        reason = next(r for r in tokuhashi().reasons if r.rule_id == "tokuhashi.primary_site")
        assert reason.text_en == ("Primary site of the cancer: liver, gallbladder, "
                                  "unidentified: 1 point.")
        assert reason.text_fr == ("Site du cancer primitif : foie, vésicule biliaire, primitif "
                                  "non identifié : 1 point.")

    def test_it_says_which_level_gave_the_palsy(self):
        reason = next(r for r in tokuhashi().reasons if r.rule_id == "tokuhashi.palsy")
        assert reason.text_en == "Palsy (Frankel grade): T11 → none (Frankel E): 2 points."

    def test_it_grades_a_count_from_the_number(self):
        reason = next(r for r in tomita().reasons if r.rule_id == "tomita.bone_metastases")
        assert reason.text_en == "Bone metastases: 5 → multiple: 2 points."


class TestNomsOncologic:
    def test_it_names_the_primary_by_the_rule_not_by_the_codes(self):
        patient = PatientFacts(primary_site="lung", histology="adenocarcinoma", ecog=1)
        lesion = LesionFacts(id="1", site="t7", region="spine", bilsky_grade="1a",
                             neurological_deficit="none")
        result = noms_summary(patient, lesion, None, None, REFERENTIAL["noms"])
        reason = result.oncologic.reasons[0]
        assert reason.text_en == ("Oncologic assessment: non-small cell lung cancer → "
                                  "radioresistant tumour.")
        assert "adenocarcinoma" not in reason.text_fr and "lung" not in reason.text_fr


class TestLevelName:
    @pytest.mark.parametrize(("code", "name"), [("t11", "T11"), ("c0", "C0"), ("l5", "L5"),
                                                ("s1", "S1"), ("co", "Co")])
    def test_it_names_a_vertebra_as_a_reader_does(self, code, name):
        assert level_name(code) == name

    def test_it_leaves_a_site_that_is_not_a_vertebra_alone(self):
        assert level_name("femur_diaphysis") == "femur_diaphysis"
