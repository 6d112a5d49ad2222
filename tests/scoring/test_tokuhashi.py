"""Revised Tokuhashi score. Every cell below restates Table 1 of Tokuhashi Y, Matsuzaki H, Oda H,
Oshima M, Ryu J. A revised scoring system for preoperative evaluation of metastatic spine tumor
prognosis. Spine 2005;30(19):2186-91 (the 2005 version: 0-15, primary site 0-5), as reproduced
with the author's corrections in NICE CG75 (2008), appendix 3."""

import copy
import json
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.engine.bands import find_band
from scoring.engine.facts import LesionFacts, PatientFacts
from scoring.engine.referential import ReferentialError
from scoring.engine.tokuhashi import parse_tokuhashi, tokuhashi_score
from scoring.referential_data import SEED_DIR, seed_referential

TOKUHASHI = seed_referential()["tokuhashi"]
SEED = json.loads((SEED_DIR / "tokuhashi.json").read_text(encoding="utf-8"))
PAPER = "Tokuhashi Y, Matsuzaki H, Oda H, Oshima M, Ryu J"

# Karnofsky 80 (2) + extraspinal 4 - 1 = 3 (0) + 1 vertebra (2) + no visceral (2) + breast (5)
# + Frankel E (2) = 13
BASE = PatientFacts(karnofsky=80, bone_metastasis_count=4, vertebral_metastasis_count=1,
                    visceral_metastases="none", primary_site="breast")


def spine(lesion_id="1", site="t8", **fields) -> LesionFacts:
    return LesionFacts(id=lesion_id, site=site, region="spine", **fields)


INTACT = (spine(frankel_grade="E"),)


def score(patient=BASE, lesions=INTACT):
    return tokuhashi_score(patient, lesions, TOKUHASHI)


def points(result, name):
    return next(item.points for item in result.items if item.name == name)


