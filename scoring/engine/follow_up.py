"""The dated follow-up actions of a signed proposal: dental checks, denosumab injections, the
2-year reassessment, zoledronic acid after denosumab, vitamin D maintenance and re-check,
calcium checks, the radiotherapy wash-out dates and the re-evaluation after a procedure.

Every interval is a row of the `follow_up` table (`follow_up_table`), or the value of another
topic that row names (the anti-resorptive plan, vitamin D, the radiosensitisation windows),
so the reminders and the plans agree by construction. An action that cannot be dated lists
what is missing: a date is never guessed.

Not part of `evaluate_case`: a case evaluation has no signed proposal, and the actions depend
on what the proposal decided (`Proposal`). Call `follow_up_actions` with it.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from scoring.engine import denosumab, radiosensitisation, vitamin_d
from scoring.engine.antiresorptive import zoledronic_acid_dose
from scoring.engine.evaluate import creatinine_clearance
from scoring.engine.facts import PatientFacts, PlannedDates
from scoring.engine.follow_up_table import (
    CALCIUM_CHECK,
    DENOSUMAB_INJECTION,
    DENTAL_CHECK,
    PROCEDURES,
    REASSESSMENT,
    REEVALUATION,
    VITAMIN_D_MAINTENANCE,
    VITAMIN_D_RECHECK,
    WASHOUT_RESUME,
    WASHOUT_STOP,
    ZOL_AFTER_DENOSUMAB,
    FollowUpRule,
    FollowUpTable,
    Interval,
    parse_follow_up,
)
from scoring.engine.referential import Referential
from scoring.engine.results import Missing, Reason

__all__ = ["Done", "FollowUpAction", "FollowUpTable", "Proposal", "ProposedTreatment",
           "follow_up_actions", "parse_follow_up"]

RULE = "follow_up"
ZOL, DMAB, STOP_DMAB, VITAMIN_D_LOADING = ("zoledronic_acid", "denosumab", "stop_denosumab",
                                           "vitamin_d_loading")
# "antiresorptive": to start, the agent left to the prescriber among the referential's options
ANTIRESORPTIVE = "antiresorptive"
ANTIRESORPTIVES = (ZOL, DMAB, ANTIRESORPTIVE)
PROPOSAL_KINDS = ANTIRESORPTIVES + (STOP_DMAB, VITAMIN_D_LOADING) + PROCEDURES
DUE_BY, NOT_BEFORE = "due_by", "not_before"
# The actions whose `Done` dates the next occurrence (read by dental_check, calcium_check and
# denosumab_injection below); the others happen once.
RECURRING = (DENTAL_CHECK, CALCIUM_CHECK, DENOSUMAB_INJECTION)
UNDATED, OVERDUE, DUE, UPCOMING, DONE = "undated", "overdue", "due", "upcoming", "done"


@dataclass(frozen=True)
class ProposedTreatment:
    """What the signed proposal decided: `kind` is one of PROPOSAL_KINDS (an anti-resorptive
    to start, stopping denosumab, a vitamin D loading, a local treatment); `planned_on`: its
    date, when the proposal sets one."""

    kind: str
    planned_on: date | None = None
    lesion_id: str = ""  # the lesion a local treatment targets, if any


@dataclass(frozen=True)
class Proposal:
    signed_on: date
    treatments: tuple[ProposedTreatment, ...] = ()
    emergency: bool = False  # waives the checkpoint-inhibitor window, as in planning

    def __post_init__(self):
        unknown = sorted({t.kind for t in self.treatments} - set(PROPOSAL_KINDS))
        if unknown:
            raise ValueError(f"Unknown proposed treatment kind(s): {', '.join(unknown)}.")

    def of(self, *kinds: str) -> tuple[ProposedTreatment, ...]:
        return tuple(t for t in self.treatments if t.kind in kinds)


@dataclass(frozen=True)
class Done:
    """A recurring action the clinician marked done (dental check, calcium check, denosumab
    injection): the next one counts from `done_on` when that is later than the records."""

    kind: str
    done_on: date
    subject: str = ""


@dataclass(frozen=True)
class FollowUpAction:
    """One dated action. `timing` is "due_by" (a deadline: overdue once past) or
    "not_before" (the earliest allowed date: never overdue). `due_date` is None when the
    action cannot be dated, and `missing` says why. `status` on the reference date:
    "undated", "overdue", "due" (due today, or a "not before" date reached), "upcoming", or
    "done" when the patient's records already show it (a wash-out already respected).
    `subject`: the drug or lesion concerned, if any."""

    kind: str
    due_date: date | None
    status: str
    overdue: bool | None  # None when undated
    timing: str = DUE_BY
    subject: str = ""
    flagged: bool = False  # needs a decision (relay impossible, long half-life...)
    reasons: tuple[Reason, ...] = field(default_factory=tuple)
    missing: tuple[Missing, ...] = field(default_factory=tuple)


def status_on(due: date | None, timing: str, today: date) -> str:
    if due is None:
        return UNDATED
    if due > today:
        return UPCOMING
    return OVERDUE if due < today and timing == DUE_BY else DUE


def follow_up_actions(patient: PatientFacts, proposal: Proposal, reference_date: date,
                      referential: Referential, done: tuple[Done, ...] = ()
                      ) -> tuple[FollowUpAction, ...]:
    """Every follow-up action the proposal and the patient's data call for, in a stable
    order (by kind as the table lists them, then by subject). `done`: the recurring actions
    marked done, which date the next ones as a record would."""
    table: FollowUpTable = referential["follow_up"]
    context = _Context(patient, proposal, reference_date, referential, table, done)
    actions = []
    if context.on_antiresorptive:
        actions += [context.dental_check(), context.reassessment(), context.calcium_check()]
        actions += context.vitamin_d()
    elif proposal.of(VITAMIN_D_LOADING):
        actions += context.vitamin_d()
    actions += context.denosumab_injection() + context.zol_after_denosumab()
    actions += context.washouts() + context.reevaluations()
    order = {code: index for index, code in enumerate(table.rules)}
    return tuple(sorted(_once(actions), key=lambda a: (order[a.kind], a.subject)))


def _once(actions: list[FollowUpAction]) -> list[FollowUpAction]:
    """One action per kind, subject and date: two radiotherapies on the same day (or both
    still undated) call for one wash-out of a drug, not two."""
    seen, unique = set(), []
    for action in actions:
        key = (action.kind, action.subject, action.due_date)
        if key not in seen:
            seen.add(key)
            unique.append(action)
    return unique


class _Context:
    """The facts, the proposal and the tables one computation reads."""

    def __init__(self, patient, proposal, reference_date, referential, table, done=()):
        self.patient, self.proposal, self.today = patient, proposal, reference_date
        self.referential, self.table = referential, table
        self.done = done
        self.ongoing = [r for r in patient.antiresorptives
                        if r.end_date is None or r.end_date > reference_date]
        self.stops_denosumab = bool(proposal.of(STOP_DMAB))
        # stopping denosumab counts: zoledronic acid relays it
        self.on_antiresorptive = bool(proposal.of(*ANTIRESORPTIVES, STOP_DMAB)) or bool(
            self.ongoing)

    # -- intervals ---------------------------------------------------------------------------

    def interval(self, rule: FollowUpRule) -> Interval | None:
        """The row's own interval, or the value of the topic it names."""
        if rule.interval is not None:
            return rule.interval
        reference = rule.interval_from
        if reference == "vitamin_d.maintenance":
            return Interval(self.referential["vitamin_d"].maintenance.numbers["every_months"],
                            "months")
        table = self.referential["antiresorptive"]
        if reference == "antiresorptive.rhythms.multimetastatic.denosumab":
            rhythm = table.rhythms["multimetastatic"]
            found = [i for drug, i, _spaced in rhythm.intervals if drug == DMAB]
            return Interval(found[0].every, found[0].unit) if found else None
        months = {"antiresorptive.dental_follow_up": table.dental_follow_up.months,
                  "antiresorptive.reassessment": table.reassessment.months,
                  "antiresorptive.stopping_denosumab": table.stopping.first_relay_after_months}
        return Interval(months[reference], "months")

    def dated(self, code: str, anchor: date | None, anchor_fr: str, anchor_en: str,
              missing: tuple[Missing, ...] = (), subject: str = "") -> FollowUpAction:
        """The action `interval` after `anchor` (None, with what is missing, when unknown)."""
        rule = self.table[code]
        interval = self.interval(rule)
        if interval is None:
            missing += (Missing(f"{RULE}.{code}.interval", f"intervalle de « {rule.label_fr} » "
                                f"absent du référentiel", f"interval of '{rule.label_en}' "
                                f"absent from the referential"),)
        due = interval.after(anchor) if anchor and interval else None
        after_fr = f"{interval.text('fr')} après " if interval else ""
        after_en = f"{interval.text('en')} after " if interval else ""
        return self.action(code, due, f"{after_fr}{anchor_fr}", f"{after_en}{anchor_en}",
                           missing if due is None else (), subject)

    def action(self, code: str, due: date | None, why_fr: str, why_en: str,
               missing: tuple[Missing, ...] = (), subject: str = "", timing: str = DUE_BY,
               extra: tuple[Reason, ...] = (), flagged: bool = False) -> FollowUpAction:
        rule = self.table[code]
        word_fr, word_en = ("pas avant le", "not before") if timing == NOT_BEFORE else (
            "le", "on")
        when_fr = f"{word_fr} {due.isoformat()}" if due else "date à préciser"
        when_en = f"{word_en} {due.isoformat()}" if due else "date to be set"
        reason = Reason(f"{RULE}.{code}", f"{rule.label_fr} : {when_fr} ({why_fr}).",
                        f"{rule.label_en}: {when_en} ({why_en}).", rule.source)
        status = status_on(due, timing, self.today)
        return FollowUpAction(kind=code, due_date=due, status=status,
                              overdue=None if due is None else status == OVERDUE, timing=timing,
                              subject=subject, flagged=flagged, reasons=(reason,) + extra,
                              missing=missing)

    # -- anti-resorptives --------------------------------------------------------------------

    def proposed_start(self, *kinds: str) -> ProposedTreatment | None:
        return next(iter(self.proposal.of(*kinds)), None)

    def last_done(self, code: str) -> date | None:
        return max((d.done_on for d in self.done if d.kind == code), default=None)

    def dental_check(self) -> FollowUpAction:
        last = max((a.assessed_on for a in self.patient.dental_assessments), default=None)
        checked = self.last_done(DENTAL_CHECK)
        if checked and (last is None or checked > last):
            return self.dated(DENTAL_CHECK, checked, f"le contrôle fait le {checked.isoformat()}",
                              f"the check done on {checked.isoformat()}")
        if last is None:
            return self.action(DENTAL_CHECK, self.proposal.signed_on,
                               "aucun bilan bucco-dentaire enregistré : bilan avant de débuter",
                               "no dental assessment recorded: assessment before starting")
        return self.dated(DENTAL_CHECK, last, f"le bilan du {last.isoformat()}",
                          f"the assessment of {last.isoformat()}")

    def reassessment(self) -> FollowUpAction:
        current = max(self.ongoing, key=lambda r: r.start_date or date.min, default=None)
        if current is not None:
            start = current.start_date
            missing = () if start else (Missing("antiresorptive_start", "date de début de "
                                                "l'anti-résorptif", "start date of the "
                                                "anti-resorptive"),)
        else:
            proposed = self.proposed_start(*ANTIRESORPTIVES)
            start = proposed.planned_on
            missing = () if start else (Missing("antiresorptive_proposed_start", "date de "
                                                "début prévue de l'anti-résorptif", "planned "
                                                "start date of the anti-resorptive"),)
        of_fr, of_en = _of(start)
        return self.dated(REASSESSMENT, start, f"le début du traitement{of_fr}",
                          f"the start of the treatment{of_en}", missing)

    def calcium_check(self) -> FollowUpAction:
        last = self.patient.latest("calcium")
        checked = self.last_done(CALCIUM_CHECK)
        if checked and (last is None or checked > last.measured_on):
            return self.dated(CALCIUM_CHECK, checked, f"le contrôle fait le {checked.isoformat()}",
                              f"the check done on {checked.isoformat()}")
        if last is None:
            return self.action(CALCIUM_CHECK, self.proposal.signed_on,
                               "aucune calcémie enregistrée : bilan phospho-calcique avant de "
                               "débuter", "no calcium value recorded: calcium-phosphate "
                               "check before starting")
        day = last.measured_on.isoformat()
        return self.dated(CALCIUM_CHECK, last.measured_on, f"la calcémie du {day}",
                          f"the calcium value of {day}")

    def denosumab_injection(self) -> list[FollowUpAction]:
        if self.stops_denosumab:
            return []
        records = [r for r in self.ongoing if r.drug_code == DMAB]
        given = self.last_done(DENOSUMAB_INJECTION)
        recorded = max((r.last_injection_date for r in records if r.last_injection_date),
                       default=None)
        if given and (records or self.proposed_start(DMAB)) and (
                recorded is None or given > recorded):
            return [self.dated(DENOSUMAB_INJECTION, given, f"l'injection faite le "
                               f"{given.isoformat()}", f"the injection given on "
                               f"{given.isoformat()}")]
        if records:
            record = max(records, key=lambda r: r.last_injection_date or r.start_date
                         or date.min)
            last = record.last_injection_date
            of_fr, of_en = _of(last)
            return [self.dated(DENOSUMAB_INJECTION, last, f"la dernière injection{of_fr}",
                               f"the last injection{of_en}", () if last else (_LAST_DMAB,))]
        proposed = self.proposed_start(DMAB)
        if proposed is None:
            return []
        if proposed.planned_on is None:
            return [self.action(DENOSUMAB_INJECTION, None, "première injection",
                                "first injection", (_PROPOSED_DMAB,))]
        return [self.action(DENOSUMAB_INJECTION, proposed.planned_on, "première injection, date de "
                            "la proposition", "first injection, date of the proposal")]

    def zol_after_denosumab(self) -> list[FollowUpAction]:
        if not any(r.drug_code == DMAB for r in self.patient.antiresorptives):
            return []
        rule = self.referential["antiresorptive"].stopping
        advice = denosumab.stopping_denosumab(self.patient, self._zol_dose(), self.today, rule)
        if advice is None or not (self.stops_denosumab or not _ongoing(
                self.patient, DMAB, self.today)):
            return []
        last = advice.last_injection_date
        of_fr, of_en = _of(last)
        action = self.dated(ZOL_AFTER_DENOSUMAB, last, f"la dernière injection de dénosumab"
                            f"{of_fr}", f"the last denosumab injection{of_en}", advice.missing)
        return [FollowUpAction(
            kind=action.kind, due_date=action.due_date, status=action.status,
            overdue=action.overdue,
            flagged=advice.flagged, reasons=action.reasons + advice.reasons,
            missing=action.missing if action.due_date is None else advice.missing)]

    def _zol_dose(self):
        clearance = creatinine_clearance(self.patient, self.referential)
        return zoledronic_acid_dose(clearance, self.referential["zoledronic_acid_dose"])

    # -- vitamin D ---------------------------------------------------------------------------

    def vitamin_d(self) -> list[FollowUpAction]:
        proposed = self.proposed_start(VITAMIN_D_LOADING)
        start = proposed.planned_on if proposed and proposed.planned_on else self.proposal.signed_on
        plan = vitamin_d.vitamin_d_plan(self.patient, start, self.referential["vitamin_d"])
        if plan.value_ng_ml is None:
            return [self.action(code, None, "valeur de 25-OH vitamine D inconnue",
                                "25-OH vitamin D value unknown", plan.missing)
                    for code in (VITAMIN_D_MAINTENANCE, VITAMIN_D_RECHECK)]
        every = self.interval(self.table[VITAMIN_D_MAINTENANCE])
        monthly = every == Interval(1, "months")
        then_fr = "puis chaque mois" if monthly else f"puis tous les {every.text('fr')}" \
            if every else ""
        then_en = "then every month" if monthly else f"then every {every.text('en')}" \
            if every else ""
        loading = plan.loading
        if loading is None:
            return [self.action(VITAMIN_D_MAINTENANCE, plan.maintenance_start,
                                f"pas de recharge nécessaire, {then_fr}",
                                f"no loading needed, {then_en}")]
        first = loading.first_dose_date.isoformat()
        return [
            self.action(VITAMIN_D_MAINTENANCE, plan.maintenance_start,
                        f"fin de la recharge de {loading.doses} prises, {then_fr}",
                        f"end of the {loading.doses}-dose loading, {then_en}"),
            self.dated(VITAMIN_D_RECHECK, loading.first_dose_date,
                       f"le début de la recharge, le {first}",
                       f"the start of the loading, on {first}"),
        ]

    # -- local treatments --------------------------------------------------------------------

    def washouts(self) -> list[FollowUpAction]:
        proposed = self.proposal.of("radiotherapy")
        if not proposed or not self.patient.systemic_treatments:
            return []
        table = self.referential["radiosensitisation"]
        actions = []
        for treatment in proposed:
            planned = PlannedDates(radiotherapy_date=treatment.planned_on,
                                   emergency=self.proposal.emergency)
            planning = radiosensitisation.radiotherapy_windows(self.patient, planned, table,
                                                               reference_date=self.today)
            for window in planning.drugs:
                drug_class = table.classes.get(window.drug_class)
                if drug_class is not None and drug_class.window == "none":
                    continue  # compatible: no wash-out (the same-day rule is the planning's)
                actions += self._washout(window, treatment.planned_on)
        return actions

    def _washout(self, window, radiotherapy: date | None) -> list[FollowUpAction]:
        """The stop and resume dates need the radiotherapy date and the drug's windows (not
        its last dose: that only tells whether the stop is already respected)."""
        drug, flagged = window.drug_code, window.needs_discussion
        of_fr, of_en = _of(radiotherapy)
        actions = []
        for code, days, sign, timing, side_fr, side_en in (
                (WASHOUT_STOP, window.window_before_days, -1, DUE_BY, "avant", "before"),
                (WASHOUT_RESUME, window.window_after_days, 1, NOT_BEFORE, "après", "after")):
            missing = () if days is not None else tuple(
                m for m in window.missing if not m.name.endswith(".last_dose"))
            missing += () if radiotherapy else (_RT_DATE,)
            count = "?" if days is None else days
            actions.append(self.action(
                code, _shift(radiotherapy, days, sign),
                f"{drug} : {count} jour(s) {side_fr} la radiothérapie{of_fr}",
                f"{drug}: {count} day(s) {side_en} the radiotherapy{of_en}",
                missing, drug, timing=timing, flagged=flagged,
                extra=window.reasons if code == WASHOUT_STOP else ()))
        return [_respected(actions[0], window), actions[1]]

    def reevaluations(self) -> list[FollowUpAction]:
        actions = []
        for treatment in self.proposal.of(*PROCEDURES):
            of_fr, of_en = _of(treatment.planned_on)
            missing = () if treatment.planned_on else (Missing(
                f"{treatment.kind}_date", f"date de la procédure ({treatment.kind})",
                f"date of the procedure ({treatment.kind})"),)
            actions.append(self.dated(REEVALUATION + treatment.kind, treatment.planned_on,
                                      f"la procédure{of_fr}", f"the procedure{of_en}",
                                      missing, treatment.lesion_id))
        return actions


