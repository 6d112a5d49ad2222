"""Planning radiotherapy around systemic treatments (000 Question 15 and Tableau 2).

Each systemic drug still acting gets its radiosensitisation class and a wash-out window
before and after radiotherapy; the earliest safe radiotherapy date is the latest date any drug
allows. Classes, windows, half-lives and the same-day rule are referential data: a drug the
table does not classify, or whose half-life it does not know, is reported as missing, never
read as compatible.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_CEILING

from scoring.engine.facts import PatientFacts, PlannedDates, SystemicTreatment
from scoring.engine.radiosensitisation_table import (
    DrugClass,
    DrugRule,
    RadiosensitisationTable,
    parse_radiosensitisation,
)
from scoring.engine.results import Missing, Reason

__all__ = ["DrugClass", "DrugRule", "DrugWindow", "RadiosensitisationTable",
           "RadiotherapyPlanning", "parse_radiosensitisation", "radiotherapy_windows"]

RULE_ID = "radiosensitisation"


@dataclass(frozen=True)
class DrugWindow:
    """One systemic drug against the radiotherapy: its window and the dates it allows."""

    drug_code: str
    drug_class: str | None  # None: the referential has no row for this drug
    window_before_days: int | None  # None: unknown (not classified, half-life unknown)
    window_after_days: int | None
    last_dose_date: date | None
    earliest_radiotherapy_date: date | None
    next_dose_date: date | None
    next_dose_not_before: date | None  # radiotherapy date + window after
    latest_radiotherapy_before_next_dose: date | None  # next dose - window after
    too_early: bool | None  # the planned radiotherapy falls inside the window before
    next_dose_conflict: bool | None  # the next dose falls inside the window around it
    needs_discussion: bool
    reasons: tuple[Reason, ...] = ()
    missing: tuple[Missing, ...] = ()


@dataclass(frozen=True)
class RadiotherapyPlanning:
    radiotherapy_date: date | None
    emergency: bool
    drugs: tuple[DrugWindow, ...]
    earliest_safe_date: date | None  # None unless every window is known
    partial_earliest_date: date | None  # from the known windows only: never shown as safe
    conflict: bool
    needs_discussion: bool
    reasons: tuple[Reason, ...] = ()
    missing: tuple[Missing, ...] = ()

    @property
    def complete(self) -> bool:
        return not self.missing


def radiotherapy_windows(patient: PatientFacts, planned: PlannedDates,
                         table: RadiosensitisationTable,
                         reference_date: date | None = None) -> RadiotherapyPlanning:
    """Windows of every systemic drug still acting at the reference date (the given one, else
    the planned radiotherapy date; without either, every recorded drug is checked)."""
    reference = reference_date or planned.radiotherapy_date
    drugs = []
    for treatment in patient.systemic_treatments:
        window = _drug_window(treatment, planned, table, reference)
        if _still_acting(treatment, window, reference):
            drugs.append(window)
    known = [w.earliest_radiotherapy_date for w in drugs if w.earliest_radiotherapy_date]
    rules = tuple(r for w in drugs for r in w.reasons)
    missing = tuple(m for w in drugs for m in w.missing)
    partial = max(known) if known else None
    same_day = Reason(
        f"{RULE_ID}.same_day",
        f"Jamais le même jour que le traitement systémique : au moins "
        f"{table.same_day_min_gap_days} jour(s) d'écart.",
        f"Never on the same day as a systemic treatment: at least "
        f"{table.same_day_min_gap_days} day(s) apart.",
        table.same_day_source,
    )
    return RadiotherapyPlanning(
        radiotherapy_date=planned.radiotherapy_date,
        emergency=planned.emergency,
        drugs=tuple(drugs),
        earliest_safe_date=None if missing else partial,
        partial_earliest_date=partial,
        conflict=any(w.too_early or w.next_dose_conflict for w in drugs),
        needs_discussion=any(w.needs_discussion for w in drugs),
        reasons=(same_day,) + rules if drugs else (),
        missing=missing,
    )


def _still_acting(treatment: SystemicTreatment, window: DrugWindow,
                  reference: date | None) -> bool:
    """Ongoing, ended after the reference, or ended recently enough that its window still
    runs past the reference (a gemcitabine stopped last week still forbids radiotherapy)."""
    if treatment.end_date is None or reference is None or treatment.end_date >= reference:
        return True
    earliest = window.earliest_radiotherapy_date
    return earliest is None or earliest > reference


def _drug_window(treatment: SystemicTreatment, planned: PlannedDates,
                 table: RadiosensitisationTable, reference: date | None) -> DrugWindow:
    rule = table.drugs.get(treatment.drug_code)
    drug_class = table.classes[rule.drug_class] if rule else None
    if drug_class is None or drug_class.window == "unknown":
        return _unclassified(treatment, rule, drug_class)
    before, after, reasons, missing, discuss = _window_days(rule, drug_class, planned, table)
    # A finished treatment without a recorded last dose: its stop date bounds the last dose.
    ended = treatment.end_date is not None and (reference is None
                                                or treatment.end_date <= reference)
    last = treatment.last_dose_date or (treatment.end_date if ended else None)
    if treatment.last_dose_date is None and ended:
        reasons.append(_reason(rule, "end_as_last_dose",
                               f"{rule.drug_code} : date d'arrêt prise comme dernière dose.",
                               f"{rule.drug_code}: stop date taken as the last dose.", rule.source))
    if last is None and (before is None or before > table.same_day_min_gap_days):
        missing.append(Missing(f"{rule.drug_code}.last_dose",
                               f"{rule.drug_code} : date de la dernière administration",
                               f"{rule.drug_code}: date of the last dose"))
    dates = _dates(treatment, last, before, after, planned.radiotherapy_date)
    reasons += _conflict_reasons(rule, dates)
    return DrugWindow(treatment.drug_code, rule.drug_class, before, after, last,
                      next_dose_date=treatment.next_dose_date, needs_discussion=discuss,
                      reasons=tuple(reasons), missing=tuple(missing), **dates)


def _window_days(rule: DrugRule, drug_class: DrugClass, planned: PlannedDates,
                 table: RadiosensitisationTable):
    """(before, after, reasons, missing, needs_discussion); never below the same-day gap."""
    gap = table.same_day_min_gap_days
    reasons = [_reason(rule, "class", f"{rule.drug_code} : {drug_class.label_fr}.",
                       f"{rule.drug_code}: {drug_class.label_en}.", rule.source)]
    if drug_class.window == "none":
        return gap, gap, reasons, [], False
    if drug_class.emergency_override and planned.emergency:
        reasons.append(_reason(
            rule, "emergency",
            f"Urgence : la fenêtre de {rule.window_before_days} jours de {rule.drug_code} est "
            f"levée (« sauf en cas d'urgence ») ; la règle du même jour reste.",
            f"Emergency: the {rule.window_before_days}-day window of {rule.drug_code} is "
            f"waived ('except in an emergency'); the same-day rule still applies.",
            drug_class.source))
        return gap, gap, reasons, [], False
    if drug_class.window == "fixed":
        before, after = rule.window_before_days, rule.window_after_days
        reasons.append(_reason(rule, "window",
                               f"{rule.drug_code} : {before} jours avant et {after} jours "
                               f"après la radiothérapie.",
                               f"{rule.drug_code}: {before} days before and {after} days "
                               f"after radiotherapy.", rule.source))
        return max(before, gap), max(after, gap), reasons, [], False
    return _half_life_window(rule, drug_class, reasons, table)


def _half_life_window(rule: DrugRule, drug_class: DrugClass, reasons: list,
                      table: RadiosensitisationTable):
    gap, n = table.same_day_min_gap_days, table.washout_half_lives
    if rule.half_life_hours is None:
        missing = Missing(f"{rule.drug_code}.half_life",
                          f"{rule.drug_code} : demi-vie inconnue : demander au pharmacien",
                          f"{rule.drug_code}: half-life unknown: ask the pharmacist")
        return None, None, reasons, [missing], False
    days = int((n * rule.half_life_hours / 24).to_integral_value(rounding=ROUND_CEILING))
    reasons.append(_reason(
        rule, "half_lives",
        f"{rule.drug_code} : {n} demi-vies de {rule.half_life_hours} h = {days} jours "
        f"(arrondi au jour supérieur).",
        f"{rule.drug_code}: {n} half-lives of {rule.half_life_hours} h = {days} days "
        f"(rounded up to a whole day).",
        f"{table.washout_source}; {rule.half_life_source}"))
    if days > table.long_half_life_max_washout_days:
        reasons.append(_reason(
            rule, "long_half_life",
            f"{rule.drug_code} : {days} jours dépassent {table.long_half_life_max_washout_days}"
            f" jours : demi-vie longue, l'arrêt peut être impossible ; à décider en RCP avec le "
            f"pharmacien (seule la règle du même jour est appliquée).",
            f"{rule.drug_code}: {days} days exceed {table.long_half_life_max_washout_days}"
            f" days: long half-life, stopping may be impossible; to be decided by the panel "
            f"with the pharmacist (only the same-day rule is applied).",
            table.long_half_life_source))
        return gap, gap, reasons, [], True
    after = max(days, gap) if drug_class.applies_after else gap
    return max(days, gap), after, reasons, [], False


def _dates(treatment: SystemicTreatment, last: date | None, before: int | None,
           after: int | None, radiotherapy: date | None) -> dict:
    next_dose = treatment.next_dose_date
    earliest = last + timedelta(days=before) if last and before is not None else None
    has_after = after is not None
    conflict = None
    if radiotherapy and next_dose and before is not None and has_after:
        conflict = (radiotherapy - timedelta(days=before) < next_dose
                    < radiotherapy + timedelta(days=after))
    return {
        "earliest_radiotherapy_date": earliest,
        "next_dose_not_before": radiotherapy + timedelta(days=after)
        if radiotherapy and has_after else None,
        "latest_radiotherapy_before_next_dose": next_dose - timedelta(days=after)
        if next_dose and has_after else None,
        "too_early": radiotherapy < earliest if radiotherapy and earliest else None,
        "next_dose_conflict": conflict,
    }


def _conflict_reasons(rule: DrugRule, dates: dict) -> list[Reason]:
    reasons = []
    if dates["too_early"]:
        earliest = dates["earliest_radiotherapy_date"]
        reasons.append(_reason(rule, "too_early",
                               f"Radiothérapie trop tôt après {rule.drug_code} : pas avant le "
                               f"{earliest:%d/%m/%Y}.",
                               f"Radiotherapy too soon after {rule.drug_code}: not before "
                               f"{earliest:%Y-%m-%d}.", rule.source))
    if dates["next_dose_conflict"]:
        allowed = dates["next_dose_not_before"]
        reasons.append(_reason(rule, "next_dose",
                               f"Prochaine dose de {rule.drug_code} dans la fenêtre : à décaler "
                               f"au {allowed:%d/%m/%Y} au plus tôt.",
                               f"Next dose of {rule.drug_code} inside the window: move it to "
                               f"{allowed:%Y-%m-%d} or later.", rule.source))
    return reasons


def _unclassified(treatment: SystemicTreatment, rule: DrugRule | None,
                  drug_class: DrugClass | None) -> DrugWindow:
    code = treatment.drug_code
    source = drug_class.source if drug_class else "000_22e11bcb602ff4a2.txt, Tableau 2"
    reason = Reason(f"{RULE_ID}.not_classified",
                    f"{code} : pas de règle de radiosensibilisation dans le référentiel.",
                    f"{code}: no radiosensitisation rule in the referential.", source)
    missing = Missing(f"{code}.class", f"{code} : pas de règle du référentiel : demander",
                      f"{code}: no referential rule: ask")
    return DrugWindow(code, rule.drug_class if rule else None, None, None,
                      treatment.last_dose_date, None, treatment.next_dose_date, None, None,
                      None, None, needs_discussion=False, reasons=(reason,),
                      missing=(missing,))


def _reason(rule: DrugRule, suffix: str, text_fr: str, text_en: str, source: str) -> Reason:
    return Reason(f"{RULE_ID}.{suffix}", text_fr, text_en, source)

