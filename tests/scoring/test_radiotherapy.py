"""Radiotherapy per lesion: 000_22e11bcb602ff4a2.txt, Question 13 (five indications),
Question 14 (schemes, fields) and Tableaux 3-4 (Mirels, SINS bands); 004_5515319a20666c1b.txt
(20 Gy / 5 fractions, SBRT 3 × 8-10 Gy and 5 × 6-7 Gy)."""

import copy
import json
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.engine.facts import Implant, LesionFacts, PatientFacts
from scoring.engine.radiotherapy import parse_radiotherapy, radiotherapy_assessment
from scoring.engine.referential import ReferentialError
from scoring.engine.results import INDICATED, NOT_INDICATED, UNDETERMINED, Score
from scoring.referential_data import SEED_DIR, seed_referential

TABLE = seed_referential()["radiotherapy"]
RAW = json.loads((SEED_DIR / "radiotherapy.json").read_text(encoding="utf-8"))
TODAY = date(2026, 3, 1)
T11 = 18  # spine_level: 0 = C0 ... 8 = T1 ... 18 = T11


def spine(**facts) -> LesionFacts:
    base = {"id": "L1", "site": "t11", "region": "spine", "spine_level": T11, "pain": "none",
            "neurological_deficit": "none", "epidural_extension": False}
    return LesionFacts(**{**base, **facts})


def femur(**facts) -> LesionFacts:
    base = {"id": "L2", "site": "femur_diaphysis", "region": "long_bone", "limb": "lower",
            "side": "right", "pain": "none"}
    return LesionFacts(**{**base, **facts})


def score(name, band):
    return Score(name, 0 if band else None, band, ())


def assess(lesion, mirels=None, sins=None, oligo=False, patient=None, reference=TODAY):
    if mirels is None and lesion.region == "long_bone":
        mirels = score("Mirels", "radiotherapy")
    if sins is None and lesion.region == "spine":
        sins = score("SINS", "stable")
    return radiotherapy_assessment(patient or PatientFacts(), lesion, mirels, sins, oligo,
                                   reference, TABLE)


def rule_ids(reasons):
    return [r.rule_id for r in reasons]


class TestPain:
    @pytest.mark.parametrize("pain", ["mild", "moderate", "functional"])
    def test_it_treats_pain_resistant_to_analgesics(self, pain):
        # 000 Question 13, indication 1
        result = assess(spine(pain=pain, pain_controlled_by_analgesics=False))
        assert result.decision == INDICATED
        assert rule_ids(result.indications) == ["radiotherapy.pain"]

    def test_it_does_not_treat_pain_the_analgesics_control(self):
        result = assess(spine(pain="moderate", pain_controlled_by_analgesics=True))
        assert result.decision == NOT_INDICATED

    def test_it_reports_unknown_pain(self):
        result = assess(spine(pain=None))
        assert result.decision == UNDETERMINED
        assert [m.name for m in result.missing] == ["pain"]

    def test_it_reports_unknown_analgesic_control(self):
        result = assess(spine(pain="mild"))
        assert [m.name for m in result.missing] == ["pain_controlled_by_analgesics"]


class TestFractureRisk:
    @pytest.mark.parametrize(("band", "indicated", "warned"), [
        ("radiotherapy", True, False),  # 000 Tableau 3: Mirels ≤ 7 -> radiotherapy
        ("intermediate", True, True),  # Mirels 8: intermediate, surgical opinion
        ("prophylactic_fixation", False, True),  # Mirels ≥ 9: prophylactic surgery first
    ])
    def test_it_reads_each_mirels_band(self, band, indicated, warned):
        result = assess(femur(), mirels=score("Mirels", band))
        assert ("radiotherapy.fracture_risk.mirels" in rule_ids(result.indications)) is indicated
        assert ("radiotherapy.fracture_risk.mirels" in rule_ids(result.warnings)) is warned

    @pytest.mark.parametrize(("band", "indicated", "warned"), [
        ("stable", False, False),  # 000 Tableau 4: 0-6 stable, no fracture risk to prevent
        ("potentially_unstable", True, True),  # 7-12: indication, surgical opinion
        ("unstable", False, True),  # 13-18: surgical stabilisation first
    ])
    def test_it_reads_each_sins_band(self, band, indicated, warned):
        result = assess(spine(), sins=score("SINS", band))
        assert ("radiotherapy.fracture_risk.sins" in rule_ids(result.indications)) is indicated
        assert ("radiotherapy.fracture_risk.sins" in rule_ids(result.warnings)) is warned

    def test_it_reports_an_incomplete_score(self):
        result = assess(femur(), mirels=score("Mirels", None))
        assert [m.name for m in result.missing] == ["mirels"]
        assert result.decision == UNDETERMINED

    def test_it_reports_a_band_it_has_no_rule_for(self):
        result = assess(spine(), sins=score("SINS", "wobbly"))
        assert [m.label("en") for m in result.missing] == ["SINS wobbly: no referential rule: ask"]

    def test_it_needs_no_score_for_a_flat_bone(self):
        result = assess(LesionFacts(id="L3", site="ilium", region="pelvis", pain="none"))
        assert result.missing == () and result.decision == NOT_INDICATED


