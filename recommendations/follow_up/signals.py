"""Refresh a patient's follow-up actions when something they are computed from changes.

Saving or deleting a record the engine reads (a measurement, a dental assessment, an
anti-resorptive treatment or injection, a systemic or local treatment), or a proposal
becoming valid or superseded, queues `refresh_follow_up` for that patient once the
transaction commits (`transaction.on_commit`): a rolled-back change queues nothing, and a
transaction that saves many records of one patient (a form with several rows, a deletion
that cascades) queues one refresh. Without a broker (development, tests) the task runs inline
after the commit.

Not watched: the patient's own row (saved on every edit of the form; what the actions read
of it, age and sex for the clearance, moves no date), lesions (read from the signed
proposal, not the record) and bulk loaders (`bulk_create` and `update` send no signal). The
daily job (`digest.run_daily`) refreshes every patient, and so catches up on all of those.

A refresh that cannot be queued or fails inline is logged and left to the daily job: the
change itself is saved, and the person who made it does not get an error for it.
"""

import logging
from collections.abc import Callable

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from patients.models import (
    AntiresorptiveInjection,
    AntiresorptiveTreatment,
    DentalAssessment,
    LocalTreatment,
    Measurement,
    SystemicTreatment,
)
from recommendations.models import Case, Proposal, ProposalStatus

logger = logging.getLogger(__name__)
PATIENT_RECORDS = (Measurement, DentalAssessment, AntiresorptiveTreatment, SystemicTreatment,
                   LocalTreatment)
PROPOSAL_STATES = (ProposalStatus.VALID, ProposalStatus.SUPERSEDED)


class Once:
    """Shared by the callbacks of one transaction that refresh the same patient: the first
    to run does it, the others see it done."""

    done = False


class QueuedRefresh:
    """An on-commit callback refreshing one patient, named by `key`; `patient_id` finds the
    patient after the commit (None: nothing to do)."""

    def __init__(self, key: tuple, patient_id: Callable[[], int | None], once: Once):
        self.key, self.patient_id, self.once = key, patient_id, once

    def __call__(self) -> None:
        from recommendations.tasks import refresh_follow_up

        if self.once.done:
            return
        self.once.done = True
        try:
            patient_id = self.patient_id()
            if patient_id is not None:
                refresh_follow_up.delay(patient_id)
        except Exception:  # noqa: BLE001 (the daily job refreshes every patient anyway)
            logger.exception("The follow-up actions could not be refreshed after a change "
                             "(%s %s); the daily job will.", *self.key)


def queue_refresh(key: tuple, patient_id: Callable[[], int | None]) -> None:
    """Queue the refresh after the commit; several for one key in a transaction run once.
    Every change adds its callback (a savepoint rolled back removes its own), sharing the
    `Once` of a pending one for the same key."""
    connection = transaction.get_connection()
    pending = connection.run_on_commit if connection.in_atomic_block else ()
    once = next((callback.once for _savepoints, callback, *_robust in pending
                 if isinstance(callback, QueuedRefresh) and callback.key == key
                 and not callback.once.done), None)
    transaction.on_commit(QueuedRefresh(key, patient_id, once or Once()))


def refresh_patient_of(patient_id: int) -> None:
    queue_refresh(("patient", patient_id), lambda: patient_id)


def record_changed(sender, instance, **kwargs) -> None:
    refresh_patient_of(instance.patient_id)


def injection_changed(sender, instance, **kwargs) -> None:
    if AntiresorptiveInjection.treatment.is_cached(instance):
        refresh_patient_of(instance.treatment.patient_id)
        return
    # Read after the commit, not now (no query in the request that saves it); a treatment
    # deleted with it has queued its own refresh.
    treatment_id = instance.treatment_id
    queue_refresh(("treatment", treatment_id), lambda: AntiresorptiveTreatment.objects.filter(
        pk=treatment_id).values_list("patient_id", flat=True).first())


def proposal_changed(sender, instance, update_fields=None, **kwargs) -> None:
    """A proposal signed (valid) or superseded: the actions follow the latest valid one. The
    versions of one case moved in one transaction (sign the new, supersede the old) queue
    one refresh."""
    if instance.status not in PROPOSAL_STATES:
        return
    if update_fields is not None and "status" not in update_fields:
        return
    case_id = instance.case_id
    queue_refresh(("case", case_id), lambda: Case.objects.filter(pk=case_id).values_list(
        "patient_id", flat=True).first())


def connect() -> None:
    """Called by the app's ready(); each receiver connected once (dispatch_uid)."""
    for model in PATIENT_RECORDS:
        for signal in (post_save, post_delete):
            signal.connect(record_changed, sender=model,
                           dispatch_uid=f"follow_up.{signal is post_save}.{model.__name__}")
    for signal in (post_save, post_delete):
        signal.connect(injection_changed, sender=AntiresorptiveInjection,
                       dispatch_uid=f"follow_up.{signal is post_save}.injection")
    post_save.connect(proposal_changed, sender=Proposal, dispatch_uid="follow_up.proposal")
