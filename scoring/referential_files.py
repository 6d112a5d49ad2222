"""A referential as a file, to share an edition between regions: JSON (the referential
document itself) or CSV (one line per value: topic, path, type, value), both read back to the
same document. Reading never stores anything: `scoring.referential_actions.import_referential`
validates and stores the whole, or nothing."""

import csv
import io
import json

from scoring.engine.referential import ReferentialError
from scoring.serialize import to_data

CSV_HEADER = ["topic", "path", "type", "value"]
META = "_meta"


def to_json(document: dict) -> str:
    return json.dumps(to_data(document), indent=2, ensure_ascii=False) + "\n"


def from_json(text: str) -> dict:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ReferentialError(f"Not valid JSON: line {error.lineno}, column {error.colno}: "
                               f"{error.msg}.") from error
    if not isinstance(document, dict):
        raise ReferentialError("The JSON file must hold one referential object.")
    return document


def to_csv(document: dict) -> str:
    """Every leaf value on its own line; lists by index, so the order survives."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    meta = {key: value for key, value in document.items() if key != "tables"}
    for path, kind, value in _leaves(to_data(meta)):
        writer.writerow([META, path, kind, value])
    for topic, data in document.get("tables", {}).items():
        for path, kind, value in _leaves(to_data(data)):
            writer.writerow([topic, path, kind, value])
    return out.getvalue()


def from_csv(text: str) -> dict:
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header != CSV_HEADER:
        raise ReferentialError(f"The CSV file must start with the columns "
                               f"{', '.join(CSV_HEADER)}.")
    document: dict = {"tables": {}}
    for line, fields in enumerate(reader, start=2):
        if not fields:
            continue
        if len(fields) != len(CSV_HEADER):
            raise ReferentialError(f"Line {line}: {len(fields)} columns instead of 4.")
        topic, path, kind, raw = fields
        value = _value(kind, raw, line)
        target = document if topic == META else document["tables"].setdefault(topic, {})
        _set(target, _parse_path(path, line), value, line)
    return document


def _leaves(node, prefix: str = ""):
    if isinstance(node, dict):
        if not node and prefix:
            yield prefix, "object", ""
        for key, child in node.items():
            yield from _leaves(child, f"{prefix}.{key}" if prefix else key)
    elif isinstance(node, list):
        if not node:
            yield prefix, "list", ""
        for index, child in enumerate(node):
            yield from _leaves(child, f"{prefix}[{index}]")
    elif node is None:
        yield prefix, "null", ""
    elif isinstance(node, bool):
        yield prefix, "bool", "true" if node else "false"
    elif isinstance(node, int):
        yield prefix, "int", str(node)
    elif isinstance(node, float):
        yield prefix, "number", repr(node)
    else:
        yield prefix, "text", str(node)


def _value(kind: str, raw: str, line: int):
    try:
        return {
            "text": lambda: raw,
            "int": lambda: int(raw),
            "number": lambda: float(raw),
            "bool": lambda: {"true": True, "false": False}[raw],
            "null": lambda: None,
            "list": lambda: [],
            "object": lambda: {},
        }[kind]()
    except (KeyError, ValueError):
        raise ReferentialError(f"Line {line}: {raw!r} is not a valid {kind!r} value "
                               f"(types: text, int, number, bool, null, list, object).") from None


def _parse_path(path: str, line: int) -> list:
    parts: list = []
    for piece in path.split("."):
        name, *indexes = piece.split("[")
        if name:
            parts.append(name)
        for index in indexes:
            if not index.endswith("]") or not index[:-1].isdigit():
                raise ReferentialError(f"Line {line}: bad path {path!r}.")
            parts.append(int(index[:-1]))
    if not parts:
        raise ReferentialError(f"Line {line}: empty path.")
    return parts


def _set(target, parts: list, value, line: int) -> None:
    for here, following in zip(parts, parts[1:], strict=False):
        empty = [] if isinstance(following, int) else {}
        target = _child(target, here, empty, line)
    _assign(target, parts[-1], value, line)


def _child(target, key, empty, line: int):
    if isinstance(key, int):
        if not isinstance(target, list) or key > len(target):
            raise ReferentialError(f"Line {line}: list index {key} out of order.")
        if key == len(target):
            target.append(empty)
        return target[key]
    if not isinstance(target, dict):
        raise ReferentialError(f"Line {line}: {key!r} under a list.")
    return target.setdefault(key, empty)


def _assign(target, key, value, line: int) -> None:
    if isinstance(key, int):
        if not isinstance(target, list) or key != len(target):
            raise ReferentialError(f"Line {line}: list index {key} out of order.")
        target.append(value)
    elif isinstance(target, dict):
        if key in target:
            raise ReferentialError(f"Line {line}: {key!r} given twice.")
        target[key] = value
    else:
        raise ReferentialError(f"Line {line}: {key!r} under a list.")
