"""The anti-resorptive plan (zoledronic acid or denosumab): whether to start, with what and at
which rhythm, what must be done first, when to reassess, and how to stop denosumab.

Sources: 001 sections 2.2-2.4 and Tableau 2, 000 Questions 7-9, 004, with the README's
conflict decisions. The table is parsed in `antiresorptive_table`, the dose by clearance lives
in `zoledronic`, the denosumab rules in `denosumab`; the parsers and the dose are re-exported
here because TOPIC_MODULES maps both topics to this module.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from scoring.engine import denosumab
from scoring.engine.antiresorptive_checks import prerequisites
from scoring.engine.antiresorptive_table import (
    AgentRule,
    AntiresorptiveTable,
    Interval,
    RhythmRule,
    StartRule,
    add_months,
    parse_antiresorptive,
)
from scoring.engine.facts import Antiresorptive, LesionFacts, PatientFacts
from scoring.engine.results import Missing, Reason, Result
from scoring.engine.zoledronic import (
    ZolDose,
    ZolDoseTable,
    administration_advice,
    parse_zoledronic_acid_dose,
    zoledronic_acid_dose,
)

__all__ = [
    "AgentOption", "AntiresorptivePlan", "ZolDose", "antiresorptive_plan",
    "parse_antiresorptive", "parse_zoledronic_acid_dose", "zoledronic_acid_dose",
]

RULE = "antiresorptive"
OLIGO, MULTI = "oligometastatic", "multimetastatic"


@dataclass(frozen=True)
class AgentOption:
    drug_code: str
    route: str  # "iv", "sc"
    dose_mg: Decimal | None  # None: dose by clearance unknown, or contraindicated
    contraindicated: bool | None  # None: clearance unknown
    interval: Interval | None  # None: rhythm unknown (oligometastatic status missing)
    spaced_interval: Interval | None  # after a complete/good response; None: not allowed
    cautions: tuple[Reason, ...]
    advice: tuple[Reason, ...]


@dataclass(frozen=True)
class AntiresorptivePlan:
    should_start: bool | None  # the indication; None when missing inputs leave it open
    start_reasons: tuple[Reason, ...]
    current: Antiresorptive | None  # the ongoing treatment, if any
    agents: tuple[AgentOption, ...]
    zol_dose: Result
    denosumab_caution: Reason | None
    prerequisites_missing: tuple[Reason, ...]  # what is still to do before starting
    earliest_start_date: date | None  # set while a recent extraction delays the start
    rhythm: str | None  # "oligometastatic", "multimetastatic"
    reassessment_date: date | None
    dental_follow_up_next: date | None
    stopping_denosumab: denosumab.StoppingDenosumab | None
    reasons: tuple[Reason, ...]
    missing: tuple[Missing, ...]


def antiresorptive_plan(patient: PatientFacts, clearance: Result, oligometastatic: bool | None,
                        reference_date: date, table_antiresorptive: AntiresorptiveTable,
                        table_zol_dose: ZolDoseTable, lesions: tuple[LesionFacts, ...] = (),
                        compression_lesion_ids: tuple[str, ...] = ()) -> AntiresorptivePlan:
    """`lesions` and `compression_lesion_ids` (the lesions where the emergency topic detects a
    cord compression) count as skeletal-related events when no dated event was entered."""
    table = table_antiresorptive
    should_start, start_reasons, missing = _start_decision(
        patient, reference_date, table.start,
        _lesion_events(lesions, compression_lesion_ids, table.start))
    current = _current(patient, reference_date)
    if current is not None:
        start_reasons += (_current_reason(current, table),)
        if current.start_date is None:
            missing += (Missing("antiresorptive_start", "date de début de l'anti-résorptif",
                                "start date of the anti-resorptive"),)
    zol = zoledronic_acid_dose(clearance, table_zol_dose)
    rhythm = None if oligometastatic is None else table.rhythms[
        OLIGO if oligometastatic else MULTI]
    if rhythm is None:
        missing += (Missing("oligometastatic", "statut oligométastatique",
                            "oligometastatic status"),)
    todo, earliest = prerequisites(patient, clearance, reference_date, table.prerequisites)
    reassessment = _reassessment_date(current, should_start, reference_date, table)
    dental_next = _dental_follow_up(patient, table)
    stopping = denosumab.stopping_denosumab(patient, zol, reference_date, table.stopping)
    reasons = start_reasons + _rhythm_reasons(rhythm, table) + _date_reasons(
        reassessment, dental_next, reference_date, table) + (stopping.reasons if stopping else ())
    return AntiresorptivePlan(
        should_start=should_start, start_reasons=start_reasons, current=current,
        agents=_agent_options(table, rhythm, zol, clearance, table_zol_dose),
        zol_dose=zol, denosumab_caution=_denosumab_caution(table, clearance),
        prerequisites_missing=todo, earliest_start_date=earliest,
        rhythm=rhythm.code if rhythm else None, reassessment_date=reassessment,
        dental_follow_up_next=dental_next, stopping_denosumab=stopping, reasons=reasons,
        missing=_unique(missing + zol.missing + (stopping.missing if stopping else ())),
    )


def _lesion_events(lesions, compression_lesion_ids, rule: StartRule) -> tuple[Reason, ...]:
    """A pathological fracture recorded on a lesion, a detected cord compression: events."""
    found = rule.lesion_events
    events = [(found.fracture_kind, lesion.id) for lesion in lesions
              if lesion.fracture_status in found.fracture_statuses]
    events += [(found.compression_kind, lesion_id) for lesion_id in compression_lesion_ids]
    reasons = []
    for kind, lesion_id in events:
        label_fr, label_en = rule.event_kinds[kind]
        reasons.append(Reason(
            f"{RULE}.start.lesion_event",
            f"Évènement osseux relevé sur la lésion {lesion_id} ({label_fr}) : anti-résorptif "
            f"indiqué quelle que soit la survie prévisible.",
            f"Skeletal-related event found on lesion {lesion_id} ({label_en}): anti-resorptive "
            f"indicated whatever the expected survival.", found.source))
    return tuple(reasons)


def _start_decision(patient: PatientFacts, reference_date: date, rule: StartRule,
                    lesion_events: tuple[Reason, ...] = ()):
    """After a skeletal-related event: start whatever the survival; otherwise only when the
    life expectancy is above the threshold (ESMO 2020)."""
    events = sorted((e for e in patient.skeletal_events
                     if e.kind in rule.event_kinds and e.occurred_on <= reference_date),
                    key=lambda e: e.occurred_on, reverse=True)
    months = rule.life_expectancy_months
    if events:
        label_fr, label_en = rule.event_kinds[events[0].kind]
        day = events[0].occurred_on.isoformat()
        return True, (Reason(
            f"{RULE}.start.skeletal_event",
            f"Évènement osseux ({label_fr}, {day}) : anti-résorptif indiqué quelle que soit "
            f"la survie prévisible.",
            f"Skeletal-related event ({label_en}, {day}): anti-resorptive indicated whatever "
            f"the expected survival.", rule.event_source),), ()
    if lesion_events:
        return True, lesion_events[:1], ()
    if patient.life_expectancy in rule.above:
        return True, (Reason(
            f"{RULE}.start.life_expectancy",
            f"Espérance de vie estimée supérieure à {months} mois : débuter un anti-résorptif "
            f"dès la découverte des métastases osseuses (ESMO 2020).",
            f"Estimated life expectancy above {months} months: start an anti-resorptive as "
            f"soon as bone metastases are found (ESMO 2020).", rule.source),), ()
    if patient.life_expectancy in rule.below:
        return False, (Reason(
            f"{RULE}.start.short_survival",
            f"Espérance de vie estimée inférieure à {months} mois, sans évènement osseux : "
            f"pas d'indication à débuter un anti-résorptif.",
            f"Estimated life expectancy below {months} months and no skeletal-related event: "
            f"no indication to start an anti-resorptive.", rule.source),), ()
    return None, (), (Missing("life_expectancy", "espérance de vie estimée",
                              "estimated life expectancy"),)


def _current(patient: PatientFacts, reference_date: date) -> Antiresorptive | None:
    ongoing = [r for r in patient.antiresorptives
               if r.end_date is None or r.end_date > reference_date]
    return max(ongoing, key=lambda r: r.start_date or date.min, default=None)


def _current_reason(current: Antiresorptive, table: AntiresorptiveTable) -> Reason:
    agent = _agent(table, current.drug_code)
    name_fr, name_en = (agent.label_fr, agent.label_en) if agent else (current.drug_code,) * 2
    since = current.start_date.isoformat() if current.start_date else "?"
    return Reason(f"{RULE}.current", f"Traitement en cours : {name_fr} depuis le {since}.",
                  f"Ongoing treatment: {name_en} since {since}.",
                  agent.source if agent else table.start.source)


def _agent(table: AntiresorptiveTable, drug_code: str) -> AgentRule | None:
    return next((agent for agent in table.agents if agent.drug_code == drug_code), None)


def _agent_options(table, rhythm: RhythmRule | None, zol: Result, clearance: Result,
                   zol_table: ZolDoseTable) -> tuple[AgentOption, ...]:
    """The agents the rhythm allows (all of them while the rhythm is unknown), each with its
    dose, interval, cautions and administration advice."""
    schedule = {drug: (interval, spaced) for drug, interval, spaced in rhythm.intervals} \
        if rhythm else {agent.drug_code: (None, None) for agent in table.agents}
    options = []
    for agent in table.agents:
        if agent.drug_code not in schedule:
            continue
        interval, spaced = schedule[agent.drug_code]
        if agent.dose_by_clearance:
            dose: ZolDose | None = zol.value
            options.append(AgentOption(
                agent.drug_code, agent.route, dose.dose_mg if dose else None,
                dose.contraindicated if dose else None, interval, spaced,
                zol.reasons if dose and dose.contraindicated else (),
                administration_advice(zol_table)))
        else:
            caution = denosumab.denosumab_caution(clearance, agent.caution_clearance_below,
                                                  agent.source)
            options.append(AgentOption(agent.drug_code, agent.route, agent.dose_mg, False,
                                       interval, spaced, (caution,) if caution else (), ()))
    return tuple(options)


def _denosumab_caution(table: AntiresorptiveTable, clearance: Result) -> Reason | None:
    cautions = (denosumab.denosumab_caution(clearance, agent.caution_clearance_below,
                                            agent.source) for agent in table.agents)
    return next((caution for caution in cautions if caution), None)


def _rhythm_reasons(rhythm: RhythmRule | None, table: AntiresorptiveTable):
    if rhythm is None:
        return ()
    parts_fr, parts_en = [], []
    for drug, interval, spaced in rhythm.intervals:
        agent = _agent(table, drug)
        fr_text, en_text = f"{agent.label_fr} {interval.text('fr')}", \
            f"{agent.label_en} {interval.text('en')}"
        if spaced:
            fr_text += f" (espacement possible {spaced.text('fr')} après bonne réponse)"
            en_text += f" (may be spaced {spaced.text('en')} after a good response)"
        elif len(rhythm.intervals) > 1:
            fr_text, en_text = fr_text + " (sans espacement)", en_text + " (not spaced)"
        parts_fr.append(fr_text)
        parts_en.append(en_text)
    text_fr, text_en = " ou ".join(parts_fr), " or ".join(parts_en)
    if rhythm.duration_months:
        text_fr += f", pendant {rhythm.duration_months} mois puis envisager l'arrêt (avis " \
                   f"spécialisé)"
        text_en += f", for {rhythm.duration_months} months, then consider stopping " \
                   f"(specialist advice)"
    situation = {OLIGO: ("oligométastatique", "Oligometastatic"),
                 MULTI: ("multimétastatique", "Multi-metastatic")}[rhythm.code]
    return (Reason(f"{RULE}.rhythm.{rhythm.code}", f"Situation {situation[0]} : {text_fr}.",
                   f"{situation[1]} disease: {text_en}.", rhythm.source),)


def _reassessment_date(current, should_start, reference_date, table) -> date | None:
    """From the ongoing treatment's start, else from today when it starts now."""
    now = reference_date if should_start else None
    start = current.start_date if current is not None else now
    return add_months(start, table.reassessment.months) if start else None


