"""What the typed tables share: the band base, field helpers and the one-row validators.

A validator here checks one value of one row (a dose is positive, a delay is not negative, a
list of codes is a list of codes); what a whole table must respect is the engine parser's.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from scoring.models.referential import TableRow

NON_NEGATIVE = MinValueValidator(0)  # points, windows, delays, days
AT_LEAST_ONE = MinValueValidator(1)  # counts and intervals that cannot be zero
DELAY_UNITS = ("days", "hours")
RHYTHM_UNITS = ("weeks", "months")
RHYTHM_AGENT_KEYS = {"drug_code", "every", "unit", "spaced_every", "spaced_unit"}


def bound(name: str):
    return models.DecimalField(name, max_digits=10, decimal_places=3, null=True, blank=True,
                               help_text=_("Empty: no bound."))


def inclusive(name: str):
    return models.BooleanField(name, null=True, blank=True)


def validate_positive(value) -> None:
    """A dose, a half-life, a threshold: strictly above zero."""
    if value is not None and not value > 0:
        raise ValidationError(_("Must be greater than zero."), code="not_positive")


def validate_codes(value) -> None:
    """A list of codes, e.g. ["enoxaparin", "tinzaparin"]."""
    if not isinstance(value, list) or not value or not all(
            isinstance(code, str) and code.strip() for code in value):
        raise ValidationError(_('Give a list of codes, e.g. ["long_bone"].'), code="codes")


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def validate_delay(value) -> None:
    """A delay before a procedure: {"value": n, "unit": "days" or "hours"}, n ≥ 0."""
    if (not isinstance(value, dict) or set(value) != {"value", "unit"}
            or value["unit"] not in DELAY_UNITS or not _whole(value["value"])):
        raise ValidationError(_('Give a delay as {"value": n, "unit": "days" or "hours"}.'),
                              code="delay")
    if value["value"] < 0:
        raise ValidationError(_("A delay must not be negative."), code="negative_delay")


def validate_rhythm_agents(value) -> None:
    """[{"drug_code", "every", "unit", optional "spaced_every", "spaced_unit"}, ...]: every
    interval a whole number ≥ 1 of weeks or months."""
    message = _('Give a list of {"drug_code", "every", "unit" (weeks or months)}, with an '
                'optional "spaced_every" and "spaced_unit"; every interval is at least 1.')
    if not isinstance(value, list) or not value:
        raise ValidationError(message, code="rhythm_agents")
    for agent in value:
        if (not isinstance(agent, dict) or set(agent) - RHYTHM_AGENT_KEYS
                or not isinstance(agent.get("drug_code"), str) or not agent["drug_code"]):
            raise ValidationError(message, code="rhythm_agents")
        intervals = [("every", "unit")]
        if agent.get("spaced_every") is not None or agent.get("spaced_unit") is not None:
            intervals.append(("spaced_every", "spaced_unit"))
        for every, unit in intervals:
            count = agent.get(every)
            if not _whole(count) or count < 1 or agent.get(unit) not in RHYTHM_UNITS:
                raise ValidationError(message, code="rhythm_agents")


class BandRow(TableRow):
    """A row that covers a range of values: [lower, upper), with explicit inclusiveness."""

    code = models.CharField(_("code"), max_length=60)
    lower = bound(_("lower bound"))
    lower_inclusive = inclusive(_("lower bound included"))
    upper = bound(_("upper bound"))
    upper_inclusive = inclusive(_("upper bound included"))

    class Meta(TableRow.Meta):
        abstract = True

