from decimal import Decimal

import pytest

from patients.derived import body_mass_index


class TestBodyMassIndex:
    # Worked examples: weight (kg) / height (m)², to one decimal, halves rounded up.
    @pytest.mark.parametrize(("weight", "height", "expected"), [
        ("70", "175", "22.9"),     # 70 / 1.75² = 22.857
        ("55", "160", "21.5"),     # 55 / 1.60² = 21.484
        ("100", "200", "25.0"),    # exact
        ("97.8", "200", "24.5"),   # 24.45 exactly: half up, not half even (24.4)
        ("48.6", "180", "15.0"),   # 15.0
        ("70.00", "175.00", "22.9"),  # as stored (two decimals)
    ])
    def test_it_computes_the_worked_examples(self, weight, height, expected):
        assert body_mass_index(Decimal(weight), Decimal(height)) == Decimal(expected)

    def test_it_returns_one_decimal(self):
        assert body_mass_index(Decimal("100"), Decimal("200")).as_tuple().exponent == -1

    @pytest.mark.parametrize(("weight", "height"), [
        (None, Decimal("175")), (Decimal("70"), None), (None, None),
    ])
    def test_it_returns_none_when_an_input_is_missing(self, weight, height):
        assert body_mass_index(weight, height) is None

    @pytest.mark.parametrize(("weight", "height"), [
        (Decimal("70"), Decimal("0")), (Decimal("0"), Decimal("175")),
        (Decimal("-70"), Decimal("175")),
    ])
    def test_it_returns_none_for_a_zero_or_negative_input(self, weight, height):
        assert body_mass_index(weight, height) is None