class TestCells:
    @pytest.mark.parametrize(("karnofsky", "expected"), [
        (10, 0), (20, 0), (30, 0), (40, 0),  # poor (PS 10-40 %) 0
        (50, 1), (60, 1), (70, 1),  # moderate (PS 50-70 %) 1
        (80, 2), (90, 2), (100, 2),  # good (PS 80-100 %) 2
    ])
    def test_it_scores_the_general_condition(self, karnofsky, expected):
        assert points(score(replace(BASE, karnofsky=karnofsky)), "general_condition") == expected

    @pytest.mark.parametrize(("karnofsky", "expected"), [(45, 0), (49, 0), (50, 1), (75, 1),
                                                         (79, 1), (80, 2)])
    def test_it_places_values_between_the_10_percent_steps(self, karnofsky, expected):
        # Application rule: bounds 50 and 80 inclusive (tokuhashi.json, general condition).
        assert points(score(replace(BASE, karnofsky=karnofsky)), "general_condition") == expected

    @pytest.mark.parametrize(("bone", "vertebral", "expected"), [
        (1, 1, 2),  # 0 extraspinal foci: 2
        (2, 1, 1), (3, 1, 1),  # 1-2 foci: 1
        (4, 1, 0), (12, 2, 0),  # >= 3 foci: 0
    ])
    def test_it_scores_the_extraspinal_bone_metastases(self, bone, vertebral, expected):
        patient = replace(BASE, bone_metastasis_count=bone, vertebral_metastasis_count=vertebral)
        assert points(score(patient), "extraspinal_bone") == expected

    @pytest.mark.parametrize(("vertebral", "expected"), [(1, 2), (2, 1), (3, 0), (7, 0)])
    def test_it_scores_the_vertebral_body_metastases(self, vertebral, expected):
        # Metastases in the vertebral body: 1 -> 2, 2 -> 1, >= 3 -> 0.
        patient = replace(BASE, bone_metastasis_count=vertebral + 3,
                          vertebral_metastasis_count=vertebral)
        assert points(score(patient), "vertebral_body") == expected

    @pytest.mark.parametrize(("visceral", "expected"), [
        ("untreatable", 0), ("treatable", 1), ("none", 2),  # unremovable / removable / none
    ])
    def test_it_scores_the_major_internal_organs(self, visceral, expected):
        assert points(score(replace(BASE, visceral_metastases=visceral)),
                      "internal_organs") == expected

    @pytest.mark.parametrize(("site", "expected"), [
        ("lung", 0), ("osteosarcoma", 0), ("stomach", 0), ("bladder", 0), ("oesophagus", 0),
        ("pancreas", 0),
        ("liver", 1), ("gallbladder", 1), ("unknown_primary", 1),
        ("melanoma", 2), ("colon", 2),  # "others": any primary the table does not name
        ("kidney", 3), ("uterus", 3),
        ("rectum", 4),
        ("thyroid", 5), ("breast", 5), ("prostate", 5), ("carcinoid", 5),
    ])
    def test_it_scores_the_primary_site(self, site, expected):
        assert points(score(replace(BASE, primary_site=site)), "primary_site") == expected

    @pytest.mark.parametrize(("lesion", "expected"), [
        (spine(frankel_grade="A"), 0), (spine(frankel_grade="B"), 0),  # complete
        (spine(frankel_grade="C"), 1), (spine(frankel_grade="D"), 1),  # incomplete
        (spine(frankel_grade="E"), 2),  # none
        (spine(neurological_deficit="complete"), 0),
        (spine(neurological_deficit="incomplete"), 1),
        (spine(neurological_deficit="none"), 2),
        (spine(neurological_deficit="radiculopathy"), 2),  # application rule: Frankel E
    ])
    def test_it_scores_the_palsy(self, lesion, expected):
        assert points(score(lesions=(lesion,)), "palsy") == expected

    def test_it_prefers_the_frankel_grade_to_the_deficit(self):
        lesion = spine(frankel_grade="E", neurological_deficit="incomplete")
        assert points(score(lesions=(lesion,)), "palsy") == 2

    def test_it_takes_the_worst_spinal_lesion_and_ignores_other_sites(self):
        lesions = (spine("1", frankel_grade="E"), spine("2", "l2", frankel_grade="C"),
                   LesionFacts(id="3", site="femur_diaphysis", region="long_bone",
                               neurological_deficit="complete"))
        assert points(score(lesions=lesions), "palsy") == 1


class TestBands:
    @pytest.mark.parametrize(("total", "band"), [
        (0, "lt6m"), (8, "lt6m"),  # 0-8: < 6 months
        (9, "ge6m"), (11, "ge6m"),  # 9-11: >= 6 months
        (12, "ge12m"), (15, "ge12m"),  # 12-15: >= 1 year
    ])
    def test_it_bands_the_total(self, total, band):
        assert find_band(TOKUHASHI.bands, Decimal(total)).code == band

    @pytest.mark.parametrize(("patient", "lesions", "total", "band"), [
        (BASE, INTACT, 13, "ge12m"),
        (replace(BASE, visceral_metastases="treatable"), INTACT, 12, "ge12m"),
        (replace(BASE, visceral_metastases="untreatable"), INTACT, 11, "ge6m"),
        (replace(BASE, visceral_metastases="untreatable", karnofsky=40), INTACT, 9, "ge6m"),
        (replace(BASE, visceral_metastases="untreatable", karnofsky=40),
         (spine(frankel_grade="D"),), 8, "lt6m"),
    ])
    def test_it_scores_a_whole_case_at_the_band_boundaries(self, patient, lesions, total, band):
        result = score(patient, lesions)
        assert (result.total, result.band, result.complete) == (total, band, True)

    def test_it_gives_the_band_label_and_the_paper_s_orientation(self):
        result = score(replace(BASE, visceral_metastases="untreatable"))
        assert result.band_label_en == "predicted survival ≥ 6 months"
        assert result.band_label_fr == "survie prédite ≥ 6 mois"
        total = result.reasons[-1]
        assert total.rule_id == "tokuhashi.total"
        assert total.text_en.startswith("Revised Tokuhashi score: 11/15")
        assert "palliative surgery" in total.text_en
        assert PAPER in total.source

    def test_it_cites_the_paper_for_every_item(self):
        result = score()
        assert [r.rule_id for r in result.reasons[:-1]] == [
            f"tokuhashi.{name}" for name in ("general_condition", "extraspinal_bone",
                                             "vertebral_body", "internal_organs",
                                             "primary_site", "palsy")]
        assert all(PAPER in reason.source for reason in result.reasons)
        assert result.reasons[0].text_fr == (
            "État général (indice de Karnofsky) : Karnofsky 80 % → bon (Karnofsky 80-100 %) : "
            "2 points.")


