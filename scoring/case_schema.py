"""The JSON Schema of a case (docs/case.schema.json) and readable messages for its errors.

jsonschema's own messages name Python reprs and schema keywords ("Additional properties are
not allowed"); a clinician or an integrator needs the field and what was expected there. Every
error is reported with its path ("lesions[0].site"), all of them at once.
"""

import difflib
import json
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import ValidationError

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "docs" / "case.schema.json"
ROOT = "$"  # the path of an error about the document itself

FieldError = tuple[str, str]  # (json path, message)

_TYPE_NAMES = {
    "object": "an object",
    "array": "a list",
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
    "null": "null",
}


@lru_cache(maxsize=1)
def case_schema() -> dict:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return schema


def _is_integer(checker, instance) -> bool:
    """JSON does not tell 12 from 12.0: read as Decimal (parse_json), 12.0 is an integer too,
    as it is when read as a float."""
    if isinstance(instance, Decimal):
        return instance.is_finite() and instance == instance.to_integral_value()
    return Draft202012Validator.TYPE_CHECKER.is_type(instance, "integer")


_CaseValidator = validators.extend(
    Draft202012Validator,
    type_checker=Draft202012Validator.TYPE_CHECKER.redefine("integer", _is_integer),
)


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    return _CaseValidator(case_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)


def schema_errors(data: object) -> list[FieldError]:
    """Every schema error of a case, sorted by path, without duplicates."""
    errors: list[FieldError] = []
    for error in _validator().iter_errors(data):
        for found in _describe(error):
            if found not in errors:
                errors.append(found)
    return sort_errors(errors)


def sort_errors(errors: list[FieldError]) -> list[FieldError]:
    """In document order: lesions[2] before lesions[10], then by message."""
    return sorted(errors, key=lambda found: (_sort_key(found[0]), found[1]))


def json_path(parts: Iterable[str | int]) -> str:
    """("lesions", 0, "site") -> "lesions[0].site"; the document itself is "$"."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or ROOT


def _sort_key(path: str) -> list[tuple[int, int | str]]:
    parts = path.replace("[", ".").replace("]", "").split(".")
    # isdecimal, not isdigit: a superscript two is a digit int() refuses, and a client
    # may send any key.
    return [(0, int(part)) if part.isdecimal() else (1, part) for part in parts]


def _describe(error: ValidationError) -> list[FieldError]:
    parts = list(error.absolute_path)
    path = json_path(parts)
    kind = error.validator
    if kind == "required":
        return [(json_path([*parts, name]), "required field missing")
                for name in error.validator_value if name not in error.instance]
    if kind == "additionalProperties":
        known = list(error.schema.get("properties", {}))
        return [(json_path([*parts, key]), _unknown_field(key, known))
                for key in error.instance if key not in known]
    if kind == "enum":
        return [(path, _unknown_value(error.instance, error.validator_value, parts))]
    return [(path, _message(error))]


def _message(error: ValidationError) -> str:
    kind, expected, value = error.validator, error.validator_value, error.instance
    shown = _show(value)
    if kind == "type":
        types = [expected] if isinstance(expected, str) else expected
        return f"expected {' or '.join(_TYPE_NAMES[t] for t in types)}, got {shown}"
    if kind == "format":
        return f"expected a date as YYYY-MM-DD, got {shown}"
    if kind == "minimum":
        return f"must be at least {expected}, got {shown}"
    if kind == "maximum":
        return f"must be at most {expected}, got {shown}"
    if kind == "exclusiveMinimum":
        return f"must be more than {expected}, got {shown}"
    if kind == "pattern":
        return f"expected a code of lower-case letters, digits, '_' or '-', got {shown}"
    if kind == "minLength":
        return "must not be empty"
    if kind == "maxLength":
        return f"must have at most {expected} characters"
    return error.message


def _unknown_field(key: str, known: list[str]) -> str:
    message = f"unknown field '{key}'"
    close = difflib.get_close_matches(key, known, n=1)
    if close:
        return f"{message}; did you mean '{close[0]}'?"
    return f"{message}; expected one of: {', '.join(known)}"


def _unknown_value(value: object, allowed: list, parts: list) -> str:
    if parts and parts[-1] == "site":
        message = f"unknown site {_show(value)}; expected a skeleton code such as 'femur_diaphysis'"
        close = difflib.get_close_matches(str(value), [str(a) for a in allowed], n=1)
        return f"{message}; did you mean '{close[0]}'?" if close else message
    choices = ", ".join(_show(a) for a in allowed if a is not None)
    unknown = " (or null: unknown)" if None in allowed else ""
    return f"unknown value {_show(value)}; expected one of: {choices}{unknown}"


def _show(value: object) -> str:
    """A value as the JSON author typed it: 'text', 12, true, null."""
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, dict | list):
        return "an object" if isinstance(value, dict) else "a list"
    return json.dumps(value) if not hasattr(value, "as_tuple") else str(value)
