"""Preparing a percutaneous procedure for its haemorrhagic risk (002/003 section 4).

Platelets and TP must exceed their thresholds on a recent enough count; each antithrombotic
is continued, stopped some days before, or relayed, as its referential row says. A drug the
table does not cover, or an aspirin dose not recorded, is reported as missing.
"""

from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import ROUND_CEILING, Decimal

from scoring.engine.facts import Antithrombotic, PatientFacts
from scoring.engine.haemorrhagic_table import (
    AntithromboticRule,
    HaemorrhagicRiskTable,
    LabThreshold,
    parse_haemorrhagic_risk,
)
from scoring.engine.results import Missing, Reason

__all__ = ["AntithromboticAction", "AntithromboticRule", "HaemorrhagicRiskTable", "LabCheck",
           "LabThreshold", "ProcedurePreparation", "parse_haemorrhagic_risk",
           "procedure_preparation"]

RULE_ID = "haemorrhagic"
OK, INSUFFICIENT, MISSING, OUTDATED = "ok", "insufficient", "missing", "outdated"
CONTINUE, STOP, RELAY, ASK = "continue", "stop", "relay", "ask"


@dataclass(frozen=True)
class LabCheck:
    kind: str  # "platelets", "prothrombin"
    status: str  # "ok", "insufficient", "missing", "outdated"
    value: Decimal | None
    measured_on: date | None
    age_days: int | None  # before the procedure (or the reference date)


@dataclass(frozen=True)
class AntithromboticAction:
    drug_code: str
    action: str | None  # "continue", "stop", "relay", "ask"; None: the dose decides, unknown
    stop_delay_days: int | None
    stop_date: date | None  # procedure date - delay; None without a procedure date
    relay_drugs: tuple[str, ...] = ()
    relay_stop_date: date | None = None
    reasons: tuple[Reason, ...] = ()
    missing: tuple[Missing, ...] = ()
    too_late: bool = False  # its stop date is already past: the delay cannot be kept


@dataclass(frozen=True)
class ProcedurePreparation:
    procedure_date: date | None
    platelets: LabCheck
    prothrombin: LabCheck
    antithrombotics: tuple[AntithromboticAction, ...]
    reasons: tuple[Reason, ...] = ()
    missing: tuple[Missing, ...] = ()

    @property
    def complete(self) -> bool:
        return not self.missing


def procedure_preparation(patient: PatientFacts, procedure_date: date | None,
                          table: HaemorrhagicRiskTable,
                          reference_date: date | None = None) -> ProcedurePreparation:
    """Lab values are dated against the procedure (else the reference date): a count taken
    weeks before a procedure says nothing of the platelets on the day."""
    when = procedure_date or reference_date
    reasons, missing = [], []
    checks = {}
    for kind in ("platelets", "prothrombin"):
        check, reason, lacking = _lab_check(patient, kind, table.labs[kind], when, table)
        checks[kind] = check
        reasons += reason
        missing += lacking
    actions = tuple(_too_late_checked(_action(a, procedure_date, table), reference_date,
                                      procedure_date)
                    for a in patient.antithrombotics)
    if actions:
        reasons.append(Reason(f"{RULE_ID}.agreement",
                              "Modifications à faire en accord avec l'équipe d'anesthésie et "
                              "le prescripteur.",
                              "Changes to be agreed with the anaesthesia team and the "
                              "prescriber.", table.agreement_source))
    return ProcedurePreparation(
        procedure_date=procedure_date,
        platelets=checks["platelets"],
        prothrombin=checks["prothrombin"],
        antithrombotics=actions,
        reasons=tuple(reasons) + tuple(r for a in actions for r in a.reasons),
        missing=tuple(missing) + tuple(m for a in actions for m in a.missing),
    )