class TestMissing:
    def test_it_does_not_convert_ecog_into_karnofsky(self):
        result = score(replace(BASE, karnofsky=None, ecog=1))
        assert (result.total, result.band) == (None, None)
        assert result.partial_total == 11
        (missing,) = result.missing
        assert missing.name == "karnofsky"
        assert "ECOG is known but is not converted" in missing.label_en

    @pytest.mark.parametrize(("patient", "names"), [
        (replace(BASE, bone_metastasis_count=None), ["extraspinal_bone_metastases"]),
        (replace(BASE, vertebral_metastasis_count=None),
         ["extraspinal_bone_metastases", "vertebral_metastasis_count"]),
        (replace(BASE, bone_metastasis_count=1, vertebral_metastasis_count=2),
         ["extraspinal_bone_metastases"]),
        (replace(BASE, bone_metastasis_count=2, vertebral_metastasis_count=0),
         ["vertebral_body"]),
        (replace(BASE, visceral_metastases=None), ["visceral_metastases"]),
        (replace(BASE, primary_site=None), ["primary_site"]),
        (replace(BASE, primary_site="other"), ["primary_site"]),
        (replace(BASE, primary_site="martian"), ["primary_site"]),
    ])
    def test_it_lists_each_missing_item_without_a_total(self, patient, names):
        result = score(patient)
        assert [m.name for m in result.missing] == names
        assert (result.total, result.band, result.complete) == (None, None, False)

    def test_it_asks_whether_a_colorectal_primary_is_colon_or_rectum(self):
        (missing,) = score(replace(BASE, primary_site="colorectal")).missing
        assert "colon ('others', 2 points) or rectum (4 points)" in missing.label_en

    @pytest.mark.parametrize("lesions", [
        (),  # no spinal lesion
        (spine(),),  # palsy not recorded
        (spine("1", frankel_grade="E"), spine("2", "l1")),  # the unknown one could be worse
    ])
    def test_it_leaves_the_palsy_open_when_a_spinal_lesion_is_unknown(self, lesions):
        assert [m.name for m in score(lesions=lesions).missing] == ["palsy"]

    def test_it_scores_the_palsy_when_a_known_lesion_is_already_the_worst(self):
        lesions = (spine("1", frankel_grade="A"), spine("2", "l1"))
        assert points(score(lesions=lesions), "palsy") == 0


class TestVocabulary:
    def test_it_places_or_questions_every_primary_site_of_the_patients_app(self):
        from patients.models.patient import PrimarySite

        known = set(TOKUHASHI.primary_site) | set(TOKUHASHI.primary_needs_precision)
        assert {choice.value for choice in PrimarySite} <= known


KARNOFSKY = st.integers(min_value=0, max_value=100)
VERTEBRAL = st.integers(min_value=1, max_value=30)
EXTRASPINAL = st.integers(min_value=0, max_value=60)
VISCERAL = st.sampled_from(["none", "treatable", "untreatable"])
FRANKEL = st.sampled_from("ABCDE")
SITES = st.sampled_from(sorted(TOKUHASHI.primary_site))


