"""Numeric bands read from the referential (clearance -> dose, vitamin D -> scheme...).

Every bound says whether it is inclusive, because the texts leave it open ("is 60 mL/min in
50-60 or in > 60?"): the referential decides and the tests pin it. `check_bands` refuses
tables with gaps or overlaps, so a value always falls in exactly one band.
"""

from dataclasses import dataclass
from decimal import Decimal

from scoring.engine.referential import ReferentialError


@dataclass(frozen=True)
class Band:
    lower: Decimal | None  # None: no lower bound
    lower_inclusive: bool
    upper: Decimal | None  # None: no upper bound
    upper_inclusive: bool
    code: str
    source: str
    data: dict  # what the band gives (a dose, a scheme...), as the referential states it

    def contains(self, value: Decimal) -> bool:
        if self.lower is not None and (
            value < self.lower or (value == self.lower and not self.lower_inclusive)
        ):
            return False
        return not (self.upper is not None and (
            value > self.upper or (value == self.upper and not self.upper_inclusive)
        ))

    def describe(self, unit: str = "") -> str:
        """'[50, 60)'-style text, e.g. '≥ 50 and < 60 mL/min'."""
        parts = []
        if self.lower is not None:
            parts.append(f"{'≥' if self.lower_inclusive else '>'} {self.lower}")
        if self.upper is not None:
            parts.append(f"{'≤' if self.upper_inclusive else '<'} {self.upper}")
        return " ; ".join(parts) + (f" {unit}" if unit else "")


def parse_bands(rows: list[dict], topic: str) -> tuple[Band, ...]:
    """Bands from referential rows: {"lower", "lower_inclusive", "upper", "upper_inclusive",
    "code", "source", ...anything else goes to `data`}."""
    bands = []
    for index, row in enumerate(rows):
        where = f"{topic}, row {index + 1}"
        if not row.get("source"):
            raise ReferentialError(f"{where}: every row must cite its source.")
        data = {k: v for k, v in row.items() if k not in _BAND_KEYS}
        bands.append(Band(
            lower=_decimal(row.get("lower"), where),
            lower_inclusive=bool(row.get("lower_inclusive", True)),
            upper=_decimal(row.get("upper"), where),
            upper_inclusive=bool(row.get("upper_inclusive", False)),
            code=str(row.get("code", "")),
            source=row["source"],
            data=data,
        ))
    check_bands(bands, topic)
    return tuple(bands)


def find_band(bands: tuple[Band, ...], value: Decimal) -> Band:
    for band in bands:
        if band.contains(value):
            return band
    raise ReferentialError(f"No band contains {value}.")  # check_bands makes this unreachable


def check_bands(bands: list[Band], topic: str) -> None:
    """Sorted by lower bound, the bands must cover the whole line without gap or overlap."""
    if not bands:
        raise ReferentialError(f"{topic}: the table has no band.")
    ordered = sorted(bands, key=lambda b: (b.lower is not None, b.lower or Decimal(0)))
    if ordered[0].lower is not None:
        raise ReferentialError(f"{topic}: no band covers values below {ordered[0].lower}.")
    if ordered[-1].upper is not None:
        raise ReferentialError(f"{topic}: no band covers values above {ordered[-1].upper}.")
    for before, after in zip(ordered, ordered[1:], strict=False):
        if before.upper is None or after.lower is None or before.upper != after.lower:
            raise ReferentialError(
                f"{topic}: bands {before.code!r} and {after.code!r} leave a gap or overlap."
            )
        if before.upper_inclusive == after.lower_inclusive:
            raise ReferentialError(
                f"{topic}: the bound {before.upper} belongs to both or neither of "
                f"{before.code!r} and {after.code!r}."
            )


_BAND_KEYS = {"lower", "lower_inclusive", "upper", "upper_inclusive", "code", "source"}


def _decimal(value, where: str) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except ArithmeticError:
        raise ReferentialError(f"{where}: {value!r} is not a number.") from None
