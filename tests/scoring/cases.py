"""The example cases of tests/scoring/fixtures/ and ways to alter them, for the case tests."""

import copy
from datetime import date
from pathlib import Path

import pytest

from scoring.case_json import CaseFormatError, parse_json, read_case

FIXTURES = Path(__file__).resolve().parent / "fixtures"
TODAY = date(2026, 11, 23)  # the fixtures' reference date


def case_text(name: str) -> str:
    return (FIXTURES / f"{name}.json").read_text(encoding="utf-8")


def load(name: str) -> dict:
    return parse_json(case_text(name))


def errors_of(data: object, today: date = TODAY) -> list[tuple[str, str]]:
    with pytest.raises(CaseFormatError) as caught:
        read_case(data, today)
    return caught.value.errors


def with_change(path: str, value, name: str = "spinal_case") -> dict:
    """A fixture with one value set, by a path such as "lesions.0.site"."""
    data = copy.deepcopy(load(name))
    *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
    target = data
    for part in parents:
        target = target[part]
    target[last] = value
    return data
