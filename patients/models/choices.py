"""Choice lists shared by several patient models."""

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
