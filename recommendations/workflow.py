"""A small explicit state machine for the workflows (cases, proposals).

A `Transition` names the states it leaves from and the state it leads to. `perform` refuses
any other move with a clear message, changes the state under a row lock (two people clicking
at once cannot both move the same case), and records who did it and when (`WorkflowEvent`).
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext as _

from recommendations.models import WorkflowEvent


class TransitionRefused(Exception):
    """The move is not allowed now; the message says why, for the person who tried."""


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple[str, ...]
    target: str
    label: str  # what the action is called, e.g. "submit"


def perform(obj, transition: Transition, user, *, note: str = "", changes: dict | None = None,
            check=None) -> WorkflowEvent:
    """Move `obj` (a model with a `status`) along `transition`, with its field `changes`.

    `check(obj)` may raise TransitionRefused after the lock is taken, on fresh data."""
    model = type(obj)
    with transaction.atomic():
        locked = model.objects.select_for_update().get(pk=obj.pk)
        if locked.status not in transition.sources:
            raise TransitionRefused(
                _("Cannot %(action)s: the %(thing)s is %(state)s.") % {
                    "action": transition.label, "thing": model._meta.verbose_name,
                    "state": locked.get_status_display().lower()})
        if check is not None:
            check(locked)
        previous = locked.status
        for field, value in (changes or {}).items():
            setattr(locked, field, value)
        locked.status = transition.target
        locked._history_user = user
        locked.save(update_fields=["status", *(changes or {})])
        # A note comes as typed, outside any form: PostgreSQL refuses the NUL character.
        event = WorkflowEvent.objects.create(
            content_type=ContentType.objects.get_for_model(model), object_id=locked.pk,
            transition=transition.name, from_state=previous, to_state=transition.target,
            by=user, note=note.replace("\x00", ""))
    obj.refresh_from_db()
    return event


def events_of(obj):
    return WorkflowEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk,
    ).select_related("by")
