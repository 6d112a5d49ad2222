"""From a signed proposal and the patient's records to the follow-up engine's input.

What the proposal decided is read from structured data only, never from the panel's text:

- an anti-resorptive to start: the engine's plan said to start (`should_start`) and the
  proposal keeps to the referential. The agent is named only when the plan leaves exactly one
  agent allowed; otherwise "antiresorptive" (agent chosen by the prescriber): the checks common
  to both agents follow, and denosumab's injections once it is on record;
- a vitamin D loading: the plan has a loading scheme;
- a local treatment on a lesion: radiotherapy indicated, or cementoplasty or thermal ablation
  "indicated", or such a treatment recorded on the patient since the signature (what was done
  counts even when the panel departed from the referential).

A proposal that departs from the referential (`off_referential`) contributes only what the
records show since the signature: the engine's indications are not what the panel decided.
The anti-resorptives already on record count whatever the proposal says (the engine reads
them from the patient's facts). Planned dates are the dates recorded on the patient's local
treatments since the signature; without one, the engine reports the date as missing.
"""

from datetime import date

from django.utils import timezone

from patients.models import Patient
from recommendations.models import FollowUpAction, FollowUpStatus, Proposal, Urgency
from scoring.engine.follow_up import (
    ANTIRESORPTIVE,
    RECURRING,
    VITAMIN_D_LOADING,
    Done,
    ProposedTreatment,
)
from scoring.engine.follow_up import Proposal as EngineProposal
from scoring.engine.follow_up_table import PROCEDURES


def signed_on(proposal: Proposal) -> date:
    return timezone.localdate(proposal.validated_at)


def engine_proposal(proposal: Proposal, patient: Patient) -> EngineProposal:
    """What the signed proposal decided, in the engine's terms (see the module's rules).
    Reads the patient's local treatments: prefetch `local_treatments`."""
    day = signed_on(proposal)
    result = (proposal.engine_result or {}).get("result") or {}
    keeps_to_referential = not proposal.off_referential
    treatments = []
    if keeps_to_referential:
        treatments += _antiresorptive(result.get("antiresorptive") or {})
        if (result.get("vitamin_d") or {}).get("loading"):
            treatments.append(ProposedTreatment(VITAMIN_D_LOADING))
    recorded = _recorded_since(patient, day)
    indicated = _indicated(result.get("lesions") or []) if keeps_to_referential else set()
    for kind, lesion_id in sorted(indicated | set(recorded)):
        treatments.append(ProposedTreatment(kind, recorded.get((kind, lesion_id)), lesion_id))
    return EngineProposal(day, tuple(treatments),
                          emergency=proposal.case.urgency == Urgency.URGENT)


def done_actions(proposal: Proposal) -> tuple[Done, ...]:
    """The recurring actions of the proposal marked done: the engine dates the next ones."""
    rows = FollowUpAction.objects.filter(proposal=proposal, status=FollowUpStatus.DONE,
                                         kind__in=RECURRING, done_on__isnull=False)
    return tuple(Done(kind, done_on, subject)
                 for kind, done_on, subject in rows.values_list("kind", "done_on", "subject"))


def _antiresorptive(plan: dict) -> list[ProposedTreatment]:
    if plan.get("should_start") is not True:
        return []
    allowed = [agent["drug_code"] for agent in plan.get("agents") or []
               if agent.get("contraindicated") is not True]
    return [ProposedTreatment(allowed[0] if len(allowed) == 1 else ANTIRESORPTIVE)]


def _indicated(lesions: list[dict]) -> set[tuple[str, str]]:
    found = set()
    for lesion in lesions:
        lesion_id = str(lesion.get("lesion_id") or lesion.get("id") or "")
        if (lesion.get("radiotherapy") or {}).get("indications"):
            found.add(("radiotherapy", lesion_id))
        for procedure in ("cementoplasty", "thermal_ablation"):
            if (lesion.get(procedure) or {}).get("decision") == "indicated":
                found.add((procedure, lesion_id))
    return found


def _recorded_since(patient: Patient, day: date) -> dict[tuple[str, str], date]:
    """(kind, lesion id) -> the first date of that local treatment recorded since `day`."""
    found: dict[tuple[str, str], date] = {}
    for treatment in patient.local_treatments.all():
        if treatment.kind not in PROCEDURES or treatment.start_date < day:
            continue
        key = (treatment.kind, str(treatment.lesion_id or ""))
        found[key] = min(found.get(key, treatment.start_date), treatment.start_date)
    return found