class TestCordCompression:
    @pytest.mark.parametrize("deficit", ["incomplete", "complete"])
    @pytest.mark.parametrize(("epidural", "bilsky"), [(True, None), (False, "2"), (None, "3")])
    def test_it_treats_a_compression_with_deficit(self, deficit, epidural, bilsky):
        # 000 Question 13, indication 3
        result = assess(spine(neurological_deficit=deficit, epidural_extension=epidural,
                              bilsky_grade=bilsky))
        assert "radiotherapy.cord_compression" in rule_ids(result.indications)
        assert result.indications[0].text("en") == (
            "Spinal cord compression: exclusive radiotherapy, as an emergency.")

    def test_it_says_adjuvant_after_decompression_surgery(self):
        result = assess(spine(neurological_deficit="complete", epidural_extension=True,
                              surgery_date=date(2026, 2, 20)))
        assert result.indications[0].text("en") == (
            "Spinal cord compression: adjuvant radiotherapy after surgery.")

    @pytest.mark.parametrize("deficit", ["none", "radiculopathy"])
    def test_it_needs_a_cord_deficit(self, deficit):
        result = assess(spine(neurological_deficit=deficit, epidural_extension=True))
        assert "radiotherapy.cord_compression" not in rule_ids(result.indications)

    def test_it_needs_epidural_extension_or_bilsky_two(self):
        result = assess(spine(neurological_deficit="incomplete", bilsky_grade="1b"))
        assert result.decision == NOT_INDICATED

    def test_it_reports_what_could_show_a_compression(self):
        unknown_deficit = assess(spine(neurological_deficit=None))
        unknown_canal = assess(spine(neurological_deficit="complete", epidural_extension=None))
        assert [m.name for m in unknown_deficit.missing] == ["neurological_deficit"]
        # epidural extension is asked once, though the field margins need it too
        assert [m.name for m in unknown_canal.missing] == ["epidural_extension", "bilsky_grade"]


class TestPostOperative:
    def test_it_dates_the_adjuvant_window_two_to_three_weeks_after_surgery(self):
        # 000 Question 13, indication 4: 2 to 3 weeks after surgery, on healed skin
        result = assess(femur(surgery_date=date(2026, 2, 10)))
        window = result.postoperative_window
        assert (window.start, window.end, window.passed) == (
            date(2026, 2, 24), date(2026, 3, 3), False)
        assert "on healed skin" in result.indications[-1].text("en")

    def test_it_warns_when_the_window_has_passed(self):
        result = assess(femur(surgery_date=date(2026, 1, 1)))
        assert result.postoperative_window.passed
        assert "radiotherapy.postoperative.passed" in rule_ids(result.warnings)


