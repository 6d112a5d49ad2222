"""Typed table of the follow-up actions of a signed proposal (the `follow_up` topic): one
row per kind of action, with its own interval or the referential value it reuses."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from scoring.models.referential import TableRow
from scoring.models.tables_base import AT_LEAST_ONE

FOLLOW_UP_UNITS = ("days", "weeks", "months")


def validate_follow_up_unit(value) -> None:
    if value and value not in FOLLOW_UP_UNITS:
        raise ValidationError(_("Give days, weeks or months."), code="unit")


class FollowUpRule(TableRow):
    """A kind of follow-up action (dental check, denosumab injection, re-evaluation after a
    procedure...): its interval, or the value of another topic it reuses, never both."""

    code = models.CharField(_("code"), max_length=60)
    every = models.IntegerField(_("interval"), null=True, blank=True, validators=[AT_LEAST_ONE],
                                help_text=_("Empty when the interval is read from another "
                                            "topic."))
    unit = models.CharField(_("unit"), max_length=10, blank=True,
                            validators=[validate_follow_up_unit],
                            help_text=_("days, weeks or months."))
    interval_from = models.CharField(
        _("interval read from"), max_length=80, blank=True,
        help_text=_("The referential value reused, e.g. antiresorptive.dental_follow_up."))
    label_fr = models.CharField(_("label (French)"), max_length=200)
    label_en = models.CharField(_("label (English)"), max_length=200)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta(TableRow.Meta):
        verbose_name = _("follow-up rule")
        verbose_name_plural = _("follow-up rules")

    def __str__(self) -> str:
        return self.code

    def clean(self):
        super().clean()
        own = self.every is not None or bool(self.unit)
        if own == bool(self.interval_from):
            raise ValidationError(_("Give either an interval and its unit, or the value it is "
                                    "read from, not both."))
        if own and (self.every is None or not self.unit):
            raise ValidationError(_("An interval needs both a number and a unit."))
