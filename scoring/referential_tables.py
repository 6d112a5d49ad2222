"""Which parts of the topic documents are typed tables, and how rows move between the two.

A topic document (the JSON the engine parses, `scoring/referential_data/seed/<topic>.json`)
is split into its typed tables (lists of rows, each a model in `scoring.models.tables`) and
its settings (everything else, `TopicSettings.data`). `split_topic` and `merge_topic` are
plain functions on dicts: the data migration, the import and the store share them, and
merging what was split gives the same document back (tested for every topic).

A `TableSpec` says where the rows sit (`path`, with "*" for a level of named groups, such as
the items of a score) and which JSON keys they have (`columns`). A column's key is the model
field's name unless `field` says otherwise; an absent or null key is a null (or blank) field
and is left out again on the way back.
"""

import copy
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

GROUP = "*"


@dataclass(frozen=True)
class Column:
    key: str
    field: str = ""  # the model field, when the JSON key is not a valid or clear name
    decimals: int | None = None  # a decimal written with this many places ("3.0 mg")

    @property
    def field_name(self) -> str:
        return self.field or self.key


@dataclass(frozen=True)
class TableSpec:
    model: str  # model name in the scoring app
    topic: str
    path: tuple[str, ...]
    columns: tuple[Column, ...]
    group_field: str = ""  # the model field holding the group's key, with a "*" in the path
    fixed: tuple[tuple[str, str], ...] = ()  # fields that tell this table's rows in a shared
    # model, e.g. (("score", "mirels"),) for the bands of Mirels in ScoreBand
    keyed_field: str = ""  # the rows are an object {key: row}, not a list: the key's field

    @property
    def name(self) -> str:
        return f"{self.topic}:{'.'.join(self.path)}"


def columns(*keys: str | Column) -> tuple[Column, ...]:
    return tuple(key if isinstance(key, Column) else Column(key) for key in keys)


TABLE_SPECS: list[TableSpec] = []  # filled by scoring.referential_table_specs


def register(*specs: TableSpec) -> None:
    TABLE_SPECS.extend(specs)


def specs_for(topic: str) -> list[TableSpec]:
    from scoring import referential_table_specs  # noqa: F401 (fills TABLE_SPECS)
    return [spec for spec in TABLE_SPECS if spec.topic == topic]


def all_specs() -> list[TableSpec]:
    from scoring import referential_table_specs  # noqa: F401
    return list(TABLE_SPECS)


# -- documents <-> rows ------------------------------------------------------------------------

def split_topic(topic: str, data: dict,
                specs: list[TableSpec] | None = None) -> tuple[dict, dict[str, list[dict]]]:
    """(settings, {spec name: [row dicts in order, each with "_group" when grouped]}).

    `specs`: the tables to take out (default: all of the topic's); a data migration passes
    those whose model exists at its point in history."""
    settings = copy.deepcopy(data)
    rows = {}
    for spec in specs_for(topic) if specs is None else specs:
        found = list(_pop_rows(settings, spec.path))
        if spec.keyed_field:
            found = [(group, dict(row, _key=key)) for group, rows in found
                     for key, row in rows.items()]
        rows[spec.name] = [dict(row, _group=group) if spec.group_field else dict(row)
                           for group, row in found]
    return settings, rows


def merge_topic(topic: str, settings: dict, rows: dict[str, list[dict]],
                specs: list[TableSpec] | None = None) -> dict:
    """The topic document from its settings and its rows (in order)."""
    document = copy.deepcopy(settings)
    for spec in specs_for(topic) if specs is None else specs:
        _put_rows(document, spec.path, rows.get(spec.name, []), spec.keyed_field)
    return document


def _pop_rows(node: dict, path: tuple[str, ...], group: str = "") -> Iterator[tuple[str, dict]]:
    head, *rest = path
    if head == GROUP:
        for key, child in list(node.items()):
            if isinstance(child, dict):
                yield from _pop_rows(child, tuple(rest), key)
        return
    if not rest:
        found = node.pop(head, None)
        if isinstance(found, dict):  # a keyed table: the whole object at once
            yield group, found
            return
        for row in found or []:
            yield group, row
        return
    child = node.get(head)
    if isinstance(child, dict):
        yield from _pop_rows(child, tuple(rest), group)


def _put_rows(node: dict, path: tuple[str, ...], rows: list[dict], keyed: str = "") -> None:
    head, *rest = path
    if head == GROUP:
        groups: dict[str, list[dict]] = {}
        for row in rows:
            row = dict(row)
            groups.setdefault(row.pop("_group"), []).append(row)
        for key, group_rows in groups.items():
            _put_rows(node.setdefault(key, {}), tuple(rest), group_rows, keyed)
        return
    if not rest:
        if keyed:
            node[head] = {row["_key"]: {k: v for k, v in row.items() if k != "_key"}
                          for row in rows}
        elif rows or head in node:
            node[head] = [dict(row) for row in rows]
        return
    _put_rows(node.setdefault(head, {}), tuple(rest), rows, keyed)


# -- row dicts <-> model fields ----------------------------------------------------------------

def row_to_fields(spec: TableSpec, row: dict, model) -> dict:
    """Model field values from a row of the document (decimals read exactly as written)."""
    unknown = set(row) - {column.key for column in spec.columns} - {"_group", "_key"}
    if unknown:
        raise ValueError(f"{spec.name}: unknown column(s) {', '.join(sorted(unknown))}.")
    values = {}
    for column in spec.columns:
        field = model._meta.get_field(column.field_name)
        value = row.get(column.key)
        if value is None:
            value = "" if _is_text(field) else None
        elif field.get_internal_type() == "DecimalField":
            value = Decimal(str(value))
        values[column.field_name] = value
    if spec.group_field:
        values[spec.group_field] = row["_group"]
    if spec.keyed_field:
        values[spec.keyed_field] = row["_key"]
    values.update(spec.fixed)
    return values


def fields_to_row(spec: TableSpec, instance) -> dict:
    """The row of the document for a model instance; null and blank fields are left out."""
    row = {}
    for column in spec.columns:
        value = getattr(instance, column.field_name)
        if value is None or value == "":
            continue
        if isinstance(value, Decimal):
            value = decimal_text(value, column.decimals)
        row[column.key] = value
    if spec.group_field:
        row["_group"] = getattr(instance, spec.group_field)
    if spec.keyed_field:
        row["_key"] = getattr(instance, spec.keyed_field)
    return row


def decimal_text(value: Decimal, places: int | None = None) -> str:
    """Decimal("3.00") -> "3" (or "3.0" with places=1): the number as a referential writes it."""
    if places is not None:
        return f"{value:.{places}f}"
    text = format(value.normalize(), "f")
    return text


def _is_text(field) -> bool:
    return field.get_internal_type() in ("CharField", "TextField", "SlugField")
