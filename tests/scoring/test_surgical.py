"""Surgical opinion flags: Mirels prophylactic group (000 Tableau 3), unstable SINS (000
Tableau 4), neurological deficit (004, 000 Question 13), unstable fracture (000 Tableau 1);
to be discussed: SINS potentially unstable (Fisher CG et al. Spine 2010;35:E1221-9), Mirels
intermediate (000 Tableau 3), radiculopathy (004; 002/003 Tableau 8)."""

import copy

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.engine.facts import LesionFacts
from scoring.engine.mirels import score_mirels
from scoring.engine.referential import ReferentialError
from scoring.engine.sins import score_sins
from scoring.engine.surgical import parse_surgical_opinion, surgical_opinion
from scoring.referential_data import read_document, seed_referential

REFERENTIAL = seed_referential()
TABLE = REFERENTIAL["surgical_opinion"]


def femur(pain="moderate", lesion_type="mixed", size="1_3_to_2_3", neuro="none",
          fracture="none") -> LesionFacts:
    """Lower-limb diaphysis: Mirels 2 + pain + type + size (8 by default)."""
    return LesionFacts(id="F1", site="femur_diaphysis", region="long_bone", limb="lower",
                       segment="diaphysis", pain=pain, lesion_type=lesion_type,
                       cortical_involvement=size, neurological_deficit=neuro,
                       fracture_status=fracture)


def vertebra(lesion_type="blastic", alignment="normal", posterolateral="none", neuro="none",
             fracture="none") -> LesionFacts:
    """T12 with mechanical pain: SINS 3 + 3 + the rest (6 by default)."""
    return LesionFacts(id="V1", site="t12", region="spine", spine_level=19, pain="moderate",
                       pain_mechanical=True, lesion_type=lesion_type, alignment=alignment,
                       collapse="none", posterolateral=posterolateral,
                       neurological_deficit=neuro, fracture_status=fracture)


def pelvis(neuro="none", fracture="none") -> LesionFacts:
    return LesionFacts(id="P1", site="acetabulum", region="pelvis",
                       neurological_deficit=neuro, fracture_status=fracture)


def opinion(case: LesionFacts):
    mirels = score_mirels(case, REFERENTIAL["mirels"])
    sins = score_sins(case, REFERENTIAL["sins"])
    return surgical_opinion(case, mirels, sins, TABLE)


def rules(reasons) -> list[str]:
    return [reason.rule_id for reason in reasons]


class TestScoreTriggers:
    @pytest.mark.parametrize(("case", "recommended", "found", "discussed"), [
        pytest.param(femur(pain="mild"), False, ["surgical_opinion.none"], [],
                     id="000-T3-mirels-7-radiotherapy"),
        pytest.param(femur(), False, ["surgical_opinion.none"],
                     ["surgical_opinion.mirels_band.intermediate"],
                     id="000-T3-mirels-8-intermediate-to-discuss"),
        pytest.param(femur(lesion_type="lytic"), True,
                     ["surgical_opinion.mirels_band.prophylactic_fixation"], [],
                     id="000-T3-mirels-9-prophylactic-recommended"),
        pytest.param(vertebra(), False, ["surgical_opinion.none"], [],
                     id="000-T4-sins-6-stable"),
        pytest.param(vertebra(lesion_type="mixed"), False, ["surgical_opinion.none"],
                     ["surgical_opinion.sins_band.potentially_unstable"],
                     id="Fisher2010-sins-7-to-discuss"),
        pytest.param(vertebra(lesion_type="lytic", alignment="subluxation"), False,
                     ["surgical_opinion.none"],
                     ["surgical_opinion.sins_band.potentially_unstable"],
                     id="Fisher2010-sins-12-to-discuss"),
        pytest.param(vertebra(lesion_type="lytic", alignment="subluxation",
                              posterolateral="unilateral"), True,
                     ["surgical_opinion.sins_band.unstable"], [],
                     id="000-T4-sins-13-unstable-recommended"),
    ])
    def test_it_reads_the_score_bands(self, case, recommended, found, discussed):
        result = opinion(case)
        assert result.recommended is recommended
        assert rules(result.reasons) == found
        assert rules(result.to_discuss) == discussed
        assert result.missing == ()

    def test_it_names_the_score_in_its_reason(self):
        (reason,) = opinion(femur(lesion_type="lytic")).reasons
        assert reason.text_fr == (
            "Mirels 9 (chirurgie prophylactique) : avis chirurgical recommandé.")
        assert reason.text_en == "Mirels 9 (prophylactic surgery): surgical opinion recommended."
        assert "000_22e11bcb602ff4a2.txt, Tableau 3" in reason.source

    def test_it_cites_the_sins_authors_for_a_potentially_unstable_spine(self):
        result = opinion(vertebra(lesion_type="mixed"))
        assert result.discuss
        (reason,) = result.to_discuss
        assert reason.text_en == "SINS 7 (potentially unstable): surgical opinion to be discussed."
        assert "Fisher CG et al. Spine 2010" in reason.source

    def test_it_uses_band_codes_the_score_tables_define(self):
        mirels = {band.code for band in REFERENTIAL["mirels"].bands}
        sins = {band.code for band in REFERENTIAL["sins"].bands}
        assert set(TABLE.triggers["mirels_band"]) <= mirels
        assert set(TABLE.triggers["sins_band"]) <= sins


