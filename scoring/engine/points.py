"""What the points scores share (tomita.py, tokuhashi.py): a table of findings and their
points, read from the referential, graded item by item and summed into a band.

Each score module keeps only its own items and wording; the row types (Choice, bands with
points), the grading of one item (Graded, count_item, site_item), the sum (build_score) and
the table parsers are here. bilsky.py and noms_table.py use the text check (require_text) too.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from scoring.engine.bands import Band, find_band, parse_bands
from scoring.engine.referential import ReferentialError
from scoring.engine.results import Missing, Reason, Score, ScoreItem


@dataclass(frozen=True)
class ItemLabel:
    label_fr: str
    label_en: str


@dataclass(frozen=True)
class Choice:
    """One row of a points table: the category, its points and its citation."""

    code: str
    points: int
    label_fr: str
    label_en: str
    source: str


@dataclass(frozen=True)
class NeedsPrecision:
    """A recorded code the table cannot score without more detail ("colorectal")."""

    label_fr: str
    label_en: str
    source: str


@dataclass(frozen=True)
class Graded:
    """One item read from the facts: its ScoreItem, the reason or what is missing."""

    item: ScoreItem
    reason: Reason | None = None
    missing: Missing | None = None

    @classmethod
    def missing_item(cls, name: str, label: ItemLabel, missing: Missing) -> "Graded":
        return cls(ScoreItem(name, None, None, label.label_fr, label.label_en), None, missing)

    @classmethod
    def from_choice(cls, name: str, finding: str, choice: Choice, label: ItemLabel,
                    topic: str, where: str = "") -> "Graded":
        """The finding in the row's words; `where` (a level such as "T11", the same in both
        languages) says which lesion gave it."""
        words_fr = f"{where} : {choice.label_fr}" if where else choice.label_fr
        words_en = f"{where}: {choice.label_en}" if where else choice.label_en
        return cls._graded(name, finding, choice, label, topic, (words_fr, words_en), where)

    @classmethod
    def from_band(cls, name: str, observed: str, band: Band, label: ItemLabel,
                  topic: str) -> "Graded":
        """A measured or counted finding: `observed` is already words ("3", "Karnofsky
        70 %"), shown as it is; the band's label goes in the reason."""
        data = band.data
        if data["points"] is None:  # a value the score does not grade (the table says why)
            return cls.missing_item(name, label, Missing(name, data["missing_fr"],
                                                         data["missing_en"]))
        choice = Choice(band.code, data["points"], data["label_fr"], data["label_en"],
                        band.source)
        return cls._graded(name, observed, choice, label, topic, (observed, observed), observed)

    @classmethod
    def _graded(cls, name: str, finding: str, choice: Choice, label: ItemLabel, topic: str,
                words: tuple[str, str], observed: str) -> "Graded":
        """"<item>: <observed> → <row>: n points", or "<item>: <row>: n points" when the row
        is all there is to say: words only, never the finding's code."""
        seen = f"{observed} → " if observed else ""
        reason = Reason(
            rule_id=f"{topic}.{name}",
            text_fr=f"{label.label_fr} : {seen}{choice.label_fr} : "
                    f"{choice.points} point{'s' if choice.points > 1 else ''}.",
            text_en=f"{label.label_en}: {seen}{choice.label_en}: "
                    f"{choice.points} point{'' if choice.points == 1 else 's'}.",
            source=choice.source,
        )
        item = ScoreItem(name, finding, choice.points, label.label_fr, label.label_en, *words)
        return cls(item, reason)


def count_item(name: str, count: int | None, bands: tuple[Band, ...], label: ItemLabel,
               missing: Missing, topic: str) -> Graded:
    if count is None:
        return Graded.missing_item(name, label, missing)
    return Graded.from_band(name, str(count), find_band(bands, Decimal(count)), label, topic)


def site_item(name: str, site: str | None, choices: Mapping[str, Choice],
              needs_precision: Mapping[str, NeedsPrecision], label: ItemLabel,
              topic: str) -> Graded:
    """The primary site's points; a code the table cannot place is missing, never guessed."""
    if site is None:
        missing = Missing("primary_site", "site du cancer primitif", "primary cancer site")
    elif site in needs_precision:
        entry = needs_precision[site]
        missing = Missing("primary_site", entry.label_fr, entry.label_en)
    elif site in choices:
        return Graded.from_choice(name, site, choices[site], label, topic)
    else:
        missing = Missing("primary_site",
                          f"primitif « {site} » absent de la table : à préciser par la RCP",
                          f"primary « {site} » is not in the table: the panel must state it")
    return Graded.missing_item(name, label, missing)


@dataclass(frozen=True)
class TotalWording:
    """How a score's total sentence names the score and the paper's advice for the band
    (the band's treatment_fr/treatment_en)."""

    score_fr: str  # "Score de Tomita"
    score_en: str  # "Tomita score"
    advice_fr: str  # "stratégie proposée par l'article"
    advice_en: str  # "strategy given by the paper"

    def texts(self, total: int, maximum: int, band: Band) -> tuple[str, str]:
        data = band.data
        return (
            f"{self.score_fr} : {total}/{maximum} → {data['label_fr']} ; {self.advice_fr} : "
            f"{data['treatment_fr']}.",
            f"{self.score_en}: {total}/{maximum} → {data['label_en']}; {self.advice_en}: "
            f"{data['treatment_en']}.",
        )


def build_score(name: str, graded: tuple[Graded, ...], bands: tuple[Band, ...],
                total_max: int, wording: TotalWording) -> Score:
    """Sum the items; total and band only when none is missing (partial_total otherwise)."""
    items = tuple(g.item for g in graded)
    reasons = [g.reason for g in graded if g.reason is not None]
    missing = tuple(g.missing for g in graded if g.missing is not None)
    if missing:
        return Score(name, None, None, items, tuple(reasons), missing)
    total = sum(item.points for item in items)
    band = find_band(bands, Decimal(total))
    text_fr, text_en = wording.texts(total, total_max, band)
    reasons.append(Reason(f"{name}.total", text_fr, text_en, band.source))
    return Score(name, total, band.code, items, tuple(reasons), (),
                 band.data["label_fr"], band.data["label_en"])


def require_text(data: dict, key: str, where: str) -> str:
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, str) or not value.strip():
        raise ReferentialError(f"{where}: {key!r} must be a non-empty text.")
    return value


