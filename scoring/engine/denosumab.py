"""Denosumab: the caution in severe renal failure and the relay by zoledronic acid when it is
stopped (no inertia: bone remodelling rebounds).

Stopping (README conflict decision): one or more zoledronic acid infusions (001, later), the
first by default 3 months after the last denosumab injection (000); when the clearance makes
zoledronic acid contraindicated the relay is impossible, and that is flagged.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from scoring.engine.antiresorptive_table import StoppingRule, add_months
from scoring.engine.facts import Antiresorptive, PatientFacts
from scoring.engine.results import Missing, Reason, Result
from scoring.engine.zoledronic import fr


@dataclass(frozen=True)
class StoppingDenosumab:
    """The relay advice: `relay_possible` is False (flagged) when zoledronic acid is
    contraindicated, None when the clearance is unknown."""

    last_injection_date: date | None
    first_relay_date: date | None
    relay_possible: bool | None
    reasons: tuple[Reason, ...]
    missing: tuple[Missing, ...]

    @property
    def flagged(self) -> bool:
        return self.relay_possible is False


def stopping_denosumab(patient: PatientFacts, zol_dose: Result, reference_date: date,
                       rule: StoppingRule) -> StoppingDenosumab | None:
    """The relay advice when the patient is (or was, without relay yet) on denosumab."""
    record = _record_to_relay(patient, rule, reference_date)
    if record is None:
        return None
    last = record.last_injection_date
    first = add_months(last, rule.first_relay_after_months) if last else None
    return _stopping_advice(record, first, zol_dose, rule)


def _record_to_relay(patient: PatientFacts, rule: StoppingRule,
                     reference_date: date) -> Antiresorptive | None:
    """The denosumab treatment that calls for a relay: ongoing, or stopped with no relay drug
    started since."""
    records = [r for r in patient.antiresorptives if r.drug_code == rule.drug_code]
    if not records:
        return None
    record = max(records, key=lambda r: r.last_injection_date or r.start_date or date.min)
    if record.end_date is None or record.end_date > reference_date:
        return record
    relayed = any(
        r.drug_code == rule.relay_drug_code and r.start_date and r.start_date >= record.end_date
        for r in patient.antiresorptives
    )
    return None if relayed else record


def _stopping_advice(record: Antiresorptive, first_relay_date: date | None, zol_dose: Result,
                     rule: StoppingRule) -> StoppingDenosumab:
    missing = ()
    if record.last_injection_date is None:
        missing = (Missing("denosumab_last_injection", "date de la dernière injection de "
                           "dénosumab", "date of the last denosumab injection"),)
    when_fr = f"le {first_relay_date.isoformat()}" if first_relay_date else "date à préciser"
    when_en = f"on {first_relay_date.isoformat()}" if first_relay_date else "date to be set"
    months = rule.first_relay_after_months
    reasons = [Reason(
        rule_id="antiresorptive.denosumab.stopping",
        text_fr=(f"À l'arrêt du dénosumab (effet rebond) : une ou plusieurs perfusions d'acide "
                 f"zolédronique, la première {months} mois après la dernière injection "
                 f"({when_fr}) ; avis onco-rhumatologique, surveillance des CTX."),
        text_en=(f"When denosumab is stopped (rebound): one or more zoledronic acid infusions, "
                 f"the first {months} months after the last injection ({when_en}); "
                 f"onco-rheumatology advice, CTX monitoring."),
        source=rule.source,
    )]
    possible = None if zol_dose.value is None else not zol_dose.value.contraindicated
    if possible is False:
        reasons.append(_impossible_relay(zol_dose))
    return StoppingDenosumab(
        last_injection_date=record.last_injection_date, first_relay_date=first_relay_date,
        relay_possible=possible, reasons=tuple(reasons),
        missing=missing + (zol_dose.missing if possible is None else ()),
    )


def _impossible_relay(zol_dose: Result) -> Reason:
    (dose_reason,) = zol_dose.reasons
    clearance = zol_dose.value.clearance_ml_min
    return Reason(
        rule_id="antiresorptive.denosumab.relay_impossible",
        text_fr=(f"Relais impossible : clairance {fr(clearance)} mL/min, l'acide zolédronique "
                 f"est contre-indiqué ; avis spécialisé onco-rhumatologique."),
        text_en=(f"Relay impossible: clearance {clearance} mL/min, zoledronic acid is "
                 f"contraindicated; specialist onco-rheumatology advice."),
        source=dose_reason.source,
    )


def denosumab_caution(clearance: Result, below: Decimal | None, source: str) -> Reason | None:
    """Severe renal failure: no dose change, but an adynamic bone may make it harmful."""
    if below is None or clearance.value is None or clearance.value.ml_per_min >= below:
        return None
    value = clearance.value.ml_per_min
    return Reason(
        rule_id="antiresorptive.denosumab.renal_caution",
        text_fr=(f"Clairance {fr(value)} mL/min < {fr(below)} : pas d'adaptation de dose du "
                 f"dénosumab, mais prudence (os adynamique possible, pour lequel un "
                 f"anti-résorptif est délétère ; risque d'hypocalcémie)."),
        text_en=(f"Clearance {value} mL/min < {below}: no denosumab dose change, but caution "
                 f"(possible adynamic bone, for which an anti-resorptive is harmful; risk of "
                 f"hypocalcaemia)."),
        source=source,
    )