class TestFindingTriggers:
    @pytest.mark.parametrize(("neuro", "recommended", "discussed"), [
        pytest.param("complete", True, [], id="004-complete-deficit-recommended"),
        pytest.param("incomplete", True, [], id="004-incomplete-deficit-recommended"),
        pytest.param("radiculopathy", False,
                     ["surgical_opinion.neurological_deficit.radiculopathy"],
                     id="004-radiculopathy-to-discuss"),
        pytest.param("none", False, [], id="no-deficit"),
    ])
    def test_it_reads_the_neurological_deficit(self, neuro, recommended, discussed):
        result = opinion(vertebra(neuro=neuro))
        assert result.recommended is recommended
        assert rules(result.to_discuss) == discussed

    def test_it_explains_a_deficit(self):
        (reason,) = opinion(vertebra(neuro="incomplete")).reasons
        assert reason.text_fr == "Déficit neurologique incomplet : avis chirurgical recommandé."
        assert "004_5515319a20666c1b.txt" in reason.source

    @pytest.mark.parametrize(("fracture", "recommended"), [
        pytest.param("unstable", True, id="000-T1-unstable-fracture-recommended"),
        pytest.param("stable", False, id="stable-fracture"),
        pytest.param("impending", False, id="impending-fracture-left-to-mirels"),
        pytest.param("none", False, id="no-fracture"),
    ])
    def test_it_reads_the_fracture_status(self, fracture, recommended):
        assert opinion(pelvis(fracture=fracture)).recommended is recommended

    def test_it_lists_the_criteria_checked_when_none_applies(self):
        (reason,) = opinion(pelvis()).reasons
        assert reason.rule_id == "surgical_opinion.none"
        assert reason.text_en == (
            "No criterion for a surgical opinion (complete neurological deficit, incomplete "
            "neurological deficit, unstable pathological fracture).")
        assert reason.source == TABLE.source

    def test_it_keeps_every_reason_that_applies(self):
        result = opinion(vertebra(lesion_type="lytic", alignment="subluxation",
                                  posterolateral="unilateral", neuro="complete",
                                  fracture="unstable"))
        assert rules(result.reasons) == [
            "surgical_opinion.sins_band.unstable",
            "surgical_opinion.neurological_deficit.complete",
            "surgical_opinion.fracture_status.unstable",
        ]


