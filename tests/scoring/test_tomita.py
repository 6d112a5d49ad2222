"""Tomita score. Every cell restates the scoring system of Tomita K, Kawahara N, Kobayashi T,
Yoshida A, Murakami H, Akamaru T. Surgical strategy for spinal metastases. Spine
2001;26(3):298-306: primary tumour (slow 1, moderate 2, rapid 4), visceral metastases (none 0,
treatable 2, untreatable 4), bone metastases (solitary or isolated 1, multiple 2); total 2-10,
2-3 wide or marginal excision, 4-5 marginal or intralesional, 6-7 palliative surgery, 8-10
non-operative supportive care."""

import copy
import json
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.engine.bands import find_band
from scoring.engine.facts import PatientFacts
from scoring.engine.referential import ReferentialError
from scoring.engine.tomita import parse_tomita, tomita_score
from scoring.referential_data import SEED_DIR, seed_referential

TOMITA = seed_referential()["tomita"]
SEED = json.loads((SEED_DIR / "tomita.json").read_text(encoding="utf-8"))
PAPER = "Tomita K, Kawahara N, Kobayashi T, Yoshida A, Murakami H, Akamaru T"

# breast (1) + no visceral (0) + solitary (1) = 2
BASE = PatientFacts(primary_site="breast", visceral_metastases="none", bone_metastasis_count=1)


def score(patient=BASE):
    return tomita_score(patient, TOMITA)


def points(result, name):
    return next(item.points for item in result.items if item.name == name)


class TestCells:
    @pytest.mark.parametrize(("site", "expected"), [
        ("breast", 1), ("thyroid", 1), ("prostate", 1),  # slow growth
        ("kidney", 2), ("uterus", 2),  # moderate growth
        ("lung", 4), ("liver", 4), ("stomach", 4), ("colon", 4), ("unknown_primary", 4),  # rapid
    ])
    def test_it_scores_the_primary_tumour_growth(self, site, expected):
        assert points(score(replace(BASE, primary_site=site)), "primary_growth") == expected

    @pytest.mark.parametrize(("visceral", "expected"), [
        ("none", 0), ("treatable", 2), ("untreatable", 4),
    ])
    def test_it_scores_the_visceral_metastases(self, visceral, expected):
        assert points(score(replace(BASE, visceral_metastases=visceral)),
                      "visceral_metastases") == expected

    @pytest.mark.parametrize(("count", "expected"), [
        (1, 1),  # solitary
        (2, 2), (3, 2), (25, 2),  # multiple (application rule: "isolated" has no count)
    ])
    def test_it_scores_the_bone_metastases(self, count, expected):
        assert points(score(replace(BASE, bone_metastasis_count=count)),
                      "bone_metastases") == expected


class TestBands:
    @pytest.mark.parametrize(("total", "band"), [
        (2, "wide_marginal_excision"), (3, "wide_marginal_excision"),
        (4, "marginal_intralesional_excision"), (5, "marginal_intralesional_excision"),
        (6, "palliative_surgery"), (7, "palliative_surgery"),
        (8, "supportive_care"), (10, "supportive_care"),
    ])
    def test_it_bands_the_total(self, total, band):
        assert find_band(TOMITA.bands, Decimal(total)).code == band

    @pytest.mark.parametrize(("patient", "total", "band"), [
        (BASE, 2, "wide_marginal_excision"),
        (replace(BASE, bone_metastasis_count=2), 3, "wide_marginal_excision"),
        (replace(BASE, primary_site="kidney", bone_metastasis_count=2), 4,
         "marginal_intralesional_excision"),
        (replace(BASE, primary_site="lung"), 5, "marginal_intralesional_excision"),
        (replace(BASE, primary_site="lung", bone_metastasis_count=2), 6, "palliative_surgery"),
        (replace(BASE, primary_site="lung", visceral_metastases="treatable"), 7,
         "palliative_surgery"),
        (replace(BASE, primary_site="lung", visceral_metastases="treatable",
                 bone_metastasis_count=2), 8, "supportive_care"),
        (replace(BASE, primary_site="lung", visceral_metastases="untreatable",
                 bone_metastasis_count=2), 10, "supportive_care"),
    ])
    def test_it_scores_a_whole_case_at_the_band_boundaries(self, patient, total, band):
        result = score(patient)
        assert (result.total, result.band, result.complete) == (total, band, True)

    def test_it_gives_the_goal_and_the_strategy_with_its_source(self):
        result = score(replace(BASE, primary_site="lung", bone_metastasis_count=2))
        assert result.band_label_en == "goal: short-term palliation"
        total = result.reasons[-1]
        assert total.text_en == ("Tomita score: 6/10 → goal: short-term palliation; strategy "
                                 "given by the paper: palliative surgery.")
        assert total.text_fr.startswith("Score de Tomita : 6/10")
        assert all(PAPER in reason.source for reason in result.reasons)


