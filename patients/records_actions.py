"""Writes to a treatment's anti-resorptive injections.

The rules (and the case snapshot) read `AntiresorptiveTreatment.last_injection_date`. Once
injections are recorded, that date is the latest of them: every action below changes the
injections and sets the treatment's date again in the same transaction, so no reader ever
sees the two disagree. When the last recorded injection is deleted, the date is cleared:
nothing recorded says any more when the last injection was.
"""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Max

from patients.models import AntiresorptiveInjection, AntiresorptiveTreatment


@transaction.atomic
def record_injection(*, treatment: AntiresorptiveTreatment, given_on: dt.date,
                     dose_mg: Decimal | None = None, note: str = "") -> AntiresorptiveInjection:
    injection = AntiresorptiveInjection(treatment=treatment, given_on=given_on,
                                        dose_mg=dose_mg, note=note)
    return _saved(injection)


@transaction.atomic
def change_injection(injection: AntiresorptiveInjection, *, given_on: dt.date,
                     dose_mg: Decimal | None = None, note: str = "") -> AntiresorptiveInjection:
    injection.given_on, injection.dose_mg, injection.note = given_on, dose_mg, note
    return _saved(injection)


@transaction.atomic
def delete_injection(injection: AntiresorptiveInjection) -> None:
    treatment = injection.treatment
    injection.delete()
    sync_last_injection_date(treatment)


def _saved(injection: AntiresorptiveInjection) -> AntiresorptiveInjection:
    # The model's rules (within the treatment, not ahead, one a day) hold for every caller.
    injection.full_clean()
    injection.save()
    sync_last_injection_date(injection.treatment)
    return injection


def sync_last_injection_date(treatment: AntiresorptiveTreatment) -> None:
    """Set the treatment's last injection to its latest recorded injection (None when none
    is left). Call inside the transaction that changed the injections."""
    # The row lock makes concurrent writers to the same treatment take turns, so the latest
    # one reads every injection committed before it.
    locked = AntiresorptiveTreatment.objects.select_for_update().get(pk=treatment.pk)
    latest = locked.injections.aggregate(latest=Max("given_on"))["latest"]
    if locked.last_injection_date != latest:
        locked.last_injection_date = latest
        locked.save(update_fields=["last_injection_date"])
    treatment.last_injection_date = latest
