"""The `antiresorptive` referential table: when to start, agents, rhythms, reassessment,
checks before starting, dental follow-up and stopping denosumab (001 2.2-2.4, 000 Questions
7-9, 004, with the README's conflict decisions). Parsed and validated here, so the plan
(`scoring.engine.antiresorptive`) only meets checked numbers, each with its source.
"""

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from scoring.engine.referential import ReferentialError

TOPIC = "antiresorptive"
INTERVAL_TEXTS = {  # unit -> (French, English) templates
    "weeks": ("toutes les {n} semaines", "every {n} weeks"),
    "months": ("tous les {n} mois", "every {n} months"),
}
PREREQUISITE_SOURCES = ("vitamin_d", "calcium", "renal", "dental", "extraction")


@dataclass(frozen=True)
class Interval:
    every: int
    unit: str  # "weeks" or "months"

    def text(self, language: str) -> str:
        french, english = INTERVAL_TEXTS[self.unit]
        return (english if language.startswith("en") else french).format(n=self.every)


@dataclass(frozen=True)
class LesionEvents:
    """Events read from the lesions when no dated event was entered: a pathological fracture
    recorded on a lesion, a cord compression the emergency topic detects."""

    fracture_statuses: frozenset[str]
    fracture_kind: str
    compression_kind: str
    source: str


@dataclass(frozen=True)
class StartRule:
    life_expectancy_months: int
    above: frozenset[str]  # life-expectancy codes above the threshold
    below: frozenset[str]
    source: str
    event_kinds: dict[str, tuple[str, str]]  # skeletal events that count -> (label fr, en)
    event_source: str
    lesion_events: LesionEvents


@dataclass(frozen=True)
class AgentRule:
    drug_code: str
    label_fr: str
    label_en: str
    route: str  # "iv", "sc"
    dose_mg: Decimal | None  # None when the dose is read from the clearance
    dose_by_clearance: bool
    caution_clearance_below: Decimal | None
    source: str


@dataclass(frozen=True)
class RhythmRule:
    code: str  # "oligometastatic", "multimetastatic"
    intervals: tuple[tuple[str, Interval, Interval | None], ...]  # (drug, interval, spaced)
    duration_months: int | None
    source: str


@dataclass(frozen=True)
class PrerequisiteRule:
    vitamin_d_min_ng_ml: Decimal  # at or above: no correction needed first
    dental_ready_results: frozenset[str]
    dental_care_needed_results: frozenset[str]
    dental_panoramic_required: bool
    extraction_min_wait_days: int
    sources: dict[str, str]  # one per check, see PREREQUISITE_SOURCES


@dataclass(frozen=True)
class Delay:
    months: int
    source: str


@dataclass(frozen=True)
class StoppingRule:
    drug_code: str  # the drug being stopped
    relay_drug_code: str  # the drug given afterwards
    first_relay_after_months: int
    source: str


@dataclass(frozen=True)
class AntiresorptiveTable:
    start: StartRule
    agents: tuple[AgentRule, ...]
    rhythms: dict[str, RhythmRule]
    reassessment: Delay
    prerequisites: PrerequisiteRule
    dental_follow_up: Delay
    stopping: StoppingRule


def parse_antiresorptive(data: dict) -> AntiresorptiveTable:
    start, events = _section(data, "start"), _section(data, "skeletal_events")
    start_rule = StartRule(
        life_expectancy_months=_whole(start, "life_expectancy_months", "start"),
        above=_codes(start, "life_expectancy_above", "start"),
        below=_codes(start, "life_expectancy_below", "start"),
        source=start["source"],
        event_kinds=_labelled_kinds(events),
        event_source=events["source"],
        lesion_events=_lesion_events(events),
    )
    if start_rule.above & start_rule.below:
        raise ReferentialError(f"{TOPIC}, start: a life-expectancy code is above and below.")
    agents = tuple(_agent(row, index) for index, row in enumerate(data.get("agents") or []))
    if not agents:
        raise ReferentialError(f"{TOPIC}: the table lists no agent.")
    return AntiresorptiveTable(
        start=start_rule,
        agents=agents,
        rhythms=_rhythms(data.get("rhythms") or [], {agent.drug_code for agent in agents}),
        reassessment=_delay(data, "reassessment", "after_months"),
        prerequisites=_prerequisites(_section(data, "prerequisites", PREREQUISITE_SOURCES)),
        dental_follow_up=_delay(data, "dental_follow_up", "every_months"),
        stopping=_stopping(_section(data, "stopping_denosumab")),
    )


def _section(data: dict, key: str, sources=("",)) -> dict:
    section = data.get(key)
    if not isinstance(section, dict):
        raise ReferentialError(f"{TOPIC}: the {key!r} section is missing.")
    for prefix in sources:
        if not section.get(f"{prefix}_source" if prefix else "source"):
            raise ReferentialError(f"{TOPIC}, {key}: every rule must cite its source "
                                   f"({prefix or key}).")
    return section


def _whole(row: dict, key: str, where: str, minimum: int = 0) -> int:
    value = row.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ReferentialError(f"{TOPIC}, {where}: {key} must be a whole number ≥ {minimum}.")
    return value


def _positive(row: dict, key: str, where: str) -> Decimal:
    value = row.get(key)
    try:
        number = None if isinstance(value, bool) or value is None else Decimal(str(value))
    except ArithmeticError:
        number = None
    if number is None or not number.is_finite() or number <= 0:
        raise ReferentialError(f"{TOPIC}, {where}: {key} must be a positive number.")
    return number


