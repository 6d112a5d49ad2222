"""The engine's results as JSON: one document for the `evaluate` command and the API.

Conventions (docs/case-format.md, "The result"):
- a dataclass becomes an object of its fields in declaration order, plus the derived
  properties a reader needs: `complete` (no missing input) and `partial_total` (a score's
  known points, never its total);
- a Decimal becomes a JSON number: an integer when it has no fractional digits, else the
  shortest float that reads back as the same decimal, so a clearance of 71.8 prints 71.8
  (the engine rounds clinical values to a few digits, well within a float's 15);
- a date becomes "YYYY-MM-DD"; tuples, lists and sets become lists; enums give their value;
- mappings keep their keys sorted, so the same case always gives the same bytes.
"""

import json
from dataclasses import fields, is_dataclass
from datetime import date
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Any

DERIVED_PROPERTIES = ("complete", "partial_total")


def to_data(obj: Any) -> Any:
    """Any result (nested dataclasses, Decimal, date...) -> plain JSON-able data."""
    if isinstance(obj, Enum):
        return to_data(obj.value)
    if obj is None or isinstance(obj, bool | int | str | float):
        return obj
    if isinstance(obj, Decimal):
        return decimal_number(obj)
    if isinstance(obj, date):
        return obj.isoformat()
    if is_dataclass(obj) and not isinstance(obj, type):
        return _dataclass_data(obj)
    if isinstance(obj, dict):
        return {str(key): to_data(obj[key]) for key in sorted(obj, key=str)}
    if isinstance(obj, list | tuple):
        return [to_data(item) for item in obj]
    if isinstance(obj, set | frozenset):
        return sorted(to_data(item) for item in obj)
    raise TypeError(f"Cannot serialise a {type(obj).__name__} as JSON: {obj!r}")


def _dataclass_data(obj: Any) -> dict:
    return {name: to_data(getattr(obj, name)) for name in _keys(type(obj))}


@cache
def _keys(cls: type) -> tuple[str, ...]:
    """A result class's fields in declaration order, then its derived properties: read once
    per class, as a result holds thousands of dataclass instances of a few classes."""
    derived = tuple(name for name in DERIVED_PROPERTIES
                    if isinstance(getattr(cls, name, None), property))
    return tuple(field.name for field in fields(cls)) + derived


def decimal_number(value: Decimal) -> int | float:
    """Decimal("4") -> 4, Decimal("71.8") -> 71.8, Decimal("70.00") -> 70.0."""
    if not value.is_finite():
        raise ValueError(f"{value} has no JSON form.")
    if value.as_tuple().exponent >= 0:
        return int(value)
    return float(value)


def case_document(result: Any) -> dict:
    """The document the command prints and the API returns, for an engine CaseResult."""
    return {
        "referential": {
            "version": result.referential_version,
            "label": result.referential_label,
        },
        "reference_date": result.reference_date.isoformat(),
        "result": to_data(result),
    }


def render(document: dict, indent: int | None = 2) -> str:
    """JSON text; accents kept as they are (the reasons are in French and English)."""
    return json.dumps(document, indent=indent, ensure_ascii=False)
