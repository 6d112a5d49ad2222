"""Oligometastatic status, two named thresholds (sources' README): <= 5 metastases (004), and
SBRT discussed for 1-3 bone metastases with a controlled primary and no other metastasis
(000 question 13, indication 5)."""

import copy

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.engine.facts import PatientFacts
from scoring.engine.oligometastatic import oligometastatic_status, parse_oligometastatic
from scoring.engine.referential import ReferentialError
from scoring.referential_data import read_document, seed_referential

TABLE = seed_referential()["oligometastatic"]
S004 = "004_5515319a20666c1b.txt"
S000_Q13 = "000_22e11bcb602ff4a2.txt, question 13, indication 5"


def status(count=2, disease="controlled", visceral="none"):
    patient = PatientFacts(bone_metastasis_count=count, disease_status=disease,
                           visceral_metastases=visceral)
    return oligometastatic_status(patient, TABLE)


def missing(result) -> list[str]:
    return [m.name for m in result.missing]


class TestOligometastatic:
    @pytest.mark.parametrize(("count", "expected"), [
        (1, True), (4, True),
        (5, True),  # 004: "inférieures ou égale à 5": 5 is in
        (6, False), (12, False),
    ])
    def test_it_applies_the_004_threshold_with_5_included(self, count, expected):
        result = status(count=count)
        assert result.oligometastatic is expected
        assert result.reasons[0].source.startswith(S004)

    def test_it_explains_the_count_with_its_bound(self):
        assert status(count=5).reasons[0].text("en") == (
            "5 metastases in total (≤ 5): oligometastatic stage: local treatments (surgery, "
            "cementoplasty, stereotactic radiotherapy) to discuss.")
        assert status(count=6).reasons[0].text("fr") == (
            "6 métastases au total (> 5) : pas de stade oligométastatique.")

    @pytest.mark.parametrize("visceral", ["treatable", "untreatable"])
    def test_it_needs_the_total_count_when_visceral_metastases_exist(self, visceral):
        result = status(count=3, visceral=visceral)
        assert result.oligometastatic is None
        assert "total_metastasis_count" in missing(result)

    def test_it_settles_on_the_bone_count_alone_when_it_already_exceeds(self):
        result = status(count=6, visceral="treatable")
        assert result.oligometastatic is False
        assert "visceral not counted" in result.reasons[0].text("en")
        assert "total_metastasis_count" not in missing(result)

    def test_it_asks_for_visceral_metastases_when_unknown(self):
        result = status(count=2, visceral=None)
        assert result.oligometastatic is None
        assert missing(result) == ["visceral_metastases"]

    def test_it_asks_for_the_bone_count_when_unknown(self):
        result = status(count=None)
        assert (result.oligometastatic, result.sbrt_candidate) == (None, None)
        assert missing(result) == ["bone_metastasis_count"]


class TestSbrtCandidate:
    @pytest.mark.parametrize(("count", "expected"), [
        (0, False), (1, True), (2, True),
        (3, True),  # 000: "1 à 3": 3 is in
        (4, False),
    ])
    def test_it_applies_the_1_to_3_range(self, count, expected):
        result = status(count=count)
        assert result.sbrt_candidate is expected
        assert any(r.source.startswith(S000_Q13) for r in result.reasons)

    @pytest.mark.parametrize(("disease", "visceral", "expected"), [
        ("controlled", "none", True),
        ("progressing", "none", False),
        ("controlled", "treatable", False),
        ("controlled", "untreatable", False),
        (None, "none", None),
        ("controlled", None, None),
        ("progressing", None, False),  # one known failure settles it
    ])
    def test_it_needs_a_controlled_primary_and_no_other_metastasis(self, disease, visceral,
                                                                   expected):
        assert status(count=2, disease=disease, visceral=visceral).sbrt_candidate is expected

    def test_it_says_which_criterion_fails(self):
        reasons = {r.rule_id: r.text("en") for r in status(count=2, disease="progressing").reasons}
        assert reasons["oligometastatic.sbrt_candidate.disease_status"] == (
            "Stereotactic radiotherapy: disease progressing (expected: controlled), "
            "criterion not met.")
        assert reasons["oligometastatic.sbrt_candidate.bone_metastasis_count"].endswith(
            "(≥ 1 ; ≤ 3), criterion met.")

    def test_it_lists_the_unknown_disease_status(self):
        assert missing(status(disease=None)) == ["disease_status"]

    def test_it_is_oligometastatic_without_being_an_sbrt_candidate(self):
        result = status(count=4)
        assert (result.oligometastatic, result.sbrt_candidate) == (True, False)