class TestSchemes:
    @pytest.mark.parametrize(("code", "fractions", "total_min", "total_max"), [
        ("30gy_10f", 10, "30", "30"),  # 000 Question 14, standard
        ("20gy_5f", 5, "20", "20"),  # 004: 5 sessions of 4 Gy
        ("8gy_1f", 1, "8", "8"),  # 000 Question 14: single fraction, 20 % vs 8 % re-irradiation
    ])
    def test_it_offers_the_palliative_schemes(self, code, fractions, total_min, total_max):
        result = assess(femur(pain="functional", pain_controlled_by_analgesics=False))
        option = next(s for s in result.schemes if s.code == code)
        assert (option.fractions, option.total_gy_min, option.total_gy_max) == (
            fractions, Decimal(total_min), Decimal(total_max))
        assert option.trade_off_en and option.source

    @pytest.mark.parametrize(("code", "fractions", "total_min", "total_max"), [
        ("sbrt_3f", 3, "24", "30"),  # 004: 3 × 8-10 Gy
        ("sbrt_5f", 5, "30", "35"),  # 004: 5 × 6-7 Gy
    ])
    def test_it_offers_stereotactic_schemes_for_oligometastases(self, code, fractions,
                                                                 total_min, total_max):
        result = assess(spine(), oligo=True)
        assert [s.code for s in result.schemes] == ["sbrt_3f", "sbrt_5f"]
        option = next(s for s in result.schemes if s.code == code)
        assert (option.fractions, option.total_gy_min, option.total_gy_max) == (
            fractions, Decimal(total_min), Decimal(total_max))

    def test_it_keeps_the_single_fraction_trade_off(self):
        result = assess(femur(pain="mild", pain_controlled_by_analgesics=False))
        single = next(s for s in result.schemes if s.code == "8gy_1f")
        assert "20 % against 8 %" in single.trade_off_en
        assert single.caution_en == ""  # a long bone: the preferred site

    def test_it_cautions_a_single_fraction_near_an_organ_at_risk(self):
        result = assess(spine(pain="mild", pain_controlled_by_analgesics=False))
        single = next(s for s in result.schemes if s.code == "8gy_1f")
        assert "organ at risk" in single.caution_en

    def test_it_offers_no_scheme_without_indication(self):
        assert assess(spine()).schemes == ()

    def test_it_reports_an_unknown_oligometastatic_status(self):
        result = assess(spine(), oligo=None)
        assert [m.name for m in result.missing] == ["oligometastatic"]


class TestField:
    @pytest.mark.parametrize(("level", "epidural", "first", "last"), [
        (T11, False, "T10", "T12"),  # one vertebra on each side (000 Question 14)
        (T11, True, "T9", "L1"),  # two with epidural extension
        (0, False, "C0", "C1"),  # clipped at the occiput
        (30, True, "S4", "Co"),  # clipped at the coccyx (30 = Co, 28 = S4)
    ])
    def test_it_names_the_vertebrae_of_the_field(self, level, epidural, first, last):
        result = assess(spine(spine_level=level, epidural_extension=epidural))
        assert (result.field.first_vertebra, result.field.last_vertebra) == (first, last)
        assert "bilateral pedicles and transverse processes" in result.field.text_en

    def test_it_gives_both_margins_when_epidural_extension_is_unknown(self):
        result = assess(spine(epidural_extension=None))
        assert result.field.margin_vertebrae is None
        assert "T10 to T12" in result.field.text_en and "T9 to L1" in result.field.text_en
        assert "epidural_extension" in [m.name for m in result.missing]

    def test_it_reports_an_unknown_level(self):
        result = assess(spine(spine_level=None))
        assert result.field is None and "spine_level" in [m.name for m in result.missing]

    def test_it_takes_the_whole_long_bone(self):
        result = assess(femur())
        assert (result.field.whole_bone, result.field.surgical_material) == ("femur", False)
        assert result.field.text_fr == "Champ : totalité de l'os atteint (fémur)."

    @pytest.mark.parametrize(("implant", "included"), [
        (Implant("femur_head_neck", "right", "long_bone"), True),
        (Implant("femur_head_neck", "left", "long_bone"), False),
        (Implant("tibia_proximal", "right", "long_bone"), False),
    ])
    def test_it_includes_the_surgical_material_of_the_same_bone(self, implant, included):
        result = assess(femur(), patient=PatientFacts(implants=(implant,)))
        assert result.field.surgical_material is included

    def test_it_includes_the_material_after_surgery_at_the_site(self):
        result = assess(femur(surgery_date=date(2026, 2, 1)))
        assert result.field.text_en.endswith("and the surgical material.")


class TestPriorRadiotherapy:
    def test_it_warns_of_a_re_irradiation_with_the_previous_dose(self):
        result = assess(spine(prior_radiotherapy_date=date(2025, 5, 1),
                              prior_radiotherapy_dose_gy=Decimal("8"),
                              prior_radiotherapy_fractions=1))
        assert result.warnings[-1].text("en").startswith(
            "Re-irradiation: previous radiotherapy on 2025-05-01 (8 Gy / 1 fr.)")
        assert result.missing == ()

    def test_it_reports_an_unknown_previous_dose(self):
        result = assess(spine(prior_radiotherapy_date=date(2025, 5, 1)))
        assert [m.name for m in result.missing] == ["prior_radiotherapy_dose"]