def require_int(data: dict, key: str, where: str) -> int:
    value = data.get(key)
    if not isinstance(value, int) or isinstance(value, bool):
        raise ReferentialError(f"{where}: {key!r} must be an integer.")
    return value


def parse_item_label(data: dict, where: str) -> ItemLabel:
    return ItemLabel(require_text(data, "label_fr", where), require_text(data, "label_en", where))


def parse_choice_rows(rows, where: str, key: str) -> dict[str, Choice]:
    """Rows {"code", "points", "label_fr", "label_en", "source", key: [codes]} -> code: Choice;
    a code listed twice is refused."""
    if not isinstance(rows, list) or not rows:
        raise ReferentialError(f"{where}: the table has no row.")
    choices: dict[str, Choice] = {}
    for index, row in enumerate(rows, 1):
        at = f"{where}, row {index}"
        choice = Choice(require_text(row, "code", at), _points(row.get("points"), at),
                        require_text(row, "label_fr", at), require_text(row, "label_en", at),
                        require_text(row, "source", at))
        codes = row.get(key)
        if not isinstance(codes, list) or not all(isinstance(c, str) and c for c in codes):
            raise ReferentialError(f"{at}: {key!r} must be a list of codes.")
        for code in codes:
            if code in choices:
                raise ReferentialError(f"{at}: {code!r} is listed twice.")
            choices[code] = choice
    if not choices:
        raise ReferentialError(f"{where}: no row lists any {key!r}.")
    return choices


def parse_needs_precision(data, where: str) -> dict[str, NeedsPrecision]:
    if not isinstance(data, dict):
        raise ReferentialError(f"{where}: 'needs_precision' must be an object.")
    return {code: NeedsPrecision(require_text(row, "label_fr", f"{where}, {code}"),
                                 require_text(row, "label_en", f"{where}, {code}"),
                                 require_text(row, "source", f"{where}, {code}"))
            for code, row in data.items()}


def parse_point_bands(rows, where: str) -> tuple[Band, ...]:
    """Bands of a counted or measured item; points None marks values the score does not grade
    (with the sentence saying why)."""
    if not isinstance(rows, list):
        raise ReferentialError(f"{where}: the bands must be a list.")
    bands = parse_bands(rows, where)
    for band in bands:
        at = f"{where}, band {band.code!r}"
        points = band.data.get("points")
        keys = ("label_fr", "label_en") if points is not None else ("missing_fr", "missing_en")
        if points is not None:
            _points(points, at)
        for key in keys:
            require_text(band.data, key, at)
    if all(band.data.get("points") is None for band in bands):
        raise ReferentialError(f"{where}: no band gives points.")
    return bands


def parse_total_bands(rows, where: str) -> tuple[Band, ...]:
    if not isinstance(rows, list):
        raise ReferentialError(f"{where}: the bands must be a list.")
    bands = parse_bands(rows, where)
    for band in bands:
        for key in ("label_fr", "label_en", "treatment_fr", "treatment_en"):
            require_text(band.data, key, f"{where}, band {band.code!r}")
    return bands


def require_total_range(groups, total_min: int, total_max: int, topic: str) -> None:
    """The items' lowest and highest points must add up to the range the paper states."""
    lows, highs = 0, 0
    for group in groups:
        points = ([b.data["points"] for b in group if b.data.get("points") is not None]
                  if isinstance(group, tuple) else [c.points for c in group.values()])
        lows, highs = lows + min(points), highs + max(points)
    if (lows, highs) != (total_min, total_max):
        raise ReferentialError(f"{topic}: the items add up to {lows}-{highs}, not the stated "
                               f"{total_min}-{total_max}.")


def _points(value, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ReferentialError(f"{where}: points must be a non-negative integer.")
    return value
