"""Cockcroft-Gault creatinine clearance (Cockcroft DW, Gault MH. Nephron 1976;16:31-41),
form for creatinine in µmol/L: (140 - age) × weight × k / creatinine, k = 1.23 for men and
1.04 for women (the seed referential's cockcroft_gault table)."""

from decimal import Decimal

import pytest

from scoring.engine.renal import Clearance, RenalFacts, creatinine_clearance
from scoring.referential_data import seed_referential

COCKCROFT_GAULT = seed_referential()["cockcroft_gault"]


def facts(age=65, sex="M", weight="70", creatinine="90") -> RenalFacts:
    return RenalFacts(
        age_years=age,
        sex=sex,
        weight_kg=Decimal(weight) if weight is not None else None,
        creatinine_umol_l=Decimal(creatinine) if creatinine is not None else None,
    )


class TestCockcroftGault:
    @pytest.mark.parametrize(("case", "expected"), [
        # (140 - 65) × 70 × 1.23 / 90 = 71.75
        (facts(age=65, sex="M", weight="70", creatinine="90"), "71.8"),
        # (140 - 80) × 55 × 1.04 / 110 = 31.2
        (facts(age=80, sex="F", weight="55", creatinine="110"), "31.2"),
        # (140 - 60) × 55 × 1.23 / 80 = 67.65: half up gives 67.7 (half even would give 67.6)
        (facts(age=60, sex="M", weight="55", creatinine="80"), "67.7"),
        # (140 - 63) × 50 × 1.04 / 80 = 50.05: 50.1, as a hand calculation rounds
        (facts(age=63, sex="F", weight="50", creatinine="80"), "50.1"),
        # (140 - 72) × 82.5 × 1.23 / 134 = 51.495...: below the half, 51.5
        (facts(age=72, sex="M", weight="82.5", creatinine="134"), "51.5"),
    ])
    def test_it_computes_the_worked_examples(self, case, expected):
        result = creatinine_clearance(case, COCKCROFT_GAULT)
        assert result.complete
        assert result.value.ml_per_min == Decimal(expected)

    def test_it_shows_the_formula_with_the_inputs(self):
        result = creatinine_clearance(facts(), COCKCROFT_GAULT)
        assert result.value == Clearance(
            ml_per_min=Decimal("71.8"), formula="(140 − 65) × 70 × 1.23 / 90 = 71.8"
        )

    def test_it_cites_its_source(self):
        (reason,) = creatinine_clearance(facts(), COCKCROFT_GAULT).reasons
        assert reason.source == COCKCROFT_GAULT.source
        assert "Cockcroft DW, Gault MH" in reason.source
        assert reason.text("en").startswith("Cockcroft-Gault clearance: (140 − 65)")
        assert reason.text("fr").startswith("Clairance de Cockcroft-Gault")

    def test_it_uses_the_female_coefficient_for_women(self):
        male = creatinine_clearance(facts(sex="M"), COCKCROFT_GAULT).value.ml_per_min
        female = creatinine_clearance(facts(sex="F"), COCKCROFT_GAULT).value.ml_per_min
        # (140 - 65) × 70 × 1.04 / 90 = 60.666...
        assert (male, female) == (Decimal("71.8"), Decimal("60.7"))

    def test_it_lists_missing_weight_and_creatinine_without_a_value(self):
        result = creatinine_clearance(facts(weight=None, creatinine=None), COCKCROFT_GAULT)
        assert result.value is None
        assert not result.complete
        assert result.reasons == ()
        assert [m.label("en") for m in result.missing] == ["weight", "serum creatinine"]
        assert [m.label("fr") for m in result.missing] == ["poids", "créatininémie"]

    @pytest.mark.parametrize(("case", "missing"), [
        (facts(age=None), ["age"]),
        (facts(sex=None), ["sex"]),
        (facts(sex="X"), ["sex"]),
        (facts(weight=None), ["weight"]),
        (facts(creatinine=None), ["creatinine"]),
    ])
    def test_it_lists_each_missing_input_by_name(self, case, missing):
        result = creatinine_clearance(case, COCKCROFT_GAULT)
        assert [m.name for m in result.missing] == missing
        assert result.value is None
