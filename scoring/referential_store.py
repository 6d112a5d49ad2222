"""Referentials in the database <-> referential documents <-> engine snapshots.

A referential document is the JSON the engine parses (`name`, `edition`, `version`,
`effective_date`, `sources`, `tables`: one document per topic); it is also the export
format. `document_of` rebuilds it from the database, `create_from_document` stores one as a
new draft (import, clone, the first edition's data migration), `snapshot` gives the engine's
validated `Referential`, cached for editions that can no longer change.
"""

import datetime
import importlib
import logging
from functools import lru_cache

from django.apps import apps as global_apps
from django.db import transaction
from django.utils import timezone

from scoring.engine.referential import TOPIC_MODULES, Referential, ReferentialError
from scoring.engine.referential import build_referential as build_engine_referential
from scoring.referential_tables import (
    all_specs,
    fields_to_row,
    merge_topic,
    row_to_fields,
    specs_for,
    split_topic,
)

logger = logging.getLogger(__name__)

META_KEYS = ("name", "edition", "version", "effective_date", "sources")


def _model(name: str, apps=None):
    return (apps or global_apps).get_model("scoring", name)


def _specs(topic: str | None, apps=None) -> list:
    """The typed tables whose model exists in `apps` (all of them outside migrations)."""
    specs = all_specs() if topic is None else specs_for(topic)
    if apps is None:
        return specs
    names = {model.__name__ for model in apps.get_app_config("scoring").get_models()}
    return [spec for spec in specs if spec.model in names]


def document_of(referential, apps=None) -> dict:
    """The whole referential as a document (meta and one table per topic)."""
    settings = {s.topic: s.data for s in
                _model("TopicSettings", apps).objects.filter(referential=referential)}
    rows_by_spec = {}
    for spec in _specs(None, apps):
        model = _model(spec.model, apps)
        instances = model.objects.filter(referential=referential, **dict(spec.fixed))
        rows_by_spec[spec.name] = [fields_to_row(spec, row) for row in
                                   instances.order_by("position", "pk")]
    tables = {topic: merge_topic(topic, settings.get(topic, {}),
                                 {spec.name: rows_by_spec[spec.name]
                                  for spec in _specs(topic, apps)}, _specs(topic, apps))
              for topic in sorted(set(settings) | {spec.topic for spec in _specs(None, apps)})}
    sources = [{"id": s.code, **({"file": s.file} if s.file else {}), "title": s.title}
               for s in _model("SourceDocument", apps).objects
               .filter(referential=referential).order_by("position", "pk")]
    effective = referential.effective_date
    return {
        "name": referential.name,
        "edition": referential.edition,
        "version": referential.version,
        "effective_date": effective.isoformat() if effective else None,
        "sources": sources,
        "tables": tables,
    }


def create_from_document(document: dict, *, status: str = "draft", user=None, based_on=None,
                         apps=None):
    """A new referential holding the document, in one transaction. The document is checked
    first (structure, every row's fields); the caller validates the clinical content."""
    missing = [key for key in ("name", "edition", "version", "tables") if not document.get(key)]
    if missing:
        raise ReferentialError(f"The referential document has no {', '.join(missing)}.")
    unknown = set(document["tables"]) - set(TOPIC_MODULES)
    if unknown:
        raise ReferentialError(f"Unknown topic(s): {', '.join(sorted(unknown))}.")
    referential_model = _model("Referential", apps)
    with transaction.atomic():
        referential = referential_model.objects.create(
            name=document["name"], edition=document["edition"],
            version=str(document["version"]),
            effective_date=_date(document.get("effective_date")),
            status="draft", created_by=user, based_on=based_on)
        for position, source in enumerate(document.get("sources") or []):
            _model("SourceDocument", apps).objects.create(
                referential=referential, position=position, code=source.get("id", ""),
                file=source.get("file", ""), title=source.get("title", ""))
        for topic, data in document["tables"].items():
            _store_topic(referential, topic, data, apps)
        if status != "draft":  # the first edition, loaded active by its migration
            activated_at = timezone.now() if status == "active" else None
            referential_model.objects.filter(pk=referential.pk).update(
                status=status, activated_at=activated_at)
            referential.status, referential.activated_at = status, activated_at
    return referential


def _store_topic(referential, topic: str, data: dict, apps=None) -> None:
    if not isinstance(data, dict):
        raise ReferentialError(f"{topic}: the table must be an object.")
    specs = _specs(topic, apps)
    settings, rows = split_topic(topic, data, specs)
    _model("TopicSettings", apps).objects.create(referential=referential, topic=topic,
                                                 data=settings)
    for spec in specs:
        model = _model(spec.model, apps)
        for position, row in enumerate(rows[spec.name]):
            try:
                values = row_to_fields(spec, row, model)
            except (ValueError, ArithmeticError, TypeError) as error:
                raise ReferentialError(f"{spec.name}, row {position + 1}: {error}") from error
            model.objects.create(referential=referential, position=position, **values)


def _date(value) -> datetime.date | None:
    if value in (None, ""):
        return None
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError as error:
        raise ReferentialError(f"effective_date: {value!r} is not a date (YYYY-MM-DD).") \
            from error


def validation_errors(document: dict) -> list[str]:
    """Every topic parsed on its own by the engine, so all broken topics are named at once."""
    errors = []
    for topic, data in document["tables"].items():
        if topic not in TOPIC_MODULES:
            errors.append(f"Unknown topic {topic!r}.")
            continue
        module = importlib.import_module(TOPIC_MODULES[topic])
        try:
            getattr(module, f"parse_{topic}")(data)
        except ReferentialError as error:
            errors.append(str(error))
        except (KeyError, TypeError, ValueError, ArithmeticError, AttributeError) as error:
            errors.append(f"{topic}: malformed table ({type(error).__name__}: {error}).")
    missing = sorted(set(TOPIC_MODULES) - set(document["tables"]))
    if missing:
        errors.append(f"Missing topic(s): {', '.join(missing)}.")
    return errors


def snapshot(referential) -> Referential:
    """The engine's referential for a database edition; frozen editions are cached."""
    if referential.status == "draft":
        return build_engine_referential(document_of(referential))
    return _frozen_snapshot(referential.pk, referential.version, referential.activated_at)


@lru_cache(maxsize=16)
def _frozen_snapshot(pk: int, version: str, activated_at) -> Referential:
    """Keyed by what identifies one frozen content: an edition never changes once active."""
    referential = _model("Referential").objects.get(pk=pk)
    return build_engine_referential(document_of(referential))


def ensure_first_referential():
    """The active edition, or the seed edition loaded active when the database has none (a
    database emptied after its migrations: transactional tests, a hand-made restore)."""
    referential_model = _model("Referential")
    active = referential_model.objects.filter(status="active").first()
    if active is not None:
        return active
    from scoring.referential_data import read_document

    return create_from_document(read_document(), status="active")
