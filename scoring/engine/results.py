"""What every rule returns: a value, the reasons behind it (with their source) and what is
missing. Plain dataclasses, no Django: the engine runs anywhere, tests need no database."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Reason:
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
    value: object = None
    reasons: tuple[Reason, ...] = field(default_factory=tuple)
    missing: tuple[Missing, ...] = field(default_factory=tuple)

    @property
    def complete(self) -> bool:
        return not self.missing