def _dental_follow_up(patient: PatientFacts, table: AntiresorptiveTable) -> date | None:
    last = max((a.assessed_on for a in patient.dental_assessments), default=None)
    return add_months(last, table.dental_follow_up.months) if last else None


def _date_reasons(reassessment, dental_next, reference_date, table) -> tuple[Reason, ...]:
    reasons = []
    if reassessment:
        months, day = table.reassessment.months, reassessment.isoformat()
        due_fr, due_en = (" (échue)", " (due)") if reassessment <= reference_date else ("", "")
        reasons.append(Reason(
            f"{RULE}.reassessment",
            f"Réévaluation après {months} mois de traitement : le {day}{due_fr} (avis "
            f"spécialisé rhumato-cancérologique, balance bénéfice-risque).",
            f"Reassessment after {months} months of treatment: on {day}{due_en} (specialist "
            f"rheumatology-oncology advice, benefit-risk balance).", table.reassessment.source))
    if dental_next:
        months, day = table.dental_follow_up.months, dental_next.isoformat()
        reasons.append(Reason(
            f"{RULE}.dental_follow_up",
            f"Suivi bucco-dentaire tous les {months} mois : prochain contrôle le {day}.",
            f"Dental follow-up every {months} months: next check on {day}.",
            table.dental_follow_up.source))
    return tuple(reasons)


def _unique(missing: tuple[Missing, ...]) -> tuple[Missing, ...]:
    seen: dict[str, Missing] = {}
    for item in missing:
        seen.setdefault(item.name, item)
    return tuple(seen.values())