class TestMissing:
    @pytest.mark.parametrize("site", ["colorectal", "bladder", "melanoma", "other", "martian",
                                      None])
    def test_it_asks_the_panel_for_a_primary_the_paper_does_not_classify(self, site):
        result = score(replace(BASE, primary_site=site))
        assert [m.name for m in result.missing] == ["primary_site"]
        assert (result.total, result.band) == (None, None)
        assert result.partial_total == 1

    def test_it_says_why_colorectal_is_not_classified(self):
        (missing,) = score(replace(BASE, primary_site="colorectal")).missing
        assert "rectum is not classified by the paper" in missing.label_en

    @pytest.mark.parametrize(("patient", "name"), [
        (replace(BASE, visceral_metastases=None), "visceral_metastases"),
        (replace(BASE, bone_metastasis_count=None), "bone_metastasis_count"),
        (replace(BASE, bone_metastasis_count=0), "bone_metastases"),
    ])
    def test_it_lists_each_missing_item(self, patient, name):
        result = score(patient)
        assert [m.name for m in result.missing] == [name]
        assert result.total is None


class TestVocabulary:
    def test_it_places_or_questions_every_primary_site_of_the_patients_app(self):
        from patients.models.patient import PrimarySite

        known = set(TOMITA.primary_growth) | set(TOMITA.primary_needs_precision)
        assert {choice.value for choice in PrimarySite} <= known


FACTS = st.fixed_dictionaries({
    "primary_site": st.sampled_from(sorted(TOMITA.primary_growth)),
    "visceral_metastases": st.sampled_from(["none", "treatable", "untreatable"]),
    "bone_metastasis_count": st.integers(min_value=1, max_value=200),
})


def total_with(facts, **changes):
    return score(PatientFacts(**{**facts, **changes})).total


class TestProperties:
    @given(FACTS)
    def test_it_keeps_every_total_within_2_to_10(self, facts):
        assert 2 <= total_with(facts) <= 10

    @given(FACTS)
    def test_it_never_falls_with_faster_growth(self, facts):
        totals = [total_with(facts, primary_site=site) for site in ("breast", "kidney", "lung")]
        assert totals == sorted(totals)

    @given(FACTS)
    def test_it_never_falls_with_worse_visceral_metastases(self, facts):
        totals = [total_with(facts, visceral_metastases=v)
                  for v in ("none", "treatable", "untreatable")]
        assert totals == sorted(totals)

    @given(FACTS, st.integers(min_value=1, max_value=200))
    def test_it_never_falls_with_more_bone_metastases(self, facts, other):
        fewer, more = sorted((facts["bone_metastasis_count"], other))
        assert (total_with(facts, bone_metastasis_count=fewer)
                <= total_with(facts, bone_metastasis_count=more))


def altered(change) -> dict:
    data = copy.deepcopy(SEED)
    change(data)
    return data


class TestInvalidTable:
    def test_the_seed_table_parses(self):
        assert parse_tomita(copy.deepcopy(SEED)) == TOMITA

    @pytest.mark.parametrize(("change", "message"), [
        (lambda d: d["items"]["primary_growth"]["rows"][0].pop("source"), "'source'"),
        (lambda d: d["items"]["bone_metastases"]["rows"][2].pop("source"),
         "must cite its source"),
        (lambda d: d["items"]["bone_metastases"]["rows"][2].update(lower=3), "gap or overlap"),
        (lambda d: d["bands"][2].update(lower=7), "gap or overlap"),
        (lambda d: d["items"]["visceral_metastases"]["rows"][1].update(points=-2),
         "non-negative integer"),
        (lambda d: d["items"]["primary_growth"]["rows"][2].update(points=3), "2-9"),
        (lambda d: d["items"]["primary_growth"]["rows"][1]["sites"].append("breast"),
         "listed twice"),
        (lambda d: d["items"]["primary_growth"]["needs_precision"].update(
            lung={"label_fr": "x", "label_en": "x", "source": "x"}), "both scored"),
        (lambda d: d["items"]["primary_growth"]["needs_precision"]["other"].pop("source"),
         "'source'"),
        (lambda d: d["bands"][0].pop("treatment_fr"), "treatment_fr"),
        (lambda d: d["items"].pop("bone_metastases"), "items"),
    ])
    def test_it_refuses_an_invalid_table(self, change, message):
        with pytest.raises(ReferentialError, match="tomita") as error:
            parse_tomita(altered(change))
        assert message in str(error.value)
