"""The NOMS referential table (noms.json), parsed and validated: the radiosensitivity of each
primary or histology, the neurological states, the suggested path for each ESCC category and
radiosensitivity, the mechanical assessment of each SINS band, and the systemic note.

noms.py reads a spinal lesion's facts against it; every row cites its source.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from scoring.engine.points import NeedsPrecision, parse_needs_precision, require_text
from scoring.engine.referential import ReferentialError

TOPIC = "noms"
TO_BE_CHECKED = "to_be_checked"
ESCC_CATEGORIES = ("low", "high")  # bilsky.py's categories
RADIOSENSITIVITY = ("radiosensitive", "radioresistant")
SINS_BANDS = ("stable", "potentially_unstable", "unstable")  # sins.py's band codes


@dataclass(frozen=True)
class Label:
    label_fr: str
    label_en: str
    source: str


@dataclass(frozen=True)
class RadiosensitivityRule:
    """Primary sites and/or histologies (None: any) that set the radiosensitivity."""

    primary_sites: frozenset[str] | None
    histologies: frozenset[str] | None
    radiosensitivity: str
    label_fr: str
    label_en: str
    source: str

    def matches(self, site: str | None, histology: str | None) -> bool:
        return ((self.primary_sites is None or site in self.primary_sites)
                and (self.histologies is None or histology in self.histologies))


@dataclass(frozen=True)
class NeurologyState:
    code: str  # "myelopathy", "radiculopathy", "intact"
    frankel_grades: frozenset[str]
    neurological_deficits: frozenset[str]
    label_fr: str
    label_en: str
    source: str


@dataclass(frozen=True)
class Path:
    code: str
    text_fr: str
    text_en: str
    source: str


@dataclass(frozen=True)
class MechanicalRow:
    label_fr: str
    label_en: str
    stabilisation_fr: str  # "" when the band calls for no stabilisation
    stabilisation_en: str
    source: str


@dataclass(frozen=True)
class NomsTable:
    classes: Mapping[str, Label]
    radiosensitivity: tuple[RadiosensitivityRule, ...]  # first match wins
    needs_precision: Mapping[str, NeedsPrecision]
    neurology: tuple[NeurologyState, ...]  # most severe first
    paths: Mapping[tuple[str, str], Path]  # (ESCC category, radiosensitivity) -> path
    mechanical: Mapping[str, MechanicalRow]  # SINS band -> assessment
    systemic: Path
    source: str



def parse_noms(data: dict) -> NomsTable:
    classes = {code: _label(_obj(data.get("classes"), "classes").get(code), f"class {code!r}")
               for code in RADIOSENSITIVITY}
    return NomsTable(
        classes=classes,
        radiosensitivity=tuple(_rule(row, f"radiosensitivity row {i}")
                               for i, row in enumerate(_rows(data, "radiosensitivity"), 1)),
        needs_precision=parse_needs_precision(data.get("needs_precision", {}), TOPIC),
        neurology=tuple(_neurology(row, f"neurology row {i}")
                        for i, row in enumerate(_rows(data, "neurology"), 1)),
        paths=_paths(_rows(data, "paths")),
        mechanical={band: _mechanical_row(_obj(data.get("mechanical"), "mechanical").get(band),
                                          f"mechanical {band!r}") for band in SINS_BANDS},
        systemic=Path(TO_BE_CHECKED, *_texts(_obj(data.get("systemic"), "systemic"),
                                             "systemic")),
        source=require_text(data, "source", TOPIC),
    )


def _rule(row, where: str) -> RadiosensitivityRule:
    row = _obj(row, where)
    sites, histologies = _codes(row, "primary_sites", where), _codes(row, "histologies", where)
    if sites is None and histologies is None:
        raise ReferentialError(f"{TOPIC}, {where}: give primary_sites, histologies or both.")
    if row.get("radiosensitivity") not in RADIOSENSITIVITY:
        raise ReferentialError(f"{TOPIC}, {where}: radiosensitivity must be one of "
                               f"{', '.join(RADIOSENSITIVITY)}.")
    label = _label(row, where)
    return RadiosensitivityRule(sites, histologies, row["radiosensitivity"], label.label_fr,
                                label.label_en, label.source)


def _neurology(row, where: str) -> NeurologyState:
    label = _label(_obj(row, where), where)
    return NeurologyState(require_text(row, "code", f"{TOPIC}, {where}"),
                          _codes(row, "frankel_grades", where) or frozenset(),
                          _codes(row, "neurological_deficits", where) or frozenset(),
                          label.label_fr, label.label_en, label.source)


def _paths(rows: list) -> dict[tuple[str, str], Path]:
    paths: dict[tuple[str, str], Path] = {}
    for index, row in enumerate(rows, 1):
        where = f"path row {index}"
        key = (_obj(row, where).get("escc"), row.get("radiosensitivity"))
        if key[0] not in ESCC_CATEGORIES or key[1] not in RADIOSENSITIVITY:
            raise ReferentialError(f"{TOPIC}, {where}: escc must be low/high and "
                                   "radiosensitivity radiosensitive/radioresistant.")
        if key in paths:
            raise ReferentialError(f"{TOPIC}, {where}: {key} is given twice.")
        paths[key] = Path(require_text(row, "code", f"{TOPIC}, {where}"), *_texts(row, where))
    expected = {(e, r) for e in ESCC_CATEGORIES for r in RADIOSENSITIVITY}
    if set(paths) != expected:
        raise ReferentialError(f"{TOPIC}: paths missing for {sorted(expected - set(paths))}.")
    return paths


def _mechanical_row(row, where: str) -> MechanicalRow:
    label = _label(_obj(row, where), where)
    fr, en = row.get("stabilisation_fr", ""), row.get("stabilisation_en", "")
    if not isinstance(fr, str) or not isinstance(en, str) or bool(fr) != bool(en):
        raise ReferentialError(f"{TOPIC}, {where}: stabilisation_fr and stabilisation_en "
                               "go together.")
    return MechanicalRow(label.label_fr, label.label_en, fr, en, label.source)


def _label(row, where: str) -> Label:
    at = f"{TOPIC}, {where}"
    return Label(require_text(row, "label_fr", at), require_text(row, "label_en", at),
                 require_text(row, "source", at))


def _texts(row: dict, where: str) -> tuple[str, str, str]:
    at = f"{TOPIC}, {where}"
    return (require_text(row, "text_fr", at), require_text(row, "text_en", at),
            require_text(row, "source", at))


def _codes(row: dict, key: str, where: str) -> frozenset[str] | None:
    value = row.get(key)
    if value is None:
        return None
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v
                                                           for v in value):
        raise ReferentialError(f"{TOPIC}, {where}: {key!r} must be a non-empty list of codes.")
    return frozenset(value)


def _obj(value, where: str) -> dict:
    if not isinstance(value, dict):
        raise ReferentialError(f"{TOPIC}: {where} must be an object.")
    return value


def _rows(data: dict, key: str) -> list:
    value = data.get(key)
    if not isinstance(value, list) or not value:
        raise ReferentialError(f"{TOPIC}: {key!r} must be a non-empty list.")
    return value
