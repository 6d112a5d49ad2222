"""The engine's results for a sample of generated proposals, drafted as the workflow drafts
them (recommendations.proposals._draft): the patient's record on the meeting's day, the
proposal's referential, the statements with their sources."""

from patients.models import Drug, Patient
from recommendations.proposal_drafting import Statement, draft_statements
from recommendations.scale_data.cases import PlannedCase
from scoring.adapters import PATIENT_FACT_RELATIONS, case_facts
from scoring.engine.evaluate import evaluate_case
from scoring.referential_store import snapshot
from scoring.serialize import case_document


def drafts(items: list[PlannedCase], referential) -> dict[int, tuple[dict, list[Statement]]]:
    """(engine_result, statements) by case pk."""
    if not items:
        return {}
    rules = snapshot(referential)
    names = dict(Drug.objects.values_list("code", "name"))
    patients = Patient.objects.prefetch_related(*PATIENT_FACT_RELATIONS).in_bulk(
        {item.case.patient_id for item in items})
    out = {}
    for item in items:
        result = evaluate_case(case_facts(patients[item.case.patient_id],
                                          item.held.meeting.date), rules)
        out[item.case.pk] = (case_document(result), draft_statements(result, names))
    return out