def _codes(section: dict, key: str, where: str) -> frozenset[str]:
    codes = section.get(key)
    if not isinstance(codes, list) or not codes or not all(isinstance(c, str) for c in codes):
        raise ReferentialError(f"{TOPIC}, {where}: {key} must be a non-empty list of codes.")
    return frozenset(codes)


def _labelled_kinds(section: dict) -> dict[str, tuple[str, str]]:
    rows = section.get("kinds")
    if not isinstance(rows, list) or not rows or not all(
            isinstance(row, dict) and row.get("code") and row.get("label_fr")
            and row.get("label_en") for row in rows):
        raise ReferentialError(f"{TOPIC}, skeletal_events: kinds must be a non-empty list of "
                               f"{{code, label_fr, label_en}}.")
    return {row["code"]: (row["label_fr"], row["label_en"]) for row in rows}


def _lesion_events(events: dict) -> LesionEvents:
    section = _section(events, "from_lesions")
    kinds = _labelled_kinds(events)
    for key in ("fracture_kind", "compression_kind"):
        if section.get(key) not in kinds:
            raise ReferentialError(f"{TOPIC}, skeletal_events, from_lesions: {key} must be one "
                                   f"of the kinds ({', '.join(kinds)}).")
    return LesionEvents(
        fracture_statuses=_codes(section, "fracture_statuses", "skeletal_events, from_lesions"),
        fracture_kind=section["fracture_kind"], compression_kind=section["compression_kind"],
        source=section["source"])


def _delay(data: dict, key: str, months_key: str) -> Delay:
    section = _section(data, key)
    return Delay(months=_whole(section, months_key, key, 1), source=section["source"])


def _agent(row: dict, index: int) -> AgentRule:
    where = f"agents, row {index + 1}"
    if not all(row.get(key) for key in ("source", "drug_code", "label_fr", "label_en", "route")):
        raise ReferentialError(f"{TOPIC}, {where}: drug_code, labels, route and source are "
                               f"required.")
    by_clearance = bool(row.get("dose_by_clearance"))
    if by_clearance == (row.get("dose_mg") is not None):
        raise ReferentialError(f"{TOPIC}, {where}: give either dose_mg or dose_by_clearance.")
    caution = row.get("caution_clearance_below")
    return AgentRule(
        drug_code=row["drug_code"], label_fr=row["label_fr"], label_en=row["label_en"],
        route=row["route"],
        dose_mg=None if by_clearance else _positive(row, "dose_mg", where),
        dose_by_clearance=by_clearance,
        caution_clearance_below=None if caution is None else _positive(
            row, "caution_clearance_below", where),
        source=row["source"],
    )


def _rhythms(rows: list, drugs: set[str]) -> dict[str, RhythmRule]:
    rhythms = {}
    for row in rows:
        where = f"rhythms, {row.get('code')!r}"
        if not row.get("code") or not row.get("source") or not row.get("agents"):
            raise ReferentialError(f"{TOPIC}, {where}: code, agents and source are required.")
        duration = row.get("duration_months")
        intervals = tuple(_rhythm_agent(agent, drugs, where) for agent in row["agents"])
        rhythms[row["code"]] = RhythmRule(
            code=row["code"], intervals=intervals, source=row["source"],
            duration_months=None if duration is None else _whole(
                row, "duration_months", where, 1),
        )
    for code in ("oligometastatic", "multimetastatic"):
        if code not in rhythms:
            raise ReferentialError(f"{TOPIC}: the {code!r} rhythm is missing.")
    return rhythms


def _rhythm_agent(agent: dict, drugs: set[str], where: str):
    if agent.get("drug_code") not in drugs:
        raise ReferentialError(f"{TOPIC}, {where}: {agent.get('drug_code')!r} is not an agent.")
    spaced = None
    if agent.get("spaced_every") is not None or agent.get("spaced_unit") is not None:
        spaced = _interval(agent, "spaced_every", "spaced_unit", where)
    return agent["drug_code"], _interval(agent, "every", "unit", where), spaced


def _interval(agent: dict, every_key: str, unit_key: str, where: str) -> Interval:
    if agent.get(unit_key) not in INTERVAL_TEXTS:
        raise ReferentialError(f"{TOPIC}, {where}: {unit_key} must be one of "
                               f"{', '.join(INTERVAL_TEXTS)}.")
    return Interval(_whole(agent, every_key, where, 1), agent[unit_key])


def _prerequisites(section: dict) -> PrerequisiteRule:
    where = "prerequisites"
    return PrerequisiteRule(
        vitamin_d_min_ng_ml=_positive(section, "vitamin_d_min_ng_ml", where),
        dental_ready_results=_codes(section, "dental_ready_results", where),
        dental_care_needed_results=_codes(section, "dental_care_needed_results", where),
        dental_panoramic_required=bool(section.get("dental_panoramic_required")),
        extraction_min_wait_days=_whole(section, "extraction_min_wait_days", where),
        sources={name: section[f"{name}_source"] for name in PREREQUISITE_SOURCES},
    )


def _stopping(section: dict) -> StoppingRule:
    where = "stopping_denosumab"
    if not section.get("drug_code") or not section.get("relay_drug_code"):
        raise ReferentialError(f"{TOPIC}, {where}: drug_code and relay_drug_code are required.")
    return StoppingRule(
        drug_code=section["drug_code"], relay_drug_code=section["relay_drug_code"],
        first_relay_after_months=_whole(section, "first_zol_after_months", where),
        source=section["source"],
    )


def add_months(day: date, months: int) -> date:
    """Same day `months` later, or the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
