"""What every rule returns: a value, the reasons behind it (with their source) and what is
missing. Plain frozen dataclasses, no Django: the engine runs anywhere, tests need no
database, and `scoring.serialize` turns any result into JSON."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Reason:
    """One rule that applied: its identifier, a sentence in French and English, its source
    (seed file and table or section, or the published paper)."""

    rule_id: str
    text_fr: str
    text_en: str
    source: str

    def text(self, language: str) -> str:
        return self.text_en if language.startswith("en") else self.text_fr


@dataclass(frozen=True)
class Missing:
    """An input the rule needed and did not get: reported, never guessed."""

    name: str
    label_fr: str
    label_en: str

    def label(self, language: str) -> str:
        return self.label_en if language.startswith("en") else self.label_fr


@dataclass(frozen=True)
class Result:
    """A single computed value (such as a clearance) with its reasons and missing inputs."""

    value: object = None
    reasons: tuple[Reason, ...] = field(default_factory=tuple)
    missing: tuple[Missing, ...] = field(default_factory=tuple)

    @property
    def complete(self) -> bool:
        return not self.missing


@dataclass(frozen=True)
class ScoreItem:
    """One item of a score: the item, the finding it read, the points it gave (None when the
    finding is missing).

    `finding` is the vocabulary's code the engine matched (kept for readers of the JSON);
    `finding_fr`/`finding_en` are the words a reader sees (the referential row's label, a
    vertebral level such as "T11", a count), None when the finding is missing. `label_fr`/
    `label_en` name the item alone."""

    name: str
    finding: str | None
    points: int | None
    label_fr: str = ""
    label_en: str = ""
    finding_fr: str | None = None
    finding_en: str | None = None

    def label(self, language: str) -> str:
        return self.label_en if language.startswith("en") else self.label_fr

    def finding_label(self, language: str) -> str | None:
        return self.finding_en if language.startswith("en") else self.finding_fr


@dataclass(frozen=True)
class Score:
    """A points score (Mirels, SINS, Tokuhashi, Tomita...). `total` and `band` are None
    unless every item is known: a partial score is never shown as complete."""

    name: str
    total: int | None
    band: str | None  # the band's code, e.g. "potentially_unstable"
    items: tuple[ScoreItem, ...]
    reasons: tuple[Reason, ...] = field(default_factory=tuple)
    missing: tuple[Missing, ...] = field(default_factory=tuple)
    band_label_fr: str = ""
    band_label_en: str = ""

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def partial_total(self) -> int:
        """Points of the known items only: shown as such, never as the score."""
        return sum(item.points for item in self.items if item.points is not None)


# Decision of an eligibility assessment.
INDICATED = "indicated"  # at least one indication, no absolute contraindication
CONTRAINDICATED = "contraindicated"  # an absolute contraindication is present
NOT_INDICATED = "not_indicated"  # no indication met (and nothing missing could change it)
UNDETERMINED = "undetermined"  # missing inputs could change the decision


@dataclass(frozen=True)
class Eligibility:
    """Whether a treatment fits: what indicates it, what forbids it, what calls for care."""

    treatment: str
    decision: str
    indications: tuple[Reason, ...] = field(default_factory=tuple)
    absolute_contraindications: tuple[Reason, ...] = field(default_factory=tuple)
    relative_contraindications: tuple[Reason, ...] = field(default_factory=tuple)
    warnings: tuple[Reason, ...] = field(default_factory=tuple)
    missing: tuple[Missing, ...] = field(default_factory=tuple)

    @property
    def reasons(self) -> tuple[Reason, ...]:
        return (self.indications + self.absolute_contraindications
                + self.relative_contraindications + self.warnings)


def decide(indications, absolute, missing) -> str:
    """The eligibility decision from what was found: an absolute contraindication wins;
    otherwise an indication makes it indicated; with neither, missing inputs leave it open."""
    if absolute:
        return CONTRAINDICATED
    if indications:
        return INDICATED
    return UNDETERMINED if missing else NOT_INDICATED
