"""Spinal Instability Neoplastic Score (000_22e11bcb602ff4a2.txt, Tableau 4; Fisher CG et al.
Spine 2010;35(22):E1221-9): location, pain, bone lesion, alignment, collapse, posterolateral
involvement; 0-6 stable, 7-12 potentially unstable, 13-18 unstable."""

import copy
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from patients import skeleton
from scoring.engine.facts import LesionFacts
from scoring.engine.referential import ReferentialError
from scoring.engine.sins import VERTEBRAE, parse_sins, score_sins
from scoring.referential_data import read_document, seed_referential

SINS = seed_referential()["sins"]
SOURCE_T4 = "000_22e11bcb602ff4a2.txt, Tableau 4"


def vertebra(site="s2", pain="none", mechanical=None, lesion_type="blastic", alignment="normal",
             collapse="none", posterolateral="none", level="from_site",
             region="spine") -> LesionFacts:
    """A spinal lesion scoring 0 by default (rigid S2, pain-free, blastic, all normal)."""
    spine_level = VERTEBRAE.index(site) if level == "from_site" else level
    return LesionFacts(id="V1", site=site, region=region, spine_level=spine_level, pain=pain,
                       pain_mechanical=mechanical, lesion_type=lesion_type, alignment=alignment,
                       collapse=collapse, posterolateral=posterolateral)


def points(score, name: str) -> int | None:
    return next(item.points for item in score.items if item.name == name)


# 000 Tableau 4: junctional (C0-C2, C7-T2, T11-L1, L5-S1) 3, mobile (C3-C6, L2-L4) 2,
# semi-rigid (T3-T10) 1, rigid (S2-S5) 0.
LOCATION = {
    **dict.fromkeys(["c0", "c1", "c2", "c7", "t1", "t2", "t11", "t12", "l1", "l5", "s1"],
                    ("junctional", 3)),
    **dict.fromkeys(["c3", "c4", "c5", "c6", "l2", "l3", "l4"], ("mobile", 2)),
    **dict.fromkeys([f"t{i}" for i in range(3, 11)], ("semi_rigid", 1)),
    **dict.fromkeys(["s2", "s3", "s4", "s5"], ("rigid", 0)),
}


class TestSinsCells:
    """Every cell of 000 Tableau 4."""

    @pytest.mark.parametrize(("site", "expected"), LOCATION.items(),
                             ids=[f"000-T4-{site}" for site in LOCATION])
    def test_it_gives_each_level_its_location_class(self, site, expected):
        score = score_sins(vertebra(site=site), SINS)
        item = next(item for item in score.items if item.name == "location")
        assert (item.finding, item.points) == expected

    def test_it_covers_every_vertebra_of_the_skeleton_but_the_coccyx(self):
        spine = [site for site in skeleton.SITES if site.region == "spine"]
        assert [site.code for site in spine] == list(VERTEBRAE)
        assert [site.spine_level for site in spine] == list(range(len(VERTEBRAE)))
        assert set(LOCATION) == set(VERTEBRAE) - {"co"}

    def test_it_does_not_apply_to_the_coccyx(self):
        assert score_sins(vertebra(site="co"), SINS) is None

    def test_it_reads_the_level_from_the_site_when_the_level_is_unknown(self):
        score = score_sins(vertebra(site="t12", level=None), SINS)
        assert points(score, "location") == 3

    @pytest.mark.parametrize("level", [None, 31, -1])
    def test_it_lists_the_location_missing_without_a_known_level(self, level):
        score = score_sins(vertebra(site="", level=level), SINS)
        assert [m.name for m in score.missing] == ["location"]

    def test_it_shows_the_vertebra_and_its_class(self):
        score = score_sins(vertebra(site="t12"), SINS)
        note = next(r for r in score.reasons if r.rule_id == "sins.location")
        assert note.text_en == ("SINS: T12, junctional location "
                                "(C0-C2, C7-T2, T11-L1, L5-S1): 3.")
        assert SOURCE_T4 in note.source

    @pytest.mark.parametrize(("pain", "mechanical", "expected"), [
        pytest.param("moderate", True, 3, id="000-T4-mechanical-pain-3"),
        pytest.param("mild", True, 3, id="000-T4-mechanical-mild-pain-3"),
        pytest.param("functional", False, 1, id="000-T4-non-mechanical-pain-1"),
        pytest.param("mild", False, 1, id="000-T4-non-mechanical-mild-pain-1"),
        pytest.param("none", None, 0, id="000-T4-pain-free-0"),
        # No pain: whether it is mechanical does not matter.
        pytest.param("none", True, 0, id="000-T4-pain-free-whatever-mechanical-0"),
    ])
    def test_it_scores_the_pain(self, pain, mechanical, expected):
        score = score_sins(vertebra(pain=pain, mechanical=mechanical), SINS)
        assert points(score, "pain") == expected

    @pytest.mark.parametrize(("item", "field", "value", "expected"), [
        pytest.param("lesion_type", "lesion_type", "lytic", 2, id="000-T4-lytic-2"),
        pytest.param("lesion_type", "lesion_type", "mixed", 1, id="000-T4-mixed-1"),
        pytest.param("lesion_type", "lesion_type", "blastic", 0, id="000-T4-blastic-0"),
        pytest.param("alignment", "alignment", "subluxation", 4, id="000-T4-subluxation-4"),
        pytest.param("alignment", "alignment", "deformity", 2, id="000-T4-deformity-2"),
        pytest.param("alignment", "alignment", "normal", 0, id="000-T4-alignment-normal-0"),
        pytest.param("collapse", "collapse", "gt50", 3, id="000-T4-collapse-over-50-3"),
        pytest.param("collapse", "collapse", "lt50", 2, id="000-T4-collapse-under-50-2"),
        pytest.param("collapse", "collapse", "none_gt50_body", 1,
                     id="000-T4-no-collapse-over-50-body-1"),
        pytest.param("collapse", "collapse", "none", 0, id="000-T4-collapse-none-0"),
        pytest.param("posterolateral", "posterolateral", "bilateral", 3,
                     id="000-T4-posterolateral-bilateral-3"),
        pytest.param("posterolateral", "posterolateral", "unilateral", 1,
                     id="000-T4-posterolateral-unilateral-1"),
        pytest.param("posterolateral", "posterolateral", "none", 0,
                     id="000-T4-posterolateral-none-0"),
    ])
    def test_it_scores_each_radiological_item(self, item, field, value, expected):
        score = score_sins(vertebra(**{field: value}), SINS)
        assert points(score, item) == expected


