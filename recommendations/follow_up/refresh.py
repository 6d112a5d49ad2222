"""Keep a patient's follow-up actions in step with their latest signed proposal and records.

Run by the daily job for every patient with a signed proposal, and for one patient when a
proposal is signed or a record the engine reads changes (`signals`). Safe to run twice: the
rows are matched on (proposal, kind, subject, date).

- The actions come from the patient's latest valid proposal, under the referential in force
  today (the reminders follow the current rules; the proposal keeps its own edition).
- An open row the engine no longer gives (a record moved its date, a treatment stopped) is
  deleted: nobody acted on it, and its history row keeps the trace. Rows people moved (done,
  not applicable) are never touched.
- A kind marked not applicable stays so for that proposal, whatever dates it would get.
- Open rows of an older proposal become "replaced" when a newer one is signed.
- An action the records already show as done (a wash-out already respected) gets no row.
"""

import logging
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Q

from patients.models import Patient
from recommendations.follow_up.inputs import done_actions, engine_proposal
from recommendations.models import FollowUpAction, FollowUpStatus, Proposal, ProposalStatus
from recommendations.workflow import Transition, TransitionRefused, perform
from scoring.adapters import PATIENT_FACT_RELATIONS, patient_facts
from scoring.engine import follow_up as engine
from scoring.engine.referential import Referential
from scoring.referentials import current_referential
from scoring.serialize import to_data

logger = logging.getLogger(__name__)
S = FollowUpStatus
REPLACE = Transition("replace", (S.OPEN,), S.REPLACED, "replace the action")


@dataclass
class RefreshCounts:
    patients: int = 0
    created: int = 0
    updated: int = 0
    removed: int = 0
    replaced: int = 0
    failed: int = 0  # patients whose refresh raised (logged; the others went on)

    def add(self, other: "RefreshCounts") -> None:
        for name in ("patients", "created", "updated", "removed", "replaced", "failed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def latest_valid_proposal(patient_id: int) -> Proposal | None:
    return (Proposal.objects.filter(case__patient_id=patient_id, status=ProposalStatus.VALID)
            .select_related("case").order_by("-validated_at", "-pk").first())


def patients_to_refresh():
    """Every patient with a valid proposal, or with open actions left to replace."""
    signed = Proposal.objects.filter(status=ProposalStatus.VALID).values("case__patient_id")
    open_rows = FollowUpAction.objects.filter(status=S.OPEN).values("patient_id")
    return Patient.objects.filter(Q(pk__in=signed) | Q(pk__in=open_rows)).order_by("pk")


def refresh_all(today: date, referential: Referential | None = None) -> RefreshCounts:
    referential = referential or current_referential()
    counts = RefreshCounts()
    for patient_id in patients_to_refresh().values_list("pk", flat=True).iterator():
        try:
            counts.add(refresh_patient(patient_id, today, referential))
        except Exception:  # noqa: BLE001 (one patient's data must not stop everyone's reminders)
            logger.exception("The follow-up actions of patient %s could not be refreshed.",
                             patient_id)
            counts.add(RefreshCounts(patients=1, failed=1))
    return counts


def refresh_patient(patient_id: int, today: date,
                    referential: Referential | None = None) -> RefreshCounts:
    counts = RefreshCounts(patients=1)
    proposal = latest_valid_proposal(patient_id)
    _replace_older(patient_id, proposal, counts)
    if proposal is None:
        return counts
    patient = (Patient.objects.prefetch_related(*PATIENT_FACT_RELATIONS, "local_treatments")
               .get(pk=patient_id))
    referential = referential or current_referential()
    computed = engine.follow_up_actions(
        patient_facts(patient, today), engine_proposal(proposal, patient), today,
        referential, done=done_actions(proposal))
    with transaction.atomic():
        # One refresh of a proposal's rows at a time (the daily job and one queued after a
        # change may meet): the second waits, then finds the rows the first wrote.
        Proposal.objects.select_for_update().filter(pk=proposal.pk).exists()
        _store(proposal, patient_id, computed, referential["follow_up"], counts)
    return counts


def _replace_older(patient_id: int, proposal: Proposal | None, counts: RefreshCounts) -> None:
    older = FollowUpAction.objects.filter(patient_id=patient_id, status=S.OPEN)
    if proposal is not None:
        older = older.exclude(proposal=proposal)
    for action in older:
        note = "" if proposal is None else f"proposal {proposal.pk}"
        try:
            perform(action, REPLACE, None, note=note)
        except TransitionRefused:
            continue  # moved meanwhile (someone acted, or a concurrent refresh replaced it)
        counts.replaced += 1


def _store(proposal: Proposal, patient_id: int, computed, table,
           counts: RefreshCounts) -> None:
    rows = {(row.kind, row.subject, row.due_date): row
            for row in FollowUpAction.objects.select_for_update().filter(proposal=proposal)}
    not_applicable = {(row.kind, row.subject) for row in rows.values()
                      if row.status == S.NOT_APPLICABLE}
    wanted = set()
    for action in computed:
        if action.status == engine.DONE or (action.kind, action.subject) in not_applicable:
            continue
        key = (action.kind, action.subject, action.due_date)
        wanted.add(key)
        values = _values(action, table)
        row = rows.get(key)
        if row is None:
            FollowUpAction.objects.create(proposal=proposal, patient_id=patient_id,
                                          kind=action.kind, subject=action.subject,
                                          due_date=action.due_date, **values)
            counts.created += 1
        elif row.status == S.OPEN and any(getattr(row, k) != v for k, v in values.items()):
            FollowUpAction.objects.filter(pk=row.pk).update(**values)
            counts.updated += 1
    stale = [row.pk for key, row in rows.items() if row.status == S.OPEN and key not in wanted]
    if stale:
        for row in FollowUpAction.objects.filter(pk__in=stale):
            row.delete()  # one by one: each leaves its history row
        counts.removed += len(stale)


def _values(action, table) -> dict:
    rule = table[action.kind]
    return {"label_fr": rule.label_fr[:200], "label_en": rule.label_en[:200],
            "timing": action.timing, "flagged": action.flagged,
            "reasons": to_data(list(action.reasons)), "missing": to_data(list(action.missing))}