def _lab_check(patient: PatientFacts, kind: str, threshold: LabThreshold, when: date | None,
               table: HaemorrhagicRiskTable):
    """(LabCheck, reasons, missing) for one lab value against its threshold and age."""
    measurement = patient.latest(kind)
    if measurement is None:
        lacking = Missing(kind, threshold.label_fr, threshold.label_en)
        return LabCheck(kind, MISSING, None, None, None), [], [lacking]
    value, measured_on = _plain(measurement.value), measurement.measured_on
    age = max((when - measured_on).days, 0) if when else None
    passes = threshold.passes(value)
    bound = f"{'≥' if threshold.minimum_inclusive else '>'} {threshold.minimum} {threshold.unit}"
    reasons = [Reason(
        f"{RULE_ID}.{kind}",
        f"{threshold.label_fr} {value} {threshold.unit} le {measured_on:%d/%m/%Y} : "
        f"{'suffisant' if passes else 'insuffisant'} (seuil {bound}).",
        f"{threshold.label_en} {value} {threshold.unit} on {measured_on:%Y-%m-%d}: "
        f"{'sufficient' if passes else 'insufficient'} (threshold {bound}).",
        threshold.source)]
    if age is not None and age > table.lab_max_age_days:
        reasons.append(Reason(
            f"{RULE_ID}.{kind}.outdated",
            f"{threshold.label_fr} datant de {age} jours (plus de {table.lab_max_age_days}) : "
            f"à refaire avant le geste.",
            f"{threshold.label_en} {age} days old (more than {table.lab_max_age_days}): "
            f"to be repeated before the procedure.", table.lab_max_age_source))
        lacking = Missing(f"{kind}.recent",
                          f"{threshold.label_fr} de moins de {table.lab_max_age_days} jours",
                          f"{threshold.label_en} less than {table.lab_max_age_days} days old")
        return LabCheck(kind, OUTDATED, value, measured_on, age), reasons, [lacking]
    status = OK if passes else INSUFFICIENT
    return LabCheck(kind, status, value, measured_on, age), reasons, []


def _action(drug: Antithrombotic, procedure_date: date | None,
            table: HaemorrhagicRiskTable) -> AntithromboticAction:
    rule = table.antithrombotics.get(drug.drug_code)
    if rule is None or rule.action == ASK:
        return _no_rule(drug.drug_code, rule)
    if rule.action == "dose_dependent":
        return _aspirin_like(drug, rule, procedure_date)
    if rule.action == RELAY:
        return _relay(rule, procedure_date)
    return _stop(rule, procedure_date, [])


def _too_late_checked(action: AntithromboticAction, reference_date: date | None,
                      procedure_date: date | None) -> AntithromboticAction:
    """A stop date before today cannot be kept any more: say so, never propose it silently."""
    last_day = action.stop_date or action.relay_stop_date
    if reference_date is None or last_day is None or last_day >= reference_date:
        return action
    source = action.reasons[-1].source if action.reasons else ""
    reason = Reason(
        f"{RULE_ID}.too_late",
        f"{action.drug_code} : la date d'arrêt ({last_day:%d/%m/%Y}) est déjà passée ; le délai "
        f"avant un geste le {procedure_date:%d/%m/%Y} ne peut plus être respecté : reporter le "
        f"geste ou en discuter avec le prescripteur.",
        f"{action.drug_code}: the stop date ({last_day:%Y-%m-%d}) has passed; the delay before "
        f"a procedure on {procedure_date:%Y-%m-%d} can no longer be kept: postpone the "
        f"procedure or discuss it with the prescriber.", source)
    return replace(action, too_late=True, reasons=action.reasons + (reason,))


def _stop(rule: AntithromboticRule, procedure_date: date | None,
          reasons: list[Reason]) -> AntithromboticAction:
    days = _days(rule.stop_delay)
    stop_date = procedure_date - timedelta(days=days) if procedure_date else None
    delay = _delay_text(rule.stop_delay)
    when_fr = f" (le {stop_date:%d/%m/%Y})" if stop_date else ""
    when_en = f" (on {stop_date:%Y-%m-%d})" if stop_date else ""
    reasons.append(Reason(f"{RULE_ID}.stop",
                          f"{rule.drug_code} : arrêt {delay[0]}{when_fr}.",
                          f"{rule.drug_code}: stop {delay[1]}{when_en}.",
                          rule.source))
    if rule.by_class:
        reasons.append(Reason(f"{RULE_ID}.by_class",
                              f"{rule.drug_code} : règle de classe, le texte ne le nomme pas ; "
                              f"à confirmer avec le prescripteur.",
                              f"{rule.drug_code}: class rule, the text does not name it; to be "
                              f"confirmed with the prescriber.", rule.source))
    return AntithromboticAction(rule.drug_code, STOP, days, stop_date, reasons=tuple(reasons))


