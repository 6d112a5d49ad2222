"""Mirels score (000_22e11bcb602ff4a2.txt, Tableau 3; Mirels H. Clin Orthop Relat Res
1989;(249):256-64): site, pain, lesion type, size, each 1 to 3; <= 7 radiotherapy,
8 intermediate, >= 9 prophylactic surgery."""

import copy
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from patients import skeleton
from scoring.engine.facts import LesionFacts
from scoring.engine.mirels import parse_mirels, score_mirels
from scoring.engine.referential import ReferentialError
from scoring.referential_data import read_document, seed_referential

MIRELS = seed_referential()["mirels"]
SOURCE_T3 = "000_22e11bcb602ff4a2.txt, Tableau 3"
PERITROCHANTERIC = ("head_neck", "trochanteric", "subtrochanteric")


def lesion(site="femur_diaphysis", limb="lower", segment="diaphysis", pain="moderate",
           lesion_type="mixed", size="1_3_to_2_3", region="long_bone") -> LesionFacts:
    return LesionFacts(id="L1", site=site, region=region, limb=limb, segment=segment,
                       pain=pain, lesion_type=lesion_type, cortical_involvement=size)


def points(score, name: str) -> int | None:
    return next(item.points for item in score.items if item.name == name)


class TestMirelsCells:
    """Every cell of 000 Tableau 3."""

    @pytest.mark.parametrize(("site", "limb", "segment", "expected"), [
        pytest.param("humerus_diaphysis", "upper", "diaphysis", 1, id="000-T3-upper-limb-1"),
        pytest.param("radius_distal", "upper", "distal", 1, id="000-T3-upper-limb-radius-1"),
        pytest.param("tibia_proximal", "lower", "proximal", 2, id="000-T3-lower-limb-2"),
        pytest.param("femur_diaphysis", "lower", "diaphysis", 2, id="000-T3-lower-femur-shaft-2"),
        pytest.param("femur_distal", "lower", "distal", 2, id="000-T3-lower-distal-femur-2"),
        pytest.param("femur_trochanteric", "lower", "trochanteric", 3,
                     id="000-T3-trochanteric-region-3"),
        pytest.param("femur_subtrochanteric", "lower", "subtrochanteric", 3,
                     id="Mirels1989-peritrochanteric-subtrochanteric-3"),
        pytest.param("femur_head_neck", "lower", "head_neck", 3,
                     id="Mirels1989-peritrochanteric-head-neck-3"),
    ])
    def test_it_scores_the_site(self, site, limb, segment, expected):
        score = score_mirels(lesion(site=site, limb=limb, segment=segment), MIRELS)
        assert points(score, "site") == expected

    @pytest.mark.parametrize(("pain", "expected"), [
        pytest.param("mild", 1, id="000-T3-pain-mild-1"),
        pytest.param("moderate", 2, id="000-T3-pain-moderate-2"),
        pytest.param("functional", 3, id="000-T3-pain-functional-3"),
        pytest.param("none", 1, id="referential-pain-none-scored-as-mild-1"),
    ])
    def test_it_scores_the_pain(self, pain, expected):
        assert points(score_mirels(lesion(pain=pain), MIRELS), "pain") == expected

    @pytest.mark.parametrize(("lesion_type", "expected"), [
        pytest.param("blastic", 1, id="000-T3-blastic-1"),
        pytest.param("mixed", 2, id="000-T3-mixed-2"),
        pytest.param("lytic", 3, id="000-T3-lytic-3"),
    ])
    def test_it_scores_the_lesion_type(self, lesion_type, expected):
        score = score_mirels(lesion(lesion_type=lesion_type), MIRELS)
        assert points(score, "lesion_type") == expected

    @pytest.mark.parametrize(("size", "expected"), [
        pytest.param("lt_1_3", 1, id="000-T3-under-a-third-1"),
        pytest.param("1_3_to_2_3", 2, id="000-T3-third-to-two-thirds-2"),
        pytest.param("gt_2_3", 3, id="000-T3-over-two-thirds-3"),
    ])
    def test_it_scores_the_size_by_cortical_involvement(self, size, expected):
        assert points(score_mirels(lesion(size=size), MIRELS), "size") == expected

    @pytest.mark.parametrize("site", [s for s in skeleton.SITES if s.region == "long_bone"],
                             ids=lambda s: s.code)
    def test_it_scores_every_long_bone_site_of_the_skeleton(self, site):
        expected = 1 if site.limb == "upper" else 3 if site.segment in PERITROCHANTERIC else 2
        score = score_mirels(lesion(site=site.code, limb=site.limb, segment=site.segment),
                             MIRELS)
        assert points(score, "site") == expected

    def test_it_says_when_no_pain_is_scored_as_mild(self):
        score = score_mirels(lesion(pain="none"), MIRELS)
        (note,) = [r for r in score.reasons if r.rule_id == "mirels.pain.scored_as"]
        assert "« absente » cotée comme « légère » (1)" in note.text_fr
        assert "'none' scored as 'mild' (1)" in note.text_en
        assert SOURCE_T3 in note.source