class TestSinsBands:
    @pytest.mark.parametrize(("case", "total", "band"), [
        pytest.param(vertebra(), 0, "stable", id="000-T4-minimum-0"),
        # junctional 3 + mechanical 3
        pytest.param(vertebra(site="t12", pain="mild", mechanical=True), 6, "stable",
                     id="000-T4-6-stable"),
        # + mixed 1
        pytest.param(vertebra(site="t12", pain="mild", mechanical=True, lesion_type="mixed"),
                     7, "potentially_unstable", id="000-T4-7-potentially-unstable"),
        # 3 + 3 + lytic 2 + deformity 2 + collapse < 50 % 2
        pytest.param(vertebra(site="t12", pain="mild", mechanical=True, lesion_type="lytic",
                              alignment="deformity", collapse="lt50"),
                     12, "potentially_unstable", id="000-T4-12-potentially-unstable"),
        # + unilateral 1
        pytest.param(vertebra(site="t12", pain="mild", mechanical=True, lesion_type="lytic",
                              alignment="deformity", collapse="lt50",
                              posterolateral="unilateral"),
                     13, "unstable", id="000-T4-13-unstable"),
        pytest.param(vertebra(site="c1", pain="functional", mechanical=True,
                              lesion_type="lytic", alignment="subluxation", collapse="gt50",
                              posterolateral="bilateral"),
                     18, "unstable", id="000-T4-maximum-18"),
    ])
    def test_it_bands_the_total(self, case, total, band):
        score = score_sins(case, SINS)
        assert (score.total, score.band) == (total, band)

    def test_it_labels_and_cites_the_band(self):
        score = score_sins(vertebra(site="t12", pain="mild", mechanical=True,
                                    lesion_type="mixed"), SINS)
        assert (score.band_label_fr, score.band_label_en) == (
            "potentiellement instable", "potentially unstable")
        band = next(r for r in score.reasons if r.rule_id == "sins.band")
        assert band.text_en == "SINS 7 (≥ 7 ; < 13): potentially unstable."
        assert "entre 7 et 12" in band.source

    @pytest.mark.parametrize("region", ["long_bone", "pelvis", "thorax", "skull"])
    def test_it_does_not_apply_outside_the_spine(self, region):
        assert score_sins(vertebra(region=region), SINS) is None


class TestSinsMissing:
    @pytest.mark.parametrize(("case", "missing"), [
        (vertebra(pain=None), ["pain"]),
        (vertebra(pain="moderate", mechanical=None), ["pain_mechanical"]),
        (vertebra(lesion_type=None), ["lesion_type"]),
        (vertebra(alignment=None), ["alignment"]),
        (vertebra(collapse=None), ["collapse"]),
        (vertebra(posterolateral=None), ["posterolateral"]),
        (vertebra(alignment=None, collapse=None), ["alignment", "collapse"]),
    ])
    def test_it_lists_missing_items_and_gives_no_total(self, case, missing):
        score = score_sins(case, SINS)
        assert (score.total, score.band) == (None, None)
        assert [m.name for m in score.missing] == missing

    def test_it_never_reads_an_unknown_item_as_zero(self):
        score = score_sins(vertebra(site="t12", pain="mild", mechanical=True,
                                    alignment=None), SINS)
        assert score.total is None
        assert score.partial_total == 6
        assert score.reasons[0].text_en == (
            "SINS incomplete, unknown: radiographic spinal alignment. The known items make 6 "
            "points, which is not the score.")

    def test_it_asks_whether_the_pain_is_mechanical(self):
        score = score_sins(vertebra(pain="moderate"), SINS)
        assert score.missing[0].label("en") == "whether the pain is mechanical"