def _relay(rule: AntithromboticRule, procedure_date: date | None) -> AntithromboticAction:
    days = _days(rule.relay_stop_delay)
    stop = procedure_date - timedelta(days=days) if procedure_date else None
    delay = _delay_text(rule.relay_stop_delay)
    relay = ", ".join(rule.relay_drugs)
    when_fr = f" (le {stop:%d/%m/%Y})" if stop else ""
    when_en = f" (on {stop:%Y-%m-%d})" if stop else ""
    reason = Reason(f"{RULE_ID}.relay",
                    f"{rule.drug_code} : relais par HBPM ({relay}), HBPM arrêtée {delay[0]}"
                    f"{when_fr} ; date d'arrêt de l'anticoagulant oral avec le "
                    f"prescripteur.",
                    f"{rule.drug_code}: relay by low-molecular-weight heparin ({relay}), "
                    f"stopped {delay[1]}{when_en}; the oral anticoagulant's "
                    f"stop date with the prescriber.", rule.source)
    return AntithromboticAction(rule.drug_code, RELAY, None, None, rule.relay_drugs, stop,
                                reasons=(reason,))


def _aspirin_like(drug: Antithrombotic, rule: AntithromboticRule,
                  procedure_date: date | None) -> AntithromboticAction:
    """Below the dose the row names, continued; at or above it, stopped ('< 160 mg')."""
    limit = rule.continue_below_mg
    if drug.daily_dose_mg is None:
        lacking = Missing(f"{rule.drug_code}.daily_dose",
                          f"{rule.drug_code} : dose quotidienne (seuil {limit} mg/j)",
                          f"{rule.drug_code}: daily dose (threshold {limit} mg/day)")
        return AntithromboticAction(rule.drug_code, None, None, None, missing=(lacking,))
    dose = _plain(drug.daily_dose_mg)
    if dose < limit:
        reason = Reason(f"{RULE_ID}.continue",
                        f"{rule.drug_code} {dose} mg/j (< {limit} mg/j) : peut être poursuivie.",
                        f"{rule.drug_code} {dose} mg/day (< {limit} mg/day): may continue.",
                        rule.source)
        return AntithromboticAction(rule.drug_code, CONTINUE, None, None, reasons=(reason,))
    reason = Reason(f"{RULE_ID}.dose", f"{rule.drug_code} {dose} mg/j (≥ {limit} mg/j).",
                    f"{rule.drug_code} {dose} mg/day (≥ {limit} mg/day).", rule.source)
    return _stop(rule, procedure_date, [reason])


def _no_rule(code: str, rule: AntithromboticRule | None) -> AntithromboticAction:
    source = rule.source if rule else "002_a2e2bd38722b2110.txt, section 4"
    reason = Reason(f"{RULE_ID}.no_rule",
                    f"{code} : pas de règle du référentiel avant un geste percutané.",
                    f"{code}: no referential rule before a percutaneous procedure.", source)
    lacking = Missing(f"{code}.rule", f"{code} : pas de règle du référentiel : demander",
                      f"{code}: no referential rule: ask")
    return AntithromboticAction(code, ASK, None, None, reasons=(reason,), missing=(lacking,))


def _days(delay: tuple[int, str]) -> int:
    """Whole days before the procedure: 48 hours -> 2 days (hours are rounded up)."""
    value, unit = delay
    if unit == "days":
        return value
    return int((Decimal(value) / 24).to_integral_value(rounding=ROUND_CEILING))


def _delay_text(delay: tuple[int, str]) -> tuple[str, str]:
    """The delay in the texts' own words: '48 h avant', 'la veille', '5 jours avant'."""
    value, unit = delay
    if unit == "hours":
        return f"{value} h avant le geste", f"{value} h before the procedure"
    if value == 1:
        return "la veille du geste", "the day before the procedure"
    return f"{value} jours avant le geste", f"{value} days before the procedure"


def _plain(number) -> Decimal:
    """50000.00 -> 50000, 75.50 -> 75.5: the value as typed, without storage padding."""
    value = Decimal(number)
    return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()
