"""Typed tables of the bone treatment topics: vitamin D (001 1 and Tableau 1), how zoledronic
acid is given (001 2.4), and the anti-resorptive agents and rhythms (001 2.2-2.4)."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from scoring.models.referential import TableRow
from scoring.models.tables_base import (
    AT_LEAST_ONE,
    NON_NEGATIVE,
    BandRow,
    validate_positive,
    validate_rhythm_agents,
)


class VitaminDLoadingBand(BandRow):
    """The loading scheme for a 25-OH vitamin D level band (ng/mL): how many doses, of how
    much, how often (none at or above the target)."""

    label = models.CharField(_("label"), max_length=40)
    doses = models.IntegerField(_("number of doses"), validators=[NON_NEGATIVE],
                                help_text=_("0: nothing to load."))
    dose_iu = models.IntegerField(_("dose (IU)"), null=True, blank=True,
                                  validators=[AT_LEAST_ONE])
    interval_days = models.IntegerField(_("interval between doses (days)"), null=True,
                                        blank=True, validators=[AT_LEAST_ONE])
    history = HistoricalRecords()

    class Meta(BandRow.Meta):
        verbose_name = _("vitamin D loading band")
        verbose_name_plural = _("vitamin D loading bands")

    def __str__(self) -> str:
        return self.code

    def clean(self):
        super().clean()
        if self.doses and (self.dose_iu is None or self.interval_days is None):
            raise ValidationError(_("A loading scheme with doses gives the dose and the "
                                    "interval."))


class VitaminDStatusBand(BandRow):
    """What a 25-OH vitamin D level means (deficiency, insufficiency, recommended...)."""

    label_fr = models.CharField(_("label (French)"), max_length=300)
    label_en = models.CharField(_("label (English)"), max_length=300)
    history = HistoricalRecords()

    class Meta(BandRow.Meta):
        verbose_name = _("vitamin D status band")
        verbose_name_plural = _("vitamin D status bands")

    def __str__(self) -> str:
        return self.code


class ZolAdministrationRow(TableRow):
    """How zoledronic acid is given: infusion time, hydration, paracetamol at the first
    infusion. Each row gives only the numbers of its step."""

    code = models.CharField(_("code"), max_length=40)
    min_minutes = models.IntegerField(_("minimum infusion time (min)"), null=True, blank=True,
                                      validators=[AT_LEAST_ONE])
    max_minutes = models.IntegerField(_("maximum infusion time (min)"), null=True, blank=True,
                                      validators=[AT_LEAST_ONE])
    trial_minutes = models.IntegerField(_("infusion time in the trial (min)"), null=True,
                                        blank=True, validators=[AT_LEAST_ONE])
    dose_g = models.DecimalField(_("dose (g)"), max_digits=5, decimal_places=2, null=True,
                                 blank=True, validators=[validate_positive])
    times_per_day = models.IntegerField(_("times a day"), null=True, blank=True,
                                        validators=[AT_LEAST_ONE])
    days_after = models.IntegerField(_("days after the infusion"), null=True, blank=True,
                                     validators=[NON_NEGATIVE])
    flu_like_percent = models.IntegerField(_("flu-like syndrome (%)"), null=True, blank=True,
                                           validators=[NON_NEGATIVE, MaxValueValidator(100)])
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta(TableRow.Meta):
        verbose_name = _("zoledronic acid administration row")
        verbose_name_plural = _("zoledronic acid administration rows")

    def __str__(self) -> str:
        return self.code

    def clean(self):
        super().clean()
        low, high = self.min_minutes, self.max_minutes
        if low is not None and high is not None and low > high:
            raise ValidationError(_("The minimum infusion time exceeds the maximum."))


class AntiresorptiveAgent(TableRow):
    """An anti-resorptive drug: route, dose (fixed, or read from the clearance band table)
    and the clearance below which it needs caution."""

    drug_code = models.CharField(_("drug code"), max_length=60)
    label_fr = models.CharField(_("label (French)"), max_length=200)
    label_en = models.CharField(_("label (English)"), max_length=200)
    route = models.CharField(_("route"), max_length=20, help_text=_("e.g. iv, sc."))
    dose_by_clearance = models.BooleanField(
        _("dose by clearance"), null=True, blank=True,
        help_text=_("The dose is read from the zoledronic acid dose bands."))
    dose_mg = models.DecimalField(_("dose (mg)"), max_digits=7, decimal_places=2, null=True,
                                  blank=True, validators=[validate_positive])
    renal_adjustment = models.BooleanField(_("renal adjustment"), null=True, blank=True)
    caution_clearance_below = models.DecimalField(
        _("caution below clearance (mL/min)"), max_digits=6, decimal_places=2, null=True,
        blank=True, validators=[validate_positive])
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta(TableRow.Meta):
        verbose_name = _("anti-resorptive agent")
        verbose_name_plural = _("anti-resorptive agents")

    def __str__(self) -> str:
        return self.drug_code

    def clean(self):
        super().clean()
        if bool(self.dose_by_clearance) == (self.dose_mg is not None):
            raise ValidationError(_("Give either a dose or 'dose by clearance', not both."))


class AntiresorptiveRhythm(TableRow):
    """How often each agent is given in a situation (oligometastatic, multimetastatic), and
    for how long."""

    code = models.CharField(_("code"), max_length=40)
    agents = models.JSONField(_("agents and intervals"), validators=[validate_rhythm_agents],
                              help_text=_('e.g. [{"drug_code": "zoledronic_acid", "every": 3, '
                                          '"unit": "months"}]'))
    duration_months = models.IntegerField(_("duration (months)"), null=True, blank=True,
                                          validators=[AT_LEAST_ONE],
                                          help_text=_("Empty: no set duration."))
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta(TableRow.Meta):
        verbose_name = _("anti-resorptive rhythm")
        verbose_name_plural = _("anti-resorptive rhythms")

    def __str__(self) -> str:
        return self.code
