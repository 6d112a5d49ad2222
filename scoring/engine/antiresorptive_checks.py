"""What must be done before an anti-resorptive is started (001 2.3 and Recommandations, 000
Question 8, 004): vitamin D status, calcium, renal function, a dental assessment with a
panoramic X-ray, dental care first, and after an extraction healing plus the dentist's
go-ahead. Each item still to do is a reason with its source; "except in an emergency" is said
in the texts, the meeting decides.
"""

from datetime import date, timedelta

from scoring.engine.antiresorptive_table import PrerequisiteRule
from scoring.engine.facts import DentalAssessment, PatientFacts
from scoring.engine.results import Reason, Result
from scoring.engine.zoledronic import fr

RULE = "antiresorptive.prerequisite"


def prerequisites(patient: PatientFacts, clearance: Result, reference_date: date,
                  rule: PrerequisiteRule) -> tuple[tuple[Reason, ...], date | None]:
    """The items still to do, and the earliest start date while an extraction heals."""
    todo = _laboratory(patient, clearance, rule)
    dental, earliest = _dental(patient.dental_assessments, reference_date, rule)
    return todo + dental, earliest


def _laboratory(patient: PatientFacts, clearance: Result,
                rule: PrerequisiteRule) -> tuple[Reason, ...]:
    todo = []
    vitamin_d, minimum = patient.latest("vitamin_d"), rule.vitamin_d_min_ng_ml
    if vitamin_d is None:
        todo.append(Reason(
            f"{RULE}.vitamin_d_unknown",
            "Statut vitaminique D inconnu : doser la 25-OH vitamine D et corriger une carence "
            "avant de débuter, sauf urgence (risque d'hypocalcémie).",
            "Vitamin D status unknown: measure 25-OH vitamin D and correct a deficiency "
            "before starting, except in an emergency (risk of hypocalcaemia).",
            rule.sources["vitamin_d"]))
    elif vitamin_d.value < minimum:
        todo.append(Reason(
            f"{RULE}.vitamin_d_low",
            f"25-OH vitamine D {fr(vitamin_d.value)} ng/mL < {fr(minimum)} : corriger la "
            f"carence avant de débuter, sauf urgence (risque d'hypocalcémie).",
            f"25-OH vitamin D {vitamin_d.value} ng/mL < {minimum}: correct the deficiency "
            f"before starting, except in an emergency (risk of hypocalcaemia).",
            rule.sources["vitamin_d"]))
    if patient.latest("calcium") is None:
        todo.append(Reason(
            f"{RULE}.calcium_unknown",
            "Calcémie inconnue : bilan phospho-calcique avant de débuter.",
            "Serum calcium unknown: calcium-phosphate work-up before starting.",
            rule.sources["calcium"]))
    if clearance.value is None:
        todo.append(Reason(
            f"{RULE}.renal_unknown",
            "Fonction rénale inconnue : clairance de la créatinine avant de débuter.",
            "Renal function unknown: creatinine clearance before starting.",
            rule.sources["renal"]))
    return tuple(todo)


def _dental(assessments: tuple[DentalAssessment, ...], reference_date: date,
            rule: PrerequisiteRule) -> tuple[tuple[Reason, ...], date | None]:
    source = rule.sources["dental"]
    if not assessments:
        return (Reason(
            f"{RULE}.dental_missing",
            "Aucun bilan bucco-dentaire : évaluation par un spécialiste avec panoramique "
            "dentaire avant de débuter, sauf urgence.",
            "No dental assessment: specialist assessment with a panoramic X-ray before "
            "starting, except in an emergency.", source),), None
    todo = []
    latest = max(assessments, key=lambda a: a.assessed_on)
    if latest.result not in rule.dental_ready_results:
        day = latest.assessed_on.isoformat()
        todo.append(Reason(
            f"{RULE}.dental_care",
            f"Soins dentaires à faire (bilan du {day}) : remise en état avant de débuter, "
            f"sauf urgence.",
            f"Dental care needed (assessment of {day}): dental repair before starting, "
            f"except in an emergency.", source))
    if rule.dental_panoramic_required and not any(a.panoramic_xray for a in assessments):
        todo.append(Reason(
            f"{RULE}.panoramic_missing", "Panoramique dentaire non enregistrée.",
            "No panoramic dental X-ray recorded.", source))
    extraction_todo, earliest = _extraction(assessments, reference_date, rule)
    return tuple(todo) + extraction_todo, earliest


def _extraction(assessments, reference_date: date,
                rule: PrerequisiteRule) -> tuple[tuple[Reason, ...], date | None]:
    """After an extraction: healing (the minimum wait) and the dentist's go-ahead, recorded on
    the same assessment or given by a later assessment with a 'ready' result."""
    holders = [a for a in assessments if a.extraction_date]
    if not holders:
        return (), None
    holder = max(holders, key=lambda a: a.extraction_date)
    extraction, wait = holder.extraction_date, rule.extraction_min_wait_days
    go_ahead = holder.dentist_clearance_date or min(
        (a.assessed_on for a in assessments if a is not holder
         and a.assessed_on > extraction and a.result in rule.dental_ready_results),
        default=None)
    earliest = max(extraction + timedelta(days=wait), go_ahead or date.min)
    source, todo = rule.sources["extraction"], []
    if go_ahead is None:
        todo.append(Reason(
            f"{RULE}.dentist_go_ahead",
            f"Extraction dentaire le {extraction.isoformat()} : feu vert du dentiste après "
            f"cicatrisation non enregistré.",
            f"Tooth extraction on {extraction.isoformat()}: the dentist's go-ahead after "
            f"healing is not recorded.", source))
    if reference_date >= earliest:
        return tuple(todo), None
    todo.append(Reason(
        f"{RULE}.extraction_recent",
        f"Extraction dentaire le {extraction.isoformat()} : débuter après cicatrisation "
        f"(au moins {wait} jours) et feu vert du dentiste, au plus tôt le "
        f"{earliest.isoformat()}, sauf urgence.",
        f"Tooth extraction on {extraction.isoformat()}: start after healing (at least {wait} "
        f"days) and the dentist's go-ahead, not before {earliest.isoformat()}, except in an "
        f"emergency.", source))
    return tuple(todo), earliest
