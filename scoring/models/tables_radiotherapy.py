"""Typed tables of radiotherapy: the systemic drugs around it (000 Question 15 and Tableau 2),
its schemes and what a Mirels or SINS band means for it (000 Questions 13-14, 004), and the
oligometastatic thresholds (004, 000 Question 13)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from scoring.models.referential import TableRow
from scoring.models.tables_base import (
    AT_LEAST_ONE,
    NON_NEGATIVE,
    BandRow,
    validate_codes,
    validate_positive,
)


class RadiosensitisationClass(TableRow):
    """A class of systemic drugs and the kind of window it keeps around radiotherapy."""

    WINDOWS = (("fixed", _("fixed days before and after")), ("none", _("no window")),
               ("half_lives", _("half-lives (wash-out)")), ("unknown", _("no rule")))

    code = models.CharField(_("code"), max_length=40)
    window = models.CharField(_("window"), max_length=20, choices=WINDOWS)
    applies_after = models.BooleanField(
        _("wash-out after radiotherapy too"), null=True, blank=True,
        help_text=_("Empty: yes (half-life windows)."))
    emergency_override = models.BooleanField(
        _("waived in an emergency"), null=True, blank=True)
    label_fr = models.CharField(_("label (French)"), max_length=300)
    label_en = models.CharField(_("label (English)"), max_length=300)
    history = HistoricalRecords()

    class Meta(TableRow.Meta):
        verbose_name = _("radiosensitisation class")
        verbose_name_plural = _("radiosensitisation classes")
        constraints = [models.UniqueConstraint(fields=["referential", "code"],
                                               name="unique_drug_class_per_referential")]

    def __str__(self) -> str:
        return self.code


class RadiosensitisationDrug(TableRow):
    """A systemic drug: its class, and its fixed windows (days) before and after radiotherapy
    or its half-life (the wash-out is counted in half-lives)."""

    drug_code = models.CharField(_("drug code"), max_length=60)
    drug_class = models.CharField(_("class"), max_length=40,
                                  help_text=_("The code of a radiosensitisation class."))
    window_before_days = models.IntegerField(_("window before (days)"), null=True, blank=True,
                                             validators=[NON_NEGATIVE])
    window_after_days = models.IntegerField(_("window after (days)"), null=True, blank=True,
                                            validators=[NON_NEGATIVE])
    half_life_hours = models.DecimalField(_("half-life (hours)"), max_digits=8,
                                          decimal_places=2, null=True, blank=True,
                                          validators=[validate_positive],
                                          help_text=_("Empty: unknown, ask the pharmacist."))
    half_life_note = models.TextField(_("half-life note"), blank=True)
    half_life_source = models.TextField(_("half-life source"), blank=True)
    history = HistoricalRecords()

    class Meta(TableRow.Meta):
        verbose_name = _("radiosensitisation drug")
        verbose_name_plural = _("radiosensitisation drugs")
        constraints = [models.UniqueConstraint(
            fields=["referential", "drug_code"],
            name="unique_radiosensitisation_drug_per_referential")]

    def __str__(self) -> str:
        return self.drug_code

    def clean(self):
        super().clean()
        if self.half_life_hours is not None and not self.half_life_source.strip():
            raise ValidationError({"half_life_source": _(
                "A half-life must cite its own source.")})


class RadiotherapyScheme(TableRow):
    """A fractionation scheme: fractions and dose per fraction (a range for stereotactic
    schemes), with its trade-offs."""

    KINDS = (("palliative", _("palliative")), ("sbrt", _("stereotactic (SBRT)")))

    code = models.CharField(_("code"), max_length=40)
    kind = models.CharField(_("kind"), max_length=20, choices=KINDS)
    fractions = models.IntegerField(_("fractions"), validators=[AT_LEAST_ONE])
    dose_per_fraction_gy_min = models.DecimalField(
        _("dose per fraction, from (Gy)"), max_digits=5, decimal_places=2,
        validators=[validate_positive])
    dose_per_fraction_gy_max = models.DecimalField(
        _("dose per fraction, to (Gy)"), max_digits=5, decimal_places=2,
        validators=[validate_positive])
    preferred_regions = models.JSONField(
        _("preferred regions"), null=True, blank=True, validators=[validate_codes],
        help_text=_('Empty: any region; e.g. ["long_bone"].'))
    label_fr = models.CharField(_("label (French)"), max_length=300)
    label_en = models.CharField(_("label (English)"), max_length=300)
    trade_off_fr = models.TextField(_("trade-off (French)"))
    trade_off_en = models.TextField(_("trade-off (English)"))
    caution_fr = models.TextField(_("caution outside the preferred regions (French)"),
                                  blank=True)
    caution_en = models.TextField(_("caution outside the preferred regions (English)"),
                                  blank=True)
    history = HistoricalRecords()

    class Meta(TableRow.Meta):
        verbose_name = _("radiotherapy scheme")
        verbose_name_plural = _("radiotherapy schemes")

    def __str__(self) -> str:
        return self.code

    def clean(self):
        super().clean()
        low, high = self.dose_per_fraction_gy_min, self.dose_per_fraction_gy_max
        if low is not None and high is not None and low > high:
            raise ValidationError(_("The dose range is reversed."))


class RadiotherapyBandRule(TableRow):
    """What a Mirels or SINS band means for the fracture-risk indication of radiotherapy."""

    SCORES = (("mirels", "Mirels"), ("sins", "SINS"))
    EFFECTS = (("indication", _("indication")),
               ("indication_with_caution", _("indication with caution")),
               ("surgery_first", _("surgery first")), ("none", _("no indication")))

    score = models.CharField(_("score"), max_length=20, choices=SCORES)
    band = models.CharField(_("band"), max_length=60, help_text=_("The code of a score band."))
    effect = models.CharField(_("effect"), max_length=30, choices=EFFECTS)
    text_fr = models.TextField(_("text (French)"))
    text_en = models.TextField(_("text (English)"))
    history = HistoricalRecords()

    class Meta(TableRow.Meta):
        verbose_name = _("radiotherapy band rule")
        verbose_name_plural = _("radiotherapy band rules")

    def __str__(self) -> str:
        return f"{self.score} {self.band}"


class OligometastaticBand(BandRow):
    """Bands of a metastasis count: oligometastatic disease, or a candidate for stereotactic
    radiotherapy (1 to 3 bone metastases)."""

    KINDS = (("oligometastatic", _("oligometastatic disease")),
             ("sbrt_candidate", _("stereotactic radiotherapy candidate")))

    kind = models.CharField(_("kind"), max_length=20, choices=KINDS)
    qualifies = models.BooleanField(_("qualifies"))
    history = HistoricalRecords()

    class Meta(BandRow.Meta):
        verbose_name = _("oligometastatic band")
        verbose_name_plural = _("oligometastatic bands")

    def __str__(self) -> str:
        return f"{self.kind} {self.code}"
