"""The referential snapshot the engine reads: every clinical number and list, by topic.

A referential document is plain data (JSON): a name, an edition, a version, the source
documents, and one table per topic. Each topic's module parses and validates its own table
(`parse_<topic>(data) -> table`), so a bad table is refused with a message naming the topic
and row, and the engine never meets an unvalidated number.
"""

import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field


class ReferentialError(ValueError):
    """A referential table is missing, malformed, or fails its validation."""


# topic -> module with `parse_<topic>(data: dict)`; imported lazily so a document needs only
# the topics it holds.
TOPIC_MODULES = {
    "cockcroft_gault": "scoring.engine.renal",
    "mirels": "scoring.engine.mirels",
    "sins": "scoring.engine.sins",
    "surgical_opinion": "scoring.engine.surgical",
    "cementoplasty": "scoring.engine.cementoplasty",
    "thermal_ablation": "scoring.engine.ablation",
    "radiotherapy": "scoring.engine.radiotherapy",
    "radiosensitisation": "scoring.engine.radiosensitisation",
    "follow_up": "scoring.engine.follow_up",
    "antiresorptive": "scoring.engine.antiresorptive",
    "zoledronic_acid_dose": "scoring.engine.antiresorptive",
    "vitamin_d": "scoring.engine.vitamin_d",
    "haemorrhagic_risk": "scoring.engine.haemorrhagic",
    "oligometastatic": "scoring.engine.oligometastatic",
    "emergency": "scoring.engine.emergency",
    "tokuhashi": "scoring.engine.tokuhashi",
    "tomita": "scoring.engine.tomita",
    "bilsky": "scoring.engine.bilsky",
    "noms": "scoring.engine.noms",
}


@dataclass(frozen=True)
class Referential:
    name: str
    edition: str
    version: str
    effective_date: str | None
    sources: tuple[dict, ...] = field(default_factory=tuple)
    tables: Mapping[str, object] = field(default_factory=dict)

    def __getitem__(self, topic: str):
        try:
            return self.tables[topic]
        except KeyError:
            raise ReferentialError(
                f"The referential {self.version} has no table {topic!r}."
            ) from None

    @property
    def label(self) -> str:
        return f"{self.name} — {self.edition} (v{self.version})"


def build_referential(document: dict) -> Referential:
    """Parse and validate every table of a referential document."""
    for key in ("name", "edition", "version", "tables"):
        if key not in document:
            raise ReferentialError(f"The referential document has no {key!r}.")
    tables = {}
    for topic, data in document["tables"].items():
        if topic not in TOPIC_MODULES:
            raise ReferentialError(f"Unknown referential topic {topic!r}.")
        module = importlib.import_module(TOPIC_MODULES[topic])
        tables[topic] = getattr(module, f"parse_{topic}")(data)
    return Referential(
        name=document["name"],
        edition=document["edition"],
        version=str(document["version"]),
        effective_date=document.get("effective_date"),
        sources=tuple(document.get("sources", ())),
        tables=tables,
    )
