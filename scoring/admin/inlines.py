"""The inline tables of a referential's page: one per kind of row, editable only in a draft.

The typed tables get their inline built from their model (`row_inline`), in the order of
their specs (`table_models`), so a new table needs no code here.
"""

import json
from functools import cache

from django import forms
from django.apps import apps
from django.contrib import admin
from django.db import models

from scoring.models import ReferentialStatus, SourceDocument, TopicSettings
from scoring.referential_tables import all_specs


class PrettyJSONField(forms.JSONField):
    """JSON shown indented, so a topic's settings can be read and edited by hand; left empty,
    it is an empty object (a topic whose content is all in typed tables)."""

    def to_python(self, value):
        value = super().to_python(value)
        return {} if value is None else value

    def prepare_value(self, value):
        if isinstance(value, forms.fields.InvalidJSONInput):
            return value
        return json.dumps(value, ensure_ascii=False, indent=2, cls=self.encoder)


def is_draft(referential) -> bool:
    """None (no referential yet) counts as a draft: Django asks before it has one."""
    return referential is None or referential.status == ReferentialStatus.DRAFT


class DraftOnlyInline:
    """Rows of a referential: editable only while their referential (`obj`) is a draft."""

    extra = 0

    def has_add_permission(self, request, obj=None) -> bool:
        return is_draft(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return is_draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return is_draft(obj) and super().has_delete_permission(request, obj)


class SourceDocumentInline(DraftOnlyInline, admin.TabularInline):
    model = SourceDocument
    fields = ("position", "code", "file", "title")
    ordering = ("position", "pk")


class TopicSettingsInline(DraftOnlyInline, admin.StackedInline):
    model = TopicSettings
    fields = ("topic", "data")
    ordering = ("topic",)
    classes = ("collapse",)
    formfield_overrides = {
        models.JSONField: {
            "form_class": PrettyJSONField,
            "required": False,
            "widget": forms.Textarea(attrs={"rows": 16, "cols": 110, "class": "vLargeTextField",
                                            "style": "font-family: monospace"}),
        },
    }


COMPACT_TEXT = forms.Textarea(attrs={"rows": 2, "cols": 32})


@cache
def row_inline(model) -> type[admin.TabularInline]:
    """A tabular inline for one typed table: every field but the referential, position
    first and the source last."""
    names = [field.name for field in model._meta.concrete_fields
             if field.editable and not field.primary_key and field.name != "referential"]
    middle = [name for name in names if name not in ("position", "source")]
    fields = tuple(name for name in ("position", *middle, "source") if name in names)
    return type(f"{model.__name__}Inline", (DraftOnlyInline, admin.TabularInline), {
        "model": model,
        "fields": fields,
        "ordering": ("position", "pk"),
        "classes": ("collapse",),
        "formfield_overrides": {
            models.TextField: {"widget": COMPACT_TEXT},
            models.JSONField: {"widget": COMPACT_TEXT},
        },
    })


def table_models() -> list:
    """The typed table models, once each, in the order of their specs."""
    found = []
    for spec in all_specs():
        model = apps.get_model("scoring", spec.model)
        if model not in found:
            found.append(model)
    return found
