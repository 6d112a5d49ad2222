"""Whether a lesion calls for a surgeon's opinion: a Mirels or SINS band, a neurological
deficit, an unstable fracture (000 Tableaux 3-4 and Question 13, 004; Fisher CG et al. Spine
2010;35:E1221-9).

Each trigger comes from the referential with its level: "recommended" (ask for the opinion)
or "to_discuss" (the meeting weighs it: SINS potentially unstable, Mirels intermediate).
A trigger present recommends the opinion even when other inputs are missing; otherwise a
missing input leaves the answer undetermined (None), never "no".
"""

from dataclasses import dataclass, field

from scoring.engine.facts import LesionFacts
from scoring.engine.referential import ReferentialError
from scoring.engine.results import Missing, Reason, Score

TOPIC = "surgical_opinion"
RULE_ID = "surgical_opinion"
RECOMMENDED, TO_DISCUSS = "recommended", "to_discuss"
LEVELS = (RECOMMENDED, TO_DISCUSS)
KINDS = ("mirels_band", "sins_band", "neurological_deficit", "fracture_status",
         "cord_compression")
COMPRESSION_PRESENT = "present"  # the cord_compression trigger's code
_LEVEL_TEXT = {
    RECOMMENDED: ("avis chirurgical recommandé", "surgical opinion recommended"),
    TO_DISCUSS: ("avis chirurgical à discuter", "surgical opinion to be discussed"),
}
MISSING_NEUROLOGY = Missing("neurological_deficit", "état neurologique", "neurological status")
MISSING_FRACTURE = Missing("fracture_status", "statut fracturaire", "fracture status")


@dataclass(frozen=True)
class Trigger:
    kind: str
    code: str  # a band code (mirels, sins) or a lesion choice (deficit, fracture status)
    level: str
    label_fr: str
    label_en: str
    source: str


@dataclass(frozen=True)
class SurgicalOpinionTable:
    source: str
    triggers: dict[str, dict[str, Trigger]]  # kind -> code -> trigger

    def find(self, kind: str, code: str | None) -> Trigger | None:
        return self.triggers[kind].get(code) if code is not None else None


@dataclass(frozen=True)
class SurgicalOpinion:
    """`recommended`: True when a trigger asks for the opinion, False when nothing does and
    nothing is missing, None when a missing input could still ask for it. `reasons` explain
    that answer; `to_discuss` lists the findings the meeting should weigh."""

    recommended: bool | None
    reasons: tuple[Reason, ...] = field(default_factory=tuple)
    to_discuss: tuple[Reason, ...] = field(default_factory=tuple)
    missing: tuple[Missing, ...] = field(default_factory=tuple)

    @property
    def discuss(self) -> bool:
        return bool(self.to_discuss)


def parse_surgical_opinion(data: dict) -> SurgicalOpinionTable:
    if not isinstance(data.get("source"), str) or not data["source"].strip():
        raise ReferentialError(f"{TOPIC}: the table must cite its source.")
    triggers = data.get("triggers")
    if not isinstance(triggers, dict) or set(triggers) != set(KINDS):
        raise ReferentialError(f"{TOPIC}: the triggers must be exactly {', '.join(KINDS)}.")
    parsed = {}
    for kind in KINDS:
        rows = triggers[kind]
        if not isinstance(rows, list):
            raise ReferentialError(f"{TOPIC}, {kind}: a list of rows is expected.")
        parsed[kind] = {}
        for index, row in enumerate(rows):
            trigger = _parse_trigger(kind, row, f"{TOPIC}, {kind}, row {index + 1}")
            if trigger.code in parsed[kind]:
                raise ReferentialError(f"{TOPIC}, {kind}: {trigger.code!r} is listed twice.")
            parsed[kind][trigger.code] = trigger
    return SurgicalOpinionTable(source=data["source"], triggers=parsed)


