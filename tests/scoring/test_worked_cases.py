"""Worked clinical cases: whole situations, each expected value worked out by hand.

The topic tests pin one rule at a time. These cases pin several rules together on one
realistic patient: a fracture score with the surgical opinion and the radiotherapy field, a
clearance with the zoledronic acid dose and the denosumab relay, a cord compression with NOMS
and the prognostic scores... Every value in `worked_cases/*.json` was derived from the seed
texts (shared/seeds/README.md and its five texts) or the published scores
(docs/prognostic-scores.md), with the arithmetic written in the case's "working", and never
copied from the engine's output: a case fails when the engine and the sources part.

`expect` maps dotted paths into the result document (`case_document(...)["result"]`, list
indices as numbers) to exact JSON values. A case with a "known_engine_bug" expects the
sources' answer and is a strict xfail until the engine is fixed.
"""

import json
from datetime import date
from pathlib import Path

import pytest

from scoring.case_json import read_case
from scoring.engine.evaluate import evaluate_case
from scoring.referential_data import seed_referential
from scoring.serialize import case_document

CASES_DIR = Path(__file__).resolve().parent / "worked_cases"
FILES = sorted(CASES_DIR.glob("*.json"))
REQUIRED = {"title": str, "story": str, "sources": list, "case": dict, "expect": dict}
OPTIONAL = {"working": str, "known_engine_bug": str}
ABSENT = object()


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def as_param(path: Path):
    bug = load(path).get("known_engine_bug")
    marks = [pytest.mark.xfail(strict=True, reason=f"engine bug: {bug}")] if bug else []
    return pytest.param(path, id=path.stem, marks=marks)


def resolve(document, path: str):
    """The value at a dotted path ("lesions.0.sins.total"), or ABSENT."""
    value = document
    for part in path.split("."):
        if isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        elif isinstance(value, dict) and part in value:
            value = value[part]
        else:
            return ABSENT
    return value


def same(actual, expected) -> bool:
    """JSON equality that does not take true for 1 (Python's bool is an int)."""
    return actual == expected and isinstance(actual, bool) == isinstance(expected, bool)


def topic(path: str) -> str:
    """The rule a path reads: its first segment, or <topic> in lesions.N.<topic>."""
    parts = path.split(".")
    return parts[2] if parts[0] == "lesions" and len(parts) > 2 else parts[0]


@pytest.mark.parametrize("path", FILES, ids=[path.stem for path in FILES])
def test_the_case_file_is_well_formed(path):
    data = load(path)
    problems = [f"{key} missing, empty or not a {kind.__name__}" for key, kind in REQUIRED.items()
                if not isinstance(data.get(key), kind) or not data[key]]
    problems += [f"{key} is not a {kind.__name__}" for key, kind in OPTIONAL.items()
                 if key in data and not isinstance(data[key], kind)]
    unknown = sorted(set(data) - set(REQUIRED) - set(OPTIONAL))
    problems += [f"unknown key {key!r}" for key in unknown]
    if isinstance(data.get("case"), dict) and not data["case"].get("reference_date"):
        problems.append("case.reference_date is required (the case must not depend on today)")
    assert not problems, f"{path.stem}: " + "; ".join(problems)


@pytest.mark.django_db
@pytest.mark.parametrize("path", [as_param(path) for path in FILES])
def test_the_engine_gives_the_worked_result(path):
    data = load(path)
    case = data["case"]
    facts = read_case(case, date.fromisoformat(case["reference_date"]))
    result = case_document(evaluate_case(facts, seed_referential()))["result"]
    problems = []
    for key, expected in data["expect"].items():
        actual = resolve(result, key)
        if actual is ABSENT:
            problems.append(f"{key}: no such path in the result (expected {expected!r})")
        elif not same(actual, expected):
            problems.append(f"{key}: expected {expected!r}, got {actual!r}")
    assert not problems, f"{path.stem}:\n  " + "\n  ".join(problems)


def test_there_are_at_least_30_cases():
    assert len(FILES) >= 30


@pytest.mark.parametrize("path", FILES, ids=[path.stem for path in FILES])
def test_each_case_combines_at_least_two_topics(path):
    topics = {topic(key) for key in load(path).get("expect", {})}
    assert len(topics) >= 2, f"{path.stem} asserts a single topic: {sorted(topics)}"
