"""Optimistic concurrency for the records several people edit (patients, lesions, cases,
proposals): a save names the `lock_version` its form was loaded with, and is refused when
someone else saved the record in the meantime, so nobody overwrites a change unseen.

The claim is one conditional UPDATE (`... WHERE lock_version = loaded`), made inside the
save's transaction: two saves from the same version cannot both succeed, since the second
waits for the first's row lock and then matches no row. A refused save raises EditConflict,
which says who saved last, when, and which fields differ from what the user typed; the view
re-renders the user's form (nothing typed is lost) with the stored version, so saving again
after review overwrites deliberately.
"""

import re
from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.db import models, transaction
from django.db.models import F
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

LOCK_FIELD = "lock_version"
_VERSION = re.compile(r"[0-9]{1,9}")
STALE_FORM = gettext_lazy("This form could not be matched to a version of the record: "
                          "copy your changes, reload the page and enter them again.")


@dataclass(frozen=True)
class Difference:
    """A field whose stored value is not what the user typed."""

    label: str
    stored: str
    typed: str


class EditConflict(Exception):
    """Someone else saved the record after this form was loaded."""

    def __init__(self, *, current_version: int, changed_by, changed_at: datetime | None,
                 differences: list[Difference]) -> None:
        super().__init__(f"stale edit: the record is now at version {current_version}")
        self.current_version = current_version
        self.changed_by = changed_by
        self.changed_at = changed_at
        self.differences = differences


class LockVersionFormMixin:
    """A ModelForm carrying, in a hidden field, the version of the record it was loaded
    from. Put it before forms.ModelForm; crispy layouts need `render_hidden_fields`."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields[LOCK_FIELD] = forms.CharField(
            widget=forms.HiddenInput, required=False,
            initial=getattr(self.instance, LOCK_FIELD, None))

    def clean(self) -> dict:
        cleaned = super().clean()
        if self._posted_version() and self.loaded_version is None:
            self.add_error(None, forms.ValidationError(STALE_FORM, code="bad_lock_version"))
        return cleaned

    def _posted_version(self) -> str:
        return str(self.data.get(LOCK_FIELD) or "").strip() if self.is_bound else ""

    @property
    def loaded_version(self) -> int | None:
        """The version the form was loaded with. Every page form posts it; a post without
        it (a script, not this form) is checked against the version read with the record."""
        raw = self._posted_version()
        if not raw:
            return getattr(self.instance, LOCK_FIELD, None)
        return int(raw) if _VERSION.fullmatch(raw) else None

    def typed_values(self) -> dict:
        """The model fields the user submitted, as cleaned values."""
        return {name: value for name, value in self.cleaned_data.items()
                if name in self._meta.fields}

    def accept_stored_version(self, conflict: EditConflict) -> None:
        """Keep what was typed but carry the stored version: saving again after review
        overwrites on purpose."""
        self.data = self.data.copy()
        self.data[LOCK_FIELD] = str(conflict.current_version)


def claim_version(instance: models.Model, *, loaded_version: int | None,
                  typed: dict) -> None:
    """Move the stored record from `loaded_version` to the next one, or raise EditConflict.

    Call it inside the transaction that then saves `instance`; it sets the instance's
    lock_version to the claimed one so the full save keeps it."""
    model = type(instance)
    claimed = loaded_version is not None and model._default_manager.filter(
        pk=instance.pk, lock_version=loaded_version,
    ).update(lock_version=F(LOCK_FIELD) + 1)
    if not claimed:
        raise conflict_with(model._default_manager.get(pk=instance.pk), typed)
    instance.lock_version = loaded_version + 1


def bump_version(instance: models.Model) -> None:
    """Move the stored record to its next version whatever it was: for saves that have no
    loaded version to compare (the Django admin), so that edit forms opened before them are
    seen as stale. Call it inside the transaction that then saves `instance`."""
    model = type(instance)
    model._default_manager.filter(pk=instance.pk).update(lock_version=F(LOCK_FIELD) + 1)
    instance.lock_version = model._default_manager.values_list(
        LOCK_FIELD, flat=True).get(pk=instance.pk)


def save_unless_changed(form: LockVersionFormMixin) -> models.Model:
    """Save a valid LockVersionFormMixin form, or raise EditConflict and save nothing."""
    with transaction.atomic():
        claim_version(form.instance, loaded_version=form.loaded_version,
                      typed=form.typed_values())
        return form.save()


def conflict_with(stored: models.Model, typed: dict) -> EditConflict:
    """Who saved `stored` last and when (its history), and how it differs from `typed`."""
    last = stored.history.first() if hasattr(stored, "history") else None
    return EditConflict(
        current_version=stored.lock_version,
        changed_by=getattr(last, "history_user", None),
        changed_at=getattr(last, "history_date", None),
        differences=differences(stored, typed),
    )


def differences(stored: models.Model, typed: dict) -> list[Difference]:
    """The typed fields whose stored value is not the one typed, in words."""
    found = []
    for name, value in typed.items():
        field = stored._meta.get_field(name)
        now = field.value_from_object(stored)
        if _comparable(field, now) != _comparable(field, value):
            found.append(Difference(str(capfirst(field.verbose_name)),
                                    _in_words(field, now), _in_words(field, value)))
    return found


def _comparable(field: models.Field, value):
    if field.many_to_many:
        return {item.pk for item in value or []}
    if value in (None, ""):
        return None
    if field.is_relation:
        return getattr(value, "pk", value)
    return value


def _in_words(field: models.Field, value) -> str:
    if field.many_to_many:
        return ", ".join(sorted(str(item) for item in value or [])) or "—"
    labels = dict(field.flatchoices) if field.choices else {}
    if value in labels:  # a blank choice may have a name ("Unknown")
        return str(labels[value])
    if value in (None, ""):
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return str(formats.localize(value))
