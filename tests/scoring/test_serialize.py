"""The engine's results as JSON: exact numbers, ISO dates, stable bytes."""

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.case_json import read_case
from scoring.engine.evaluate import evaluate_case
from scoring.engine.results import Missing, Reason, Result, Score, ScoreItem
from scoring.referentials import current_referential
from scoring.serialize import case_document, decimal_number, render, to_data
from tests.scoring.cases import TODAY, load


class Colour(Enum):
    RED = "red"


@dataclass(frozen=True)
class Sample:
    when: date
    amount: Decimal
    items: tuple
    mapping: dict
    colour: Colour


def dumped(obj) -> str:
    return json.dumps(to_data(obj))


class TestDecimals:
    @pytest.mark.parametrize(("value", "text"), [
        ("71.8", "71.8"),  # a clearance prints as computed, not 71.80000001
        ("0.1", "0.1"),
        ("67.65", "67.65"),
        ("4", "4"),
        ("1E+1", "10"),
        ("70.00", "70.0"),
        ("-2.5", "-2.5"),
    ])
    def test_it_writes_a_decimal_as_the_same_json_number(self, value, text):
        assert dumped(Decimal(value)) == text

    @given(st.decimals(allow_nan=False, allow_infinity=False, places=3,
                       min_value=-10**11, max_value=10**11))
    def test_it_reads_back_as_the_same_decimal(self, value):
        assert Decimal(json.dumps(decimal_number(value))) == value

    @pytest.mark.parametrize("value", ["NaN", "Infinity"])
    def test_it_refuses_a_value_json_cannot_hold(self, value):
        with pytest.raises(ValueError, match="no JSON form"):
            to_data(Decimal(value))


class TestStructures:
    def test_it_writes_dates_as_iso_text(self):
        assert to_data(date(2026, 1, 5)) == "2026-01-05"

    def test_it_writes_a_nested_dataclass(self):
        sample = Sample(date(2026, 11, 23), Decimal("2.35"), (1, ("a",)),
                        {"b": Decimal("1.5"), "a": None}, Colour.RED)
        assert to_data(sample) == {
            "when": "2026-11-23", "amount": 2.35, "items": [1, ["a"]],
            "mapping": {"a": None, "b": 1.5}, "colour": "red",
        }

    def test_it_keeps_field_order_and_sorts_mapping_keys(self):
        sample = Sample(date(2026, 1, 1), Decimal(1), (), {"z": 1, "a": 2}, Colour.RED)
        data = to_data(sample)
        assert list(data) == ["when", "amount", "items", "mapping", "colour"]
        assert list(data["mapping"]) == ["a", "z"]

    def test_it_adds_complete_to_a_result(self):
        missing = Missing("weight", "poids", "weight")
        assert to_data(Result(value=None, missing=(missing,))) == {
            "value": None, "reasons": [],
            "missing": [{"name": "weight", "label_fr": "poids", "label_en": "weight"}],
            "complete": False,
        }

    def test_it_adds_the_partial_total_of_a_score(self):
        items = (ScoreItem("site", "upper", 1), ScoreItem("pain", None, None))
        reason = Reason("mirels.site", "Site", "Site", "Mirels, CORR 1989")
        score = Score("mirels", None, None, items, reasons=(reason,),
                      missing=(Missing("pain", "douleur", "pain"),))
        data = to_data(score)
        assert (data["total"], data["complete"], data["partial_total"]) == (None, False, 1)
        assert data["items"][1] == {"name": "pain", "finding": None, "points": None,
                                    "label_fr": "", "label_en": "", "finding_fr": None,
                                    "finding_en": None}
        assert data["reasons"][0]["source"] == "Mirels, CORR 1989"

    def test_it_gives_a_score_item_its_code_and_its_words(self):
        item = ScoreItem("size", "gt_2_3", 3, "Taille", "Size", "> 2/3 de la corticale",
                         "> 2/3 of the cortex")
        assert to_data(item) == {
            "name": "size", "finding": "gt_2_3", "points": 3, "label_fr": "Taille",
            "label_en": "Size", "finding_fr": "> 2/3 de la corticale",
            "finding_en": "> 2/3 of the cortex",
        }

    def test_it_refuses_what_it_does_not_know(self):
        with pytest.raises(TypeError, match="Cannot serialise a object"):
            to_data(object())

    def test_it_keeps_accents_in_the_text(self):
        assert render({"text": "créatininémie"}, indent=None) == '{"text": "créatininémie"}'


@pytest.mark.django_db
class TestCaseDocument:
    def evaluate(self, name: str) -> dict:
        case = read_case(load(name), TODAY)
        return case_document(evaluate_case(case, current_referential()))

    def test_it_names_the_referential_and_the_reference_date(self):
        document = self.evaluate("spinal_case")
        referential = current_referential()
        assert document["referential"] == {"version": referential.version,
                                           "label": referential.label}
        assert document["reference_date"] == "2026-11-23"
        assert [lesion["lesion_id"] for lesion in document["result"]["lesions"]] == [
            "T11", "L2"]

    @pytest.mark.parametrize("name", ["spinal_case", "femur_case", "minimal_case"])
    def test_it_gives_the_same_bytes_for_the_same_case(self, name):
        assert render(self.evaluate(name)) == render(self.evaluate(name))

    def test_it_prints_the_clearance_as_computed(self):
        clearance = self.evaluate("femur_case")["result"]["clearance"]
        # (140 - 64) x 62.5 x 1.04 / 71.8 = 68.8 (Cockcroft-Gault, woman's coefficient)
        assert clearance["value"]["ml_per_min"] == 68.8
        assert clearance["complete"] is True