class TestMissing:
    @pytest.mark.parametrize(("case", "missing"), [
        (pelvis(neuro=None), ["neurological_deficit"]),
        (pelvis(fracture=None), ["fracture_status"]),
        (femur(size=None), ["mirels.size"]),
        (vertebra(alignment=None), ["sins.alignment"]),
    ])
    def test_it_is_undetermined_when_an_input_is_missing(self, case, missing):
        result = opinion(case)
        assert result.recommended is None
        assert [m.name for m in result.missing] == missing
        assert result.reasons == ()

    def test_it_names_the_score_of_a_missing_item(self):
        result = opinion(vertebra(alignment=None))
        assert result.missing[0].label("en") == "radiographic spinal alignment (SINS)"

    def test_it_recommends_on_a_present_trigger_even_with_missing_inputs(self):
        result = opinion(femur(size=None, neuro="complete", fracture=None))
        assert result.recommended is True
        assert [m.name for m in result.missing] == ["mirels.size", "fracture_status"]

    def test_it_keeps_discussion_flags_while_undetermined(self):
        result = opinion(femur(fracture=None))
        assert result.recommended is None
        assert rules(result.to_discuss) == ["surgical_opinion.mirels_band.intermediate"]

    def test_a_detected_cord_compression_recommends_a_decompression_opinion(self):
        """004: a compression (here a radiculopathy with a compressive Bilsky grade, as the
        emergency topic detects it) calls for a surgical decompression opinion."""
        result = surgical_opinion(pelvis(neuro="radiculopathy"), None, None, TABLE,
                                  compression=True)
        assert result.recommended is True
        assert rules(result.reasons) == ["surgical_opinion.cord_compression.present"]
        assert "004_5515319a20666c1b.txt" in result.reasons[0].source

    def test_a_compression_recommends_even_with_missing_inputs(self):
        result = surgical_opinion(pelvis(fracture=None), None, None, TABLE, compression=True)
        assert result.recommended is True
        assert [m.name for m in result.missing] == ["fracture_status"]

    def test_it_does_not_ask_for_a_score_that_does_not_apply(self):
        result = surgical_opinion(pelvis(), None, None, TABLE)
        assert (result.recommended, result.missing) == (False, ())


NEURO = [None, "none", "radiculopathy", "incomplete", "complete"]
FRACTURE = [None, "none", "impending", "stable", "unstable"]


class TestProperties:
    @given(st.sampled_from(NEURO), st.sampled_from(FRACTURE))
    def test_it_recommends_exactly_when_a_recommending_finding_is_present(self, neuro, fracture):
        result = opinion(pelvis(neuro=neuro, fracture=fracture))
        triggered = neuro in ("incomplete", "complete") or fracture == "unstable"
        if triggered:
            assert result.recommended is True
        elif neuro is None or fracture is None:
            assert result.recommended is None
        else:
            assert result.recommended is False

    @given(st.sampled_from(NEURO), st.sampled_from(FRACTURE))
    def test_it_gives_the_same_answer_for_the_same_lesion(self, neuro, fracture):
        case = vertebra(neuro=neuro, fracture=fracture)
        assert opinion(case) == opinion(case)


def seed_table() -> dict:
    return copy.deepcopy(read_document()["tables"]["surgical_opinion"])


class TestTableValidation:
    def test_it_refuses_a_row_without_source(self):
        data = seed_table()
        del data["triggers"]["fracture_status"][0]["source"]
        with pytest.raises(ReferentialError,
                           match="surgical_opinion, fracture_status, row 1: every row"):
            parse_surgical_opinion(data)

    def test_it_refuses_an_unknown_level(self):
        data = seed_table()
        data["triggers"]["sins_band"][1]["level"] = "maybe"
        with pytest.raises(ReferentialError, match="sins_band, row 2: the level must be"):
            parse_surgical_opinion(data)

    def test_it_refuses_a_code_listed_twice(self):
        data = seed_table()
        data["triggers"]["neurological_deficit"][1]["code"] = "complete"
        with pytest.raises(ReferentialError, match="'complete' is listed twice"):
            parse_surgical_opinion(data)

    def test_it_refuses_a_missing_kind_of_trigger(self):
        data = seed_table()
        del data["triggers"]["fracture_status"]
        with pytest.raises(ReferentialError, match="the triggers must be exactly"):
            parse_surgical_opinion(data)

    def test_it_refuses_an_uncited_table(self):
        data = seed_table()
        data["source"] = " "
        with pytest.raises(ReferentialError, match="must cite its source"):
            parse_surgical_opinion(data)