def _parse_trigger(kind: str, row: dict, where: str) -> Trigger:
    if not isinstance(row, dict):
        raise ReferentialError(f"{where}: a row must be an object.")
    for key in ("code", "label_fr", "label_en"):
        if not isinstance(row.get(key), str) or not row[key].strip():
            raise ReferentialError(f"{where}: {key!r} is missing.")
    if not isinstance(row.get("source"), str) or not row["source"].strip():
        raise ReferentialError(f"{where}: every row must cite its source.")
    if row.get("level") not in LEVELS:
        raise ReferentialError(f"{where}: the level must be one of {', '.join(LEVELS)}.")
    return Trigger(kind=kind, code=row["code"], level=row["level"], label_fr=row["label_fr"],
                   label_en=row["label_en"], source=row["source"])


def surgical_opinion(lesion: LesionFacts, mirels: Score | None, sins: Score | None,
                     table: SurgicalOpinionTable, compression: bool = False) -> SurgicalOpinion:
    """Read every trigger of the lesion; a score that does not apply (None) is not missing.

    `compression`: the emergency topic detected a cord or cauda equina compression at this
    lesion (emergency.spinal_cord_compression), which calls for a decompression opinion."""
    found: list[Reason] = []
    discuss: list[Reason] = []
    missing: list[Missing] = []
    for kind, score in (("mirels_band", mirels), ("sins_band", sins)):
        if score is None:
            continue
        if not score.complete:
            missing.extend(_score_missing(score))
        _apply(table.find(kind, score.band), _score_subject(score), found, discuss)
    for kind, code, absent in (
        ("neurological_deficit", lesion.neurological_deficit, MISSING_NEUROLOGY),
        ("fracture_status", lesion.fracture_status, MISSING_FRACTURE),
    ):
        if code is None:
            missing.append(absent)
        trigger = table.find(kind, code)
        _apply(trigger, (trigger.label_fr, trigger.label_en) if trigger else None, found, discuss)
    if compression:
        trigger = table.find("cord_compression", COMPRESSION_PRESENT)
        _apply(trigger, (trigger.label_fr, trigger.label_en) if trigger else None, found, discuss)
    if found:
        return SurgicalOpinion(True, tuple(found), tuple(discuss), tuple(missing))
    if missing:
        return SurgicalOpinion(None, (), tuple(discuss), tuple(missing))
    checked = [kind for kind, score in (("mirels_band", mirels), ("sins_band", sins))
               if score is not None] + ["neurological_deficit", "fracture_status"]
    return SurgicalOpinion(False, (_no_criterion(table, checked),), tuple(discuss), ())


def _apply(trigger: Trigger | None, subject: tuple[str, str] | None, found: list[Reason],
           discuss: list[Reason]) -> None:
    if trigger is None or subject is None:
        return
    level_fr, level_en = _LEVEL_TEXT[trigger.level]
    reason = Reason(rule_id=f"{RULE_ID}.{trigger.kind}.{trigger.code}", source=trigger.source,
                    text_fr=f"{_upper_first(subject[0])} : {level_fr}.",
                    text_en=f"{_upper_first(subject[1])}: {level_en}.")
    (found if trigger.level == RECOMMENDED else discuss).append(reason)


def _score_subject(score: Score) -> tuple[str, str] | None:
    """'SINS 14 (unstable)': the score as the reason names it; None when incomplete."""
    if score.total is None:
        return None
    return (f"{score.name} {score.total} ({score.band_label_fr})",
            f"{score.name} {score.total} ({score.band_label_en})")


def _score_missing(score: Score) -> list[Missing]:
    return [Missing(f"{score.name.lower()}.{m.name}", f"{m.label_fr} ({score.name})",
                    f"{m.label_en} ({score.name})") for m in score.missing]


def _no_criterion(table: SurgicalOpinionTable, kinds: list[str]) -> Reason:
    """Name the criteria that were checked for this lesion, as the referential states them."""
    checked = [t for kind in kinds for t in table.triggers[kind].values()
               if t.level == RECOMMENDED]
    return Reason(
        rule_id=f"{RULE_ID}.none", source=table.source,
        text_fr="Aucun critère d'avis chirurgical (" + ", ".join(t.label_fr for t in checked)
                + ").",
        text_en="No criterion for a surgical opinion (" + ", ".join(t.label_en for t in checked)
                + ").",
    )


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]
