"""Zoledronic acid dose by Cockcroft-Gault clearance: 001_9a2b5970b4e5472a.txt, Tableau 2
(> 60 mL/min 4.0 mg; 50-60 3.5 mg; 40-49 3.3 mg; 30-39 3.0 mg) and 2.4 (contraindicated
below 30 mL/min). Bounds decided in zoledronic_acid_dose.json: > 60 excludes 60; [50, 60];
[40, 50); [30, 40); < 30."""

import copy
import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.engine.antiresorptive import parse_zoledronic_acid_dose, zoledronic_acid_dose
from scoring.engine.referential import ReferentialError
from scoring.engine.renal import Clearance
from scoring.engine.results import Missing, Result
from scoring.engine.zoledronic import administration_advice
from scoring.referential_data import SEED_DIR, seed_referential

ZOL_DOSE = seed_referential()["zoledronic_acid_dose"]
RAW = json.loads((SEED_DIR / "zoledronic_acid_dose.json").read_text(encoding="utf-8"))


def clearance(value) -> Result:
    return Result(value=Clearance(ml_per_min=Decimal(str(value)), formula="test"))


class TestDoseTable:
    @pytest.mark.parametrize(("ml_min", "band", "dose"), [
        # 001 Tableau 2, row "> 60": 4.0 mg
        ("60.1", "gt60", "4.0"), ("75", "gt60", "4.0"), ("140", "gt60", "4.0"),
        # 001 Tableau 2, row "50-60": 3.5 mg (60 belongs here, not to "> 60")
        ("60", "50to60", "3.5"), ("55", "50to60", "3.5"), ("50", "50to60", "3.5"),
        # 001 Tableau 2, row "40-49": 3.3 mg (49.9 and 49.5 fall here, not in a gap)
        ("49.9", "40to49", "3.3"), ("49.5", "40to49", "3.3"), ("40", "40to49", "3.3"),
        # 001 Tableau 2, row "30-39": 3.0 mg
        ("39.9", "30to39", "3.0"), ("35", "30to39", "3.0"), ("30", "30to39", "3.0"),
    ])
    def test_it_reads_the_dose_of_each_band(self, ml_min, band, dose):
        result = zoledronic_acid_dose(clearance(ml_min), ZOL_DOSE)
        assert result.complete
        assert (result.value.band, result.value.dose_mg) == (band, Decimal(dose))
        assert result.value.contraindicated is False

    # 001 2.4: "contre-indiqué en cas de clairance < 30 ml/mn"; 30 itself is allowed.
    @pytest.mark.parametrize("ml_min", ["29.9", "25", "10", "0"])
    def test_it_contraindicates_below_30(self, ml_min):
        dose = zoledronic_acid_dose(clearance(ml_min), ZOL_DOSE).value
        assert (dose.band, dose.contraindicated, dose.dose_mg) == ("lt30", True, None)

    @pytest.mark.parametrize(("ml_min", "band"), [
        ("29.9", "lt30"), ("30", "30to39"), ("40", "40to49"), ("50", "50to60"),
        ("60", "50to60"), ("60.1", "gt60"),
    ])
    def test_it_pins_the_bounds(self, ml_min, band):
        assert zoledronic_acid_dose(clearance(ml_min), ZOL_DOSE).value.band == band

    def test_it_quotes_the_clearance_and_the_band(self):
        (reason,) = zoledronic_acid_dose(clearance("45.2"), ZOL_DOSE).reasons
        assert reason.text("en") == (
            "Clearance 45.2 mL/min (≥ 40 ; < 50 mL/min, table: 40-49): zoledronic acid "
            "3.3 mg per infusion."
        )
        assert reason.text("fr").startswith("Clairance 45,2 mL/min (≥ 40 ; < 50 mL/min, "
                                            "tableau : 40-49) : acide zolédronique 3,3 mg")
        assert "Tableau 2" in reason.source

    def test_it_cites_the_contraindication(self):
        (reason,) = zoledronic_acid_dose(clearance("25"), ZOL_DOSE).reasons
        assert "contraindicated" in reason.text("en")
        assert "2.4" in reason.source and "< 30" in reason.source

    def test_it_is_missing_when_the_clearance_is_incomplete(self):
        incomplete = Result(value=None, missing=(Missing("weight", "poids", "weight"),))
        result = zoledronic_acid_dose(incomplete, ZOL_DOSE)
        assert result.value is None and result.reasons == ()
        assert [m.name for m in result.missing] == ["weight"]

    def test_it_names_the_clearance_when_nothing_else_is_said(self):
        result = zoledronic_acid_dose(Result(), ZOL_DOSE)
        assert [m.name for m in result.missing] == ["creatinine_clearance"]

    @given(st.decimals(min_value=0, max_value=200, places=1),
           st.decimals(min_value=0, max_value=200, places=1))
    def test_it_never_lowers_the_dose_for_a_better_clearance(self, low, high):
        low, high = sorted((low, high))
        lower = zoledronic_acid_dose(clearance(low), ZOL_DOSE).value
        higher = zoledronic_acid_dose(clearance(high), ZOL_DOSE).value
        assert (lower.dose_mg or 0) <= (higher.dose_mg or 0)
        assert lower.contraindicated or not higher.contraindicated

    @given(st.decimals(min_value=0, max_value=200, places=1))
    def test_it_is_deterministic(self, value):
        assert zoledronic_acid_dose(clearance(value), ZOL_DOSE) == \
            zoledronic_acid_dose(clearance(value), ZOL_DOSE)


