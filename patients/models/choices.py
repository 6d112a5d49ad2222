"""Choice lists shared by several patient models."""

from functools import cache

from django.db import models
from django.utils.translation import gettext_lazy as _


class YesNoUnknown(models.TextChoices):
    """A yes/no fact that may not be known yet: unknown is reported, never read as 'no'."""

    UNKNOWN = "", _("Unknown")
    YES = "yes", _("Yes")
    NO = "no", _("No")


class Side(models.TextChoices):
    LEFT = "left", _("Left")
    RIGHT = "right", _("Right")


def choice_label(record, field_name: str) -> str:
    """What `get_<field>_display()` shows, from a map of the field's choices built once:
    Django's own rebuilds it (hashing every lazy label) on each call, and lists call it for
    every row. Each label is translated when shown, in the request's language."""
    field = record._meta.get_field(field_name)
    value = getattr(record, field.attname)
    return str(_choice_labels(field).get(value, value))


@cache
def _choice_labels(field) -> dict:
    return dict(field.flatchoices)
