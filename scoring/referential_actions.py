"""What admins do with referentials: clone the active edition into a draft, validate it,
compare it, activate it, export it and import one. Each is one function, in a transaction.

Activation locks every referential row first, so two activations at once run one after the
other and leave exactly one active edition (a partial unique constraint backs this up).
"""

from django.apps import apps
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from scoring.engine.referential import ReferentialError
from scoring.models import Referential, ReferentialStatus, SourceDocument, TopicSettings
from scoring.referential_store import create_from_document, document_of, validation_errors
from scoring.referential_tables import all_specs


class ReferentialActionError(Exception):
    """An action refused, with the reasons to show the admin."""

    def __init__(self, message: str, errors: list[str] | None = None):
        super().__init__(message)
        self.errors = errors or []


def clone_referential(source: Referential, *, version: str, user=None,
                      edition: str | None = None) -> Referential:
    """A new draft with the same tables as `source`, to be edited then activated."""
    version = (version or "").strip()
    if not version:
        raise ReferentialActionError(_("A new version needs a version identifier."))
    if Referential.objects.filter(version=version).exists():
        raise ReferentialActionError(_("The version %(version)s already exists.")
                                     % {"version": version})
    document = document_of(source)
    document["version"] = version
    if edition:
        document["edition"] = edition
    return create_from_document(document, user=user, based_on=source)


def referential_errors(referential: Referential) -> list[str]:
    """Everything that would stop this edition from being activated."""
    errors = []
    for model, label in _row_models():
        for row in model.objects.filter(referential=referential):
            try:
                row.full_clean(exclude=["referential"])
            except Exception as error:  # noqa: BLE001 (ValidationError and its kin)
                messages = getattr(error, "message_dict", None) or {"": [str(error)]}
                for field, problems in messages.items():
                    errors += [f"{label}, {row}: {field} — {problem}" for problem in problems]
    return errors + validation_errors(document_of(referential))


def activate_referential(referential: Referential, *, user=None) -> Referential:
    """The draft becomes the active edition; the previous one is retired."""
    with transaction.atomic():
        list(Referential.objects.select_for_update().order_by("pk"))  # one activation at a time
        referential = Referential.objects.get(pk=referential.pk)
        if referential.status != ReferentialStatus.DRAFT:
            raise ReferentialActionError(
                _("Only a draft can be activated; %(version)s is %(status)s.")
                % {"version": referential.version, "status": referential.get_status_display()})
        errors = referential_errors(referential)
        if errors:
            raise ReferentialActionError(_("The referential is not valid."), errors)
        now = timezone.now()
        for previous in Referential.objects.filter(status=ReferentialStatus.ACTIVE):
            previous.status = ReferentialStatus.RETIRED
            previous.retired_at = now
            previous._history_user = user
            previous.save(update_fields=["status", "retired_at"])
        referential.status = ReferentialStatus.ACTIVE
        referential.activated_at = now
        referential.activated_by = user
        referential._history_user = user
        try:
            referential.save(update_fields=["status", "activated_at", "activated_by"])
        except IntegrityError as error:  # another activation slipped in: refuse, keep its
            raise ReferentialActionError(_("Another referential was activated at the same "
                                           "time; try again.")) from error
    return referential


def import_referential(document: dict, *, user=None) -> Referential:
    """A new draft from an exported document; refused whole when anything is wrong."""
    if not isinstance(document, dict):
        raise ReferentialActionError(_("The file does not hold a referential."))
    version = str(document.get("version") or "").strip()
    if version and Referential.objects.filter(version=version).exists():
        raise ReferentialActionError(_("The version %(version)s already exists.")
                                     % {"version": version})
    tables = document.get("tables")
    errors = validation_errors(document) if isinstance(tables, dict) else [
        _("The file has no tables.")]
    if errors:
        raise ReferentialActionError(_("The referential is not valid."), errors)
    try:
        with transaction.atomic():
            referential = create_from_document(document, user=user)
            errors = referential_errors(referential)
            if errors:
                raise ReferentialActionError(_("The referential is not valid."), errors)
    except ReferentialError as error:
        raise ReferentialActionError(_("The referential is not valid."), [str(error)]) from error
    except (AttributeError, TypeError, ValueError, IntegrityError) as error:
        # a file shaped unlike a referential (a source that is not an object, an id twice...)
        raise ReferentialActionError(_("The referential is not valid."),
                                     [_("Malformed file: %(error)s") % {"error": error}]) from error
    return referential


def _row_models():
    seen = {}
    for spec in all_specs():
        model = apps.get_model("scoring", spec.model)
        seen.setdefault(model, str(model._meta.verbose_name))
    seen[SourceDocument] = str(SourceDocument._meta.verbose_name)
    seen[TopicSettings] = str(TopicSettings._meta.verbose_name)
    return list(seen.items())