def case(karnofsky, extraspinal, vertebral, visceral, site, frankel):
    patient = PatientFacts(karnofsky=karnofsky, vertebral_metastasis_count=vertebral,
                           bone_metastasis_count=vertebral + extraspinal,
                           visceral_metastases=visceral, primary_site=site)
    return score(patient, (spine(frankel_grade=frankel),))


FACTS = st.fixed_dictionaries({"karnofsky": KARNOFSKY, "extraspinal": EXTRASPINAL,
                               "vertebral": VERTEBRAL, "visceral": VISCERAL, "site": SITES,
                               "frankel": FRANKEL})


def total_with(facts, **changes):
    return case(**{**facts, **changes}).total


class TestProperties:
    @given(FACTS)
    def test_it_keeps_every_total_within_0_to_15(self, facts):
        result = case(**facts)
        assert 0 <= result.total <= 15
        assert result.total == result.partial_total

    @given(FACTS, KARNOFSKY)
    def test_it_never_rises_with_a_worse_general_condition(self, facts, other):
        worse, better = sorted((facts["karnofsky"], other))
        assert total_with(facts, karnofsky=worse) <= total_with(facts, karnofsky=better)

    @given(FACTS, EXTRASPINAL)
    def test_it_never_rises_with_more_extraspinal_metastases(self, facts, other):
        fewer, more = sorted((facts["extraspinal"], other))
        assert total_with(facts, extraspinal=more) <= total_with(facts, extraspinal=fewer)

    @given(FACTS, VERTEBRAL)
    def test_it_never_rises_with_more_vertebral_metastases(self, facts, other):
        fewer, more = sorted((facts["vertebral"], other))
        assert total_with(facts, vertebral=more) <= total_with(facts, vertebral=fewer)

    @given(FACTS)
    def test_it_never_rises_with_worse_visceral_metastases(self, facts):
        totals = [total_with(facts, visceral=v) for v in ("none", "treatable", "untreatable")]
        assert totals == sorted(totals, reverse=True)

    @given(FACTS)
    def test_it_never_rises_with_a_worse_palsy(self, facts):
        totals = [total_with(facts, frankel=grade) for grade in "EDCBA"]
        assert totals == sorted(totals, reverse=True)

    @given(FACTS)
    def test_it_is_deterministic(self, facts):
        assert case(**facts) == case(**facts)


def altered(change) -> dict:
    data = copy.deepcopy(SEED)
    change(data)
    return data


class TestInvalidTable:
    def test_the_seed_table_parses(self):
        assert parse_tokuhashi(copy.deepcopy(SEED)) == TOKUHASHI

    @pytest.mark.parametrize(("change", "message"), [
        (lambda d: d["items"]["primary_site"]["rows"][0].pop("source"), "'source'"),
        (lambda d: d["items"]["general_condition"]["rows"][1].pop("source"),
         "must cite its source"),
        (lambda d: d["items"]["general_condition"]["rows"][1].update(lower=55),
         "gap or overlap"),
        (lambda d: d["items"]["extraspinal_bone"]["rows"][1].update(upper=4), "gap or overlap"),
        (lambda d: d["items"]["internal_organs"]["rows"][0].update(points=-1),
         "non-negative integer"),
        (lambda d: d["items"]["primary_site"]["rows"][5].update(points=6), "0-16"),
        (lambda d: d["items"]["primary_site"]["rows"][1]["sites"].append("lung"),
         "listed twice"),
        (lambda d: d["items"]["primary_site"]["rows"][2]["sites"].append("colorectal"),
         "both scored"),
        (lambda d: d["bands"][1].pop("treatment_en"), "treatment_en"),
        (lambda d: d["items"]["vertebral_body"]["rows"][0].pop("missing_en"), "missing_en"),
        (lambda d: d.pop("total_max"), "total_max"),
        (lambda d: d["items"].pop("palsy"), "palsy"),
    ])
    def test_it_refuses_an_invalid_table(self, change, message):
        with pytest.raises(ReferentialError, match="tokuhashi") as error:
            parse_tokuhashi(altered(change))
        assert message in str(error.value)