_LAST_DMAB = Missing("denosumab_last_injection", "date de la dernière injection de dénosumab",
                     "date of the last denosumab injection")
_PROPOSED_DMAB = Missing("denosumab_proposed_start", "date prévue de la première injection de "
                         "dénosumab", "planned date of the first denosumab injection")
_RT_DATE = Missing("radiotherapy_date", "date de la radiothérapie", "date of the radiotherapy")


def _of(day: date | None) -> tuple[str, str]:
    """" du 2026-03-02" / " of 2026-03-02", or that the date is unknown."""
    if day is None:
        return ", date inconnue", ", date unknown"
    return f" du {day.isoformat()}", f" of {day.isoformat()}"


def _ongoing(patient: PatientFacts, drug_code: str, today: date) -> bool:
    return any(r.drug_code == drug_code and (r.end_date is None or r.end_date > today)
               for r in patient.antiresorptives)


def _shift(day: date | None, days: int | None, sign: int) -> date | None:
    return None if day is None or days is None else day + sign * timedelta(days=days)


def _respected(stop: FollowUpAction, window) -> FollowUpAction:
    """The last dose recorded is already on or before the stop date, and no next dose falls
    inside the window: nothing left to do."""
    last = window.last_dose_date
    if stop.due_date is None or last is None or last > stop.due_date or \
            window.next_dose_conflict or window.too_early:
        return stop
    reason = Reason(f"{RULE}.{WASHOUT_STOP}.respected",
                    f"{window.drug_code} : dernière dose le {last.isoformat()}, fenêtre respectée.",
                    f"{window.drug_code}: last dose on {last.isoformat()}, window respected.",
                    stop.reasons[0].source)
    return FollowUpAction(kind=stop.kind, due_date=stop.due_date, status=DONE, overdue=False,
                          timing=stop.timing, subject=stop.subject, flagged=stop.flagged,
                          reasons=stop.reasons + (reason,), missing=stop.missing)
