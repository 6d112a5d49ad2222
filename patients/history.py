"""A patient's history: the patient's own changes and those of each of its records.

The full history reads each model's history in one query (the users and related drugs
joined) and compares each version with the previous version of the same record in memory, so
that page costs one query per model however long the history. The record page shows only
the latest few entries: `recent_history` finds them in one query across the history tables,
then reads just those versions and the ones before them, so its cost does not grow with the
history.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from django.db.models import IntegerField, OuterRef, Q, Subquery, Value
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
    """Every entry, newest first; entries at the same instant in HISTORY_MODELS' order, then
    in the order they were recorded."""
    entries = [entry for model in HISTORY_MODELS for entry in _model_history(model, patient)]
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries


def recent_history(patient: Patient, count: int) -> list[HistoryEntry]:
    """The first `count` entries of `patient_history`, reading only the latest versions.

    A change that altered no shown field is not an entry, so a batch of versions may give
    fewer entries than it holds: the next, larger batch is read until `count` entries are
    found or the history is exhausted.
    """
    entries: list[HistoryEntry] = []
    start, size = 0, 2 * count
    while len(entries) < count:
        latest = list(_latest_versions(patient)[start:start + size])
        entries += _entries_of(patient, latest)
        if len(latest) < size:
            break
        start, size = start + size, 2 * size
    return entries[:count]


@cache
def _historical(model):
    """The model's history table; `model.history` builds a new manager class each time."""
    return model.history.model


def _history_rows(model, patient: Patient):
    lookup = {_PATIENT_LOOKUP.get(model, "patient_id"): patient.pk}
    return _historical(model).objects.filter(**lookup)


def _with_related(model, rows):
    related = [f.name for f in model._meta.fields if f.many_to_one and f.name not in _NOT_SHOWN]
    return rows.select_related("history_user", *related)


def _latest_versions(patient: Patient):
    """(history_date, model's index in HISTORY_MODELS, history_id) of every version, in
    patient_history's order: one query over all the history tables."""
    branches = [
        _history_rows(model, patient)
        .annotate(model_index=Value(index, output_field=IntegerField()))
        .values_list("history_date", "model_index", "history_id")
        .order_by()
        for index, model in enumerate(HISTORY_MODELS)
    ]
    return (branches[0].union(*branches[1:], all=True)
            .order_by("-history_date", "model_index", "history_id"))


def _entries_of(patient: Patient, latest: list[tuple]) -> list[HistoryEntry]:
    """The entries of these versions (in their order), each compared with the version of the
    same record before it: one query per history table involved."""
    wanted: dict[int, list[int]] = {}
    for _when, index, history_id in latest:
        wanted.setdefault(index, []).append(history_id)
    versions = {}
    for index, history_ids in wanted.items():
        versions[index] = _versions_and_previous(HISTORY_MODELS[index], patient, history_ids)
    entries = []
    for _when, index, history_id in latest:
        record, previous = versions[index][history_id]
        entry = _entry(HISTORY_MODELS[index], previous, record)
        if entry is not None:
            entries.append(entry)
    return entries


def _versions_and_previous(model, patient: Patient, history_ids: list[int]) -> dict:
    """{history_id: (version, the version of the same record before it or None)}."""
    rows = _history_rows(model, patient)
    earlier = (rows.filter(id=OuterRef("id"))
               .filter(Q(history_date__lt=OuterRef("history_date"))
                       | Q(history_date=OuterRef("history_date"),
                           history_id__lt=OuterRef("history_id")))
               .order_by("-history_date", "-history_id").values("history_id")[:1])
    previous_ids = (_historical(model).objects.filter(history_id__in=history_ids)
                    .annotate(previous_id=Subquery(earlier)).values("previous_id"))
    fetched = {row.history_id: row for row in _with_related(model, rows).filter(
        Q(history_id__in=history_ids) | Q(history_id__in=previous_ids))}
    by_record = {}
    for row in sorted(fetched.values(), key=lambda row: (row.history_date, row.history_id)):
        by_record.setdefault(row.id, []).append(row)
    pairs = {}
    for versions in by_record.values():
        for before, row in zip([None, *versions[:-1]], versions, strict=True):
            pairs[row.history_id] = (row, before)
    return {history_id: pairs[history_id] for history_id in history_ids}


def _model_history(model, patient: Patient) -> Iterator[HistoryEntry]:
    records = _with_related(model, _history_rows(model, patient)).order_by("history_date",
                                                                           "history_id")
    previous = {}
    for record in records:
        entry = _entry(model, previous.get(record.id), record)
        previous[record.id] = record
        if entry is not None:
            yield entry


def _entry(model, previous, record) -> HistoryEntry | None:
    """The entry of a version, None for a change that altered no shown field."""
    changes = _changes(previous, record)
    if not changes and record.history_type == "~":
        return None
    return HistoryEntry(when=record.history_date, who=record.history_user,
                        record=_record_label(model, record),
                        action=_ACTIONS.get(record.history_type, ""),
                        history_type=record.history_type, changes=changes)


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