class TestProperties:
    lesions = st.builds(
        spine,
        pain=st.sampled_from([None, "none", "mild", "moderate", "functional"]),
        pain_controlled_by_analgesics=st.sampled_from([None, True, False]),
        neurological_deficit=st.sampled_from([None, "none", "radiculopathy", "incomplete",
                                              "complete"]),
        epidural_extension=st.sampled_from([None, True, False]),
        bilsky_grade=st.sampled_from([None, "0", "1a", "1b", "1c", "2", "3"]),
        spine_level=st.integers(min_value=0, max_value=30),
    )
    bands = st.sampled_from([None, "stable", "potentially_unstable", "unstable"])

    @given(lesions, bands, st.sampled_from([None, True, False]))
    def test_it_is_deterministic(self, lesion, band, oligo):
        first = assess(lesion, sins=score("SINS", band), oligo=oligo)
        assert first == assess(lesion, sins=score("SINS", band), oligo=oligo)

    @given(lesions, bands, st.sampled_from([None, True, False]))
    def test_it_is_undetermined_only_with_missing_inputs(self, lesion, band, oligo):
        result = assess(lesion, sins=score("SINS", band), oligo=oligo)
        assert (result.decision == UNDETERMINED) == (not result.indications
                                                     and bool(result.missing))
        assert bool(result.schemes) == bool(result.indications)


class TestInvalidTables:
    def data(self):
        return copy.deepcopy(RAW)

    def test_it_parses_the_seed(self):
        assert parse_radiotherapy(self.data()) == TABLE

    @pytest.mark.parametrize("dose", ["0", "-8", None])
    def test_it_refuses_a_dose_that_is_not_positive(self, dose):
        data = self.data()
        data["schemes"][2]["dose_per_fraction_gy_min"] = dose
        with pytest.raises(ReferentialError, match="'8gy_1f': the dose per fraction"):
            parse_radiotherapy(data)

    def test_it_refuses_zero_fractions(self):
        data = self.data()
        data["schemes"][0]["fractions"] = 0
        with pytest.raises(ReferentialError, match="'30gy_10f': the number of fractions"):
            parse_radiotherapy(data)

    def test_it_refuses_a_reversed_dose_range(self):
        data = self.data()
        data["schemes"][3]["dose_per_fraction_gy_min"] = "12"
        with pytest.raises(ReferentialError, match="'sbrt_3f': the dose range is reversed"):
            parse_radiotherapy(data)

    def test_it_refuses_a_scheme_without_source(self):
        data = self.data()
        del data["schemes"][1]["source"]
        with pytest.raises(ReferentialError, match="'20gy_5f'.*source"):
            parse_radiotherapy(data)

    def test_it_refuses_a_band_row_without_source(self):
        data = self.data()
        del data["indications"]["fracture_risk"]["bands"][0]["source"]
        with pytest.raises(ReferentialError, match="band row 1.*source"):
            parse_radiotherapy(data)

    def test_it_refuses_an_unknown_band_effect(self):
        data = self.data()
        data["indications"]["fracture_risk"]["bands"][0]["effect"] = "maybe"
        with pytest.raises(ReferentialError, match="effect one of"):
            parse_radiotherapy(data)

    def test_it_refuses_a_negative_post_operative_delay(self):
        data = self.data()
        data["indications"]["postoperative"]["start_after_days_min"] = -14
        with pytest.raises(ReferentialError, match="start_after_days_min"):
            parse_radiotherapy(data)

    def test_it_refuses_a_window_that_ends_before_it_starts(self):
        data = self.data()
        data["indications"]["postoperative"]["start_after_days_max"] = 7
        with pytest.raises(ReferentialError, match="ends before it starts"):
            parse_radiotherapy(data)

    def test_it_refuses_a_negative_field_margin(self):
        data = self.data()
        data["field"]["spine"]["margin_vertebrae"] = -1
        with pytest.raises(ReferentialError, match="margin_vertebrae"):
            parse_radiotherapy(data)
