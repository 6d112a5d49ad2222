"""Bulk insertion helpers: batches, and timestamps kept as generated.

`bulk_create` skips `save()`, signals and django-simple-history (no historical rows for
generated data: they were never edited), but it still stamps `auto_now`/`auto_now_add`
fields with the present moment. Generated records carry their own past dates (a signature
on its meeting's day), so those stamps are switched off while inserting.
"""

from collections.abc import Iterable
from contextlib import contextmanager

BATCH_SIZE = 5000


def insert(model, objects: Iterable, *, batch_size: int = BATCH_SIZE) -> list:
    """Insert in batches; the returned objects carry their primary keys (PostgreSQL and
    SQLite both return them from a bulk insert)."""
    objects = list(objects)
    with given_timestamps(model):
        return model.objects.bulk_create(objects, batch_size=batch_size)


@contextmanager
def given_timestamps(model):
    """The model's auto_now/auto_now_add fields keep the values set on the objects."""
    saved = []
    for field in model._meta.concrete_fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            saved.append((field, field.auto_now, field.auto_now_add))
            field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add