class TestMirelsBands:
    @pytest.mark.parametrize(("case", "total", "band"), [
        pytest.param(lesion(limb="upper", segment="diaphysis", pain="mild",
                            lesion_type="blastic", size="lt_1_3"), 4, "radiotherapy",
                     id="000-T3-minimum-4"),
        # 1 + 2 + 2 + 2
        pytest.param(lesion(limb="upper", segment="diaphysis"), 7, "radiotherapy",
                     id="000-T3-7-radiotherapy"),
        # 2 + 2 + 2 + 2
        pytest.param(lesion(), 8, "intermediate", id="000-T3-8-intermediate"),
        # 2 + 2 + 3 + 2
        pytest.param(lesion(lesion_type="lytic"), 9, "prophylactic_fixation",
                     id="000-T3-9-prophylactic"),
        pytest.param(lesion(site="femur_trochanteric", segment="trochanteric",
                            pain="functional", lesion_type="lytic", size="gt_2_3"),
                     12, "prophylactic_fixation", id="000-T3-maximum-12"),
    ])
    def test_it_bands_the_total(self, case, total, band):
        score = score_mirels(case, MIRELS)
        assert (score.total, score.band) == (total, band)
        assert score.complete

    def test_it_labels_and_cites_the_band(self):
        score = score_mirels(lesion(lesion_type="lytic"), MIRELS)
        assert (score.band_label_fr, score.band_label_en) == (
            "chirurgie prophylactique", "prophylactic surgery")
        band = next(r for r in score.reasons if r.rule_id == "mirels.band")
        assert band.text_en == "Mirels 9 (≥ 9): prophylactic surgery."
        assert "score ≥ 9" in band.source

    def test_it_explains_the_total_item_by_item(self):
        total = score_mirels(lesion(lesion_type="lytic"), MIRELS).reasons[0]
        assert total.rule_id == "mirels.total"
        assert total.text_en.startswith("Mirels 9/12 — site of the lesion: lower limb (2); ")
        assert SOURCE_T3 in total.source

    @pytest.mark.parametrize("region", ["spine", "pelvis", "thorax", "shoulder_girdle", "skull"])
    def test_it_does_not_apply_outside_long_bones(self, region):
        assert score_mirels(lesion(region=region), MIRELS) is None


class TestMirelsMissing:
    @pytest.mark.parametrize(("case", "missing", "known"), [
        (lesion(pain=None), ["pain"], 6),
        (lesion(lesion_type=None), ["lesion_type"], 6),
        (lesion(size=None), ["size"], 6),
        (lesion(limb="", segment=""), ["site"], 6),
        # The femur has segment rows: an unknown segment could be trochanteric.
        (lesion(segment=""), ["site"], 6),
        (lesion(pain="severe"), ["pain"], 6),  # a code the table does not know
        (lesion(pain=None, size=None), ["pain", "size"], 4),
    ])
    def test_it_lists_missing_items_and_gives_no_total(self, case, missing, known):
        score = score_mirels(case, MIRELS)
        assert (score.total, score.band) == (None, None)
        assert [m.name for m in score.missing] == missing
        assert score.partial_total == known
        assert not score.complete

    def test_it_says_the_known_points_are_not_the_score(self):
        score = score_mirels(lesion(pain=None), MIRELS)
        assert score.reasons[0].text_en == (
            "Mirels incomplete, unknown: pain. The known items make 6 points, which is not "
            "the score.")
        assert score.missing[0].label("fr") == "douleur"

    def test_it_scores_an_upper_limb_without_segment(self):
        score = score_mirels(lesion(site="humerus", limb="upper", segment=""), MIRELS)
        assert points(score, "site") == 1