FINDINGS = {
    "site": ["s3", "t5", "l3", "t12"],
    "pain": [("none", None), ("mild", False), ("moderate", True)],
    "lesion_type": ["blastic", "mixed", "lytic"],
    "alignment": ["normal", "deformity", "subluxation"],
    "collapse": ["none", "none_gt50_body", "lt50", "gt50"],
    "posterolateral": ["none", "unilateral", "bilateral"],
}
SETTERS = {
    "site": lambda c, v: replace(c, site=v, spine_level=VERTEBRAE.index(v)),
    "pain": lambda c, v: replace(c, pain=v[0], pain_mechanical=v[1]),
    "lesion_type": lambda c, v: replace(c, lesion_type=v),
    "alignment": lambda c, v: replace(c, alignment=v),
    "collapse": lambda c, v: replace(c, collapse=v),
    "posterolateral": lambda c, v: replace(c, posterolateral=v),
}
ITEM_OF = {"site": "location"}
complete_lesions = st.fixed_dictionaries(
    {name: st.sampled_from(values) for name, values in FINDINGS.items()}
).map(lambda chosen: _build(chosen))


def _build(chosen: dict) -> LesionFacts:
    case = vertebra()
    for name, value in chosen.items():
        case = SETTERS[name](case, value)
    return case


class TestSinsProperties:
    @given(complete_lesions)
    def test_it_keeps_every_total_within_0_and_18(self, case):
        score = score_sins(case, SINS)
        assert 0 <= score.total <= 18
        assert score.band is not None

    @given(complete_lesions, st.sampled_from(list(FINDINGS)), st.integers(0, 3))
    def test_it_never_lowers_the_total_when_one_item_worsens(self, case, name, index):
        values = FINDINGS[name]
        before = score_sins(case, SINS)
        after = score_sins(SETTERS[name](case, values[index % len(values)]), SINS)
        item = ITEM_OF.get(name, name)
        # The total moves by exactly the item's change: a worse finding never lowers it.
        assert after.total - before.total == points(after, item) - points(before, item)
        if points(after, item) >= points(before, item):
            assert after.total >= before.total

    @given(complete_lesions)
    def test_it_gives_the_same_score_for_the_same_lesion(self, case):
        assert score_sins(case, SINS) == score_sins(case, SINS)


def seed_table() -> dict:
    return copy.deepcopy(read_document()["tables"]["sins"])


def location_rows(data: dict) -> dict:
    return {row["finding"]: row for row in data["items"]["location"]["rows"]}


class TestSinsTableValidation:
    def test_it_refuses_a_row_without_source(self):
        data = seed_table()
        del data["items"]["collapse"]["rows"][0]["source"]
        with pytest.raises(ReferentialError, match="sins, item collapse, row 1: every row"):
            parse_sins(data)

    def test_it_refuses_a_band_gap(self):
        data = seed_table()
        data["bands"][2]["lower"] = 14  # 13 belongs to no band
        with pytest.raises(ReferentialError, match="gap or overlap"):
            parse_sins(data)

    def test_it_refuses_a_band_overlap(self):
        data = seed_table()
        data["bands"][1]["upper_inclusive"] = True  # 13 in two bands
        with pytest.raises(ReferentialError, match="belongs to both or neither"):
            parse_sins(data)

    def test_it_refuses_a_vertebra_without_location_class(self):
        data = seed_table()
        location_rows(data)["semi_rigid"]["ranges"] = [["t3", "t9"]]
        with pytest.raises(ReferentialError, match="no class for t10"):
            parse_sins(data)

    def test_it_refuses_a_vertebra_in_two_classes(self):
        data = seed_table()
        location_rows(data)["mobile"]["ranges"].append(["l5", "l5"])
        with pytest.raises(ReferentialError, match="l5 has two classes"):
            parse_sins(data)

    def test_it_refuses_an_unknown_vertebra(self):
        data = seed_table()
        location_rows(data)["rigid"]["ranges"] = [["s2", "s6"]]
        with pytest.raises(ReferentialError, match="not a range of vertebrae"):
            parse_sins(data)

    def test_it_refuses_an_uncited_not_applicable_site(self):
        data = seed_table()
        del data["not_applicable"]["source"]
        with pytest.raises(ReferentialError, match="not_applicable: every row must cite"):
            parse_sins(data)

    def test_it_refuses_pain_findings_the_code_cannot_reach(self):
        data = seed_table()
        data["items"]["pain"]["rows"][0]["finding"] = "severe"
        with pytest.raises(ReferentialError, match="item pain: the findings must be"):
            parse_sins(data)

    def test_it_refuses_a_coccyx_without_class_nor_exclusion(self):
        data = seed_table()
        data["not_applicable"]["sites"] = []
        with pytest.raises(ReferentialError, match="no class for co"):
            parse_sins(data)