class TestAdministration:
    def test_it_advises_duration_hydration_and_paracetamol(self):
        infusion, hydration, paracetamol = administration_advice(ZOL_DOSE)
        # 001 2.4: at least 20-30 min; 2.1: the Rosen trial lengthened it to 15 min
        assert infusion.text("en") == (
            "Intravenous infusion over at least 20 to 30 min (the Rosen trial used 15 min)."
        )
        # 001 2.4: hydration on the day and the day after
        assert hydration.text("en") == (
            "Good hydration on the day of the infusion and the day after.")
        assert hydration.text("fr").endswith("et le lendemain.")
        # 001 2.4: paracetamol 1 g x 3/day at the first infusion, flu-like syndrome in 20 %
        assert "paracetamol 1 g × 3/day" in paracetamol.text("en")
        assert "20 %" in paracetamol.text("en")
        assert all("001_9a2b5970b4e5472a.txt" in r.source for r in (infusion, hydration,
                                                                      paracetamol))


def altered(change) -> dict:
    data = copy.deepcopy(RAW)
    change(data)
    return data


class TestInvalidTable:
    @pytest.mark.parametrize(("change", "message"), [
        (lambda d: d["bands"][1].pop("source"), "row 2: every row must cite its source"),
        (lambda d: d["bands"][2].update(lower="41"), "gap or overlap"),
        (lambda d: d["bands"][3].update(upper_inclusive=False), "belongs to both or neither"),
        (lambda d: d["bands"][4].update(lower_inclusive=True), "belongs to both or neither"),
        (lambda d: d["bands"][1].update(dose_mg="-3.0"), "the dose must be positive"),
        (lambda d: d["bands"][1].update(dose_mg="0"), "the dose must be positive"),
        (lambda d: d["bands"][1].pop("dose_mg"), "is not a number"),
        (lambda d: d["bands"][0].update(dose_mg="1"), "a contraindicated band gives no dose"),
        (lambda d: d.update(bands=[]), "no band"),
        (lambda d: d["administration"].pop(1), "'hydration' missing or uncited"),
        (lambda d: d["administration"][0].pop("source"), "'infusion' missing or uncited"),
        (lambda d: d["administration"][2].update(dose_g="-1"), "dose_g must not be negative"),
    ], ids=["no-source", "gap", "60-in-neither", "60-in-both", "negative-dose", "zero-dose",
            "no-dose", "dose-when-contraindicated", "empty", "no-hydration",
            "uncited-infusion", "negative-paracetamol"])
    def test_it_refuses_an_invalid_table(self, change, message):
        with pytest.raises(ReferentialError, match="zoledronic_acid_dose") as caught:
            parse_zoledronic_acid_dose(altered(change))
        assert message in str(caught.value)