COUNTS = st.integers(min_value=0, max_value=60)
DISEASES = st.sampled_from(["controlled", "progressing", None])
VISCERAL = st.sampled_from(["none", "treatable", "untreatable", None])


class TestProperties:
    @given(COUNTS, DISEASES, VISCERAL)
    def test_it_never_becomes_oligometastatic_with_more_metastases(self, count, disease,
                                                                   visceral):
        if status(count, disease, visceral).oligometastatic is False:
            assert status(count + 1, disease, visceral).oligometastatic is False

    @given(COUNTS, DISEASES, VISCERAL)
    def test_it_is_an_sbrt_candidate_only_if_oligometastatic(self, count, disease, visceral):
        result = status(count, disease, visceral)
        if result.sbrt_candidate:
            assert result.oligometastatic is True

    @given(COUNTS, DISEASES, VISCERAL)
    def test_it_is_deterministic_and_lists_what_leaves_it_open(self, count, disease, visceral):
        result = status(count, disease, visceral)
        assert result == status(count, disease, visceral)
        if None in (result.oligometastatic, result.sbrt_candidate):
            assert result.missing


def seed_table() -> dict:
    return copy.deepcopy(read_document()["tables"]["oligometastatic"])


class TestInvalidTables:
    def test_it_refuses_a_band_without_source(self):
        data = seed_table()
        del data["oligometastatic"]["bands"][0]["source"]
        with pytest.raises(ReferentialError, match="row 1: every row must cite its source"):
            parse_oligometastatic(data)

    def test_it_refuses_the_sbrt_rule_without_source(self):
        data = seed_table()
        data["sbrt_candidate"]["source"] = ""
        with pytest.raises(ReferentialError, match="sbrt_candidate: every rule must cite"):
            parse_oligometastatic(data)

    def test_it_refuses_a_gap_between_bands(self):
        data = seed_table()
        data["sbrt_candidate"]["bands"][1]["upper"] = 2
        with pytest.raises(ReferentialError, match="gap or overlap"):
            parse_oligometastatic(data)

    def test_it_refuses_a_bound_in_both_bands(self):
        data = seed_table()
        data["oligometastatic"]["bands"][1]["lower_inclusive"] = True
        with pytest.raises(ReferentialError, match="belongs to both or neither"):
            parse_oligometastatic(data)

    def test_it_refuses_a_band_that_does_not_say_whether_it_qualifies(self):
        data = seed_table()
        del data["oligometastatic"]["bands"][0]["qualifies"]
        with pytest.raises(ReferentialError, match="'qualifies' must be true/false"):
            parse_oligometastatic(data)

    def test_it_refuses_qualifying_bands_above_non_qualifying_ones(self):
        data = seed_table()
        for band in data["oligometastatic"]["bands"]:
            band["qualifies"] = not band["qualifies"]
        with pytest.raises(ReferentialError, match="qualifying bands must come before"):
            parse_oligometastatic(data)

    def test_it_refuses_an_unknown_disease_status(self):
        data = seed_table()
        data["sbrt_candidate"]["disease_status"] = ["stable"]
        with pytest.raises(ReferentialError, match="disease_status must list codes"):
            parse_oligometastatic(data)

    def test_it_refuses_a_missing_section(self):
        data = seed_table()
        del data["sbrt_candidate"]
        with pytest.raises(ReferentialError, match="missing or malformed entry"):
            parse_oligometastatic(data)

    def test_it_accepts_the_seed_table(self):
        assert parse_oligometastatic(seed_table()) == TABLE