FINDINGS = {
    "site": [("upper", "diaphysis"), ("lower", "diaphysis"), ("lower", "trochanteric")],
    "pain": ["none", "mild", "moderate", "functional"],
    "lesion_type": ["blastic", "mixed", "lytic"],
    "size": ["lt_1_3", "1_3_to_2_3", "gt_2_3"],
}
complete_lesions = st.builds(
    lambda site, pain, kind, size: lesion(limb=site[0], segment=site[1], pain=pain,
                                          lesion_type=kind, size=size),
    st.sampled_from(FINDINGS["site"]), st.sampled_from(FINDINGS["pain"]),
    st.sampled_from(FINDINGS["lesion_type"]), st.sampled_from(FINDINGS["size"]),
)


class TestMirelsProperties:
    @given(complete_lesions)
    def test_it_keeps_every_total_within_4_and_12(self, case):
        score = score_mirels(case, MIRELS)
        assert 4 <= score.total <= 12
        assert score.band is not None

    @given(complete_lesions, st.sampled_from(["site", "pain", "lesion_type", "size"]),
           st.integers(min_value=0, max_value=3))
    def test_it_never_lowers_the_total_when_one_item_worsens(self, case, item, index):
        worse = {"site": lambda c, v: replace(c, limb=v[0], segment=v[1]),
                 "pain": lambda c, v: replace(c, pain=v),
                 "lesion_type": lambda c, v: replace(c, lesion_type=v),
                 "size": lambda c, v: replace(c, cortical_involvement=v)}[item]
        values = FINDINGS[item]
        before = score_mirels(case, MIRELS)
        after = score_mirels(worse(case, values[index % len(values)]), MIRELS)
        # The total moves by exactly the item's change: a worse finding never lowers it.
        assert after.total - before.total == points(after, item) - points(before, item)
        if points(after, item) >= points(before, item):
            assert after.total >= before.total

    @given(complete_lesions)
    def test_it_gives_the_same_score_for_the_same_lesion(self, case):
        assert score_mirels(case, MIRELS) == score_mirels(case, MIRELS)


def seed_table() -> dict:
    return copy.deepcopy(read_document()["tables"]["mirels"])


class TestMirelsTableValidation:
    def test_it_refuses_a_row_without_source(self):
        data = seed_table()
        del data["items"]["pain"]["rows"][2]["source"]
        with pytest.raises(ReferentialError, match="mirels, item pain, row 3: every row must"):
            parse_mirels(data)

    def test_it_refuses_a_band_gap(self):
        data = seed_table()
        data["bands"][1]["lower"] = 9  # 8 belongs to no band
        with pytest.raises(ReferentialError, match="mirels: bands 'radiotherapy' and"):
            parse_mirels(data)

    def test_it_refuses_a_band_without_source(self):
        data = seed_table()
        data["bands"][0]["source"] = ""
        with pytest.raises(ReferentialError, match="every row must cite its source"):
            parse_mirels(data)

    def test_it_refuses_negative_points(self):
        data = seed_table()
        data["items"]["size"]["rows"][0]["points"] = -1
        with pytest.raises(ReferentialError, match="mirels, item size, row 1: points"):
            parse_mirels(data)

    def test_it_refuses_a_missing_item(self):
        data = seed_table()
        del data["items"]["size"]
        with pytest.raises(ReferentialError, match="items must be exactly"):
            parse_mirels(data)

    def test_it_refuses_a_finding_listed_twice(self):
        data = seed_table()
        data["items"]["lesion_type"]["rows"][1]["finding"] = "blastic"
        with pytest.raises(ReferentialError, match="listed twice"):
            parse_mirels(data)

    def test_it_refuses_a_segment_in_two_site_rows(self):
        data = seed_table()
        data["items"]["site"]["rows"][1]["segments"] = ["trochanteric"]
        with pytest.raises(ReferentialError, match="item site"):
            parse_mirels(data)

    def test_it_refuses_no_pain_scored_differently_from_its_target(self):
        data = seed_table()
        data["items"]["pain"]["rows"][0]["points"] = 0
        with pytest.raises(ReferentialError, match="scored_as"):
            parse_mirels(data)

    def test_it_refuses_a_band_without_label(self):
        data = seed_table()
        del data["bands"][2]["label_en"]
        with pytest.raises(ReferentialError, match="mirels, band 3: 'label_en' is missing"):
            parse_mirels(data)
