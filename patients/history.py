"""A patient's history: the patient's own changes and those of each of its records.

Each model's history is read in one query (the users and related drugs joined), and each
version is compared with the previous version of the same record in memory, so the page
costs one query per model however long the history.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from patients.models import (
    AntiresorptiveInjection,
    AntiresorptiveTreatment,
    Antithrombotic,
    DentalAssessment,
    Lesion,
    LocalTreatment,
    Measurement,
    MolecularMarker,
    OrthopaedicImplant,
    Patient,
    SkeletalEvent,
    SystemicTreatment,
)

HISTORY_MODELS = (
    Patient, MolecularMarker, Measurement, SystemicTreatment, Antithrombotic,
    AntiresorptiveTreatment, AntiresorptiveInjection, DentalAssessment, OrthopaedicImplant,
    SkeletalEvent, LocalTreatment, Lesion,
)
# How each model's history finds the patient's rows (an injection through its treatment).
_PATIENT_LOOKUP = {Patient: "id", AntiresorptiveInjection: "treatment__patient_id"}
# The field that tells two records of the same kind apart, shown next to the record's name.
_SUBJECT_FIELDS = ("marker", "kind", "drug", "site", "assessed_on", "given_on")
_NOT_SHOWN = {"id", "patient"}
_ACTIONS = {"+": gettext_lazy("created"), "~": gettext_lazy("changed"),
            "-": gettext_lazy("deleted")}


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: object  # None when the field was empty
    new: object


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime
    who: object  # the user, or None for a change made outside a request (import, shell)
    record: str
    action: str
    history_type: str  # "+" created, "~" changed, "-" deleted
    changes: tuple[FieldChange, ...]


def patient_history(patient: Patient) -> list[HistoryEntry]:
    entries = [entry for model in HISTORY_MODELS for entry in _model_history(model, patient)]
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries


def _model_history(model, patient: Patient) -> Iterator[HistoryEntry]:
    lookup = {_PATIENT_LOOKUP.get(model, "patient_id"): patient.pk}
    related = [f.name for f in model._meta.fields if f.many_to_one and f.name not in _NOT_SHOWN]
    records = (model.history.filter(**lookup).select_related("history_user", *related)
               .order_by("history_date", "history_id"))
    previous = {}
    for record in records:
        changes = _changes(previous.get(record.id), record)
        previous[record.id] = record
        if changes or record.history_type != "~":
            yield HistoryEntry(when=record.history_date, who=record.history_user,
                               record=_record_label(model, record),
                               action=_ACTIONS.get(record.history_type, ""),
                               history_type=record.history_type,
                               changes=changes)


def _changes(old, new) -> tuple[FieldChange, ...]:
    """What differs from the previous version: every filled field on creation, every
    filled field emptied on deletion."""
    fields = [f for f in new.tracked_fields if f.editable and f.name not in _NOT_SHOWN]
    if new.history_type == "-":
        before, after = new, None
    else:
        before, after = old, new
    if before is not None and after is not None:
        changed = set(after.diff_against(before).changed_fields)
        fields = [f for f in fields if f.name in changed]
    changes = (FieldChange(capfirst(f.verbose_name), _shown(before, f), _shown(after, f))
               for f in fields)
    return tuple(change for change in changes if change.old != change.new)


def _shown(record, field) -> object:
    value = getattr(record, field.name) if record is not None else None
    if value is None or value == "":
        return None
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return value


def _record_label(model, record) -> str:
    label = capfirst(model._meta.verbose_name)
    names = {f.name: f for f in model._meta.fields}
    for name in _SUBJECT_FIELDS:
        if name in names:
            subject = _shown(record, names[name])
            return f"{label}: {subject}" if subject is not None else label
    return label
