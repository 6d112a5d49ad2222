"""The typed tables of a referential: one model per kind of row, with real columns.

Each model's fields are named after the JSON keys of its rows in the topic documents (see
`scoring.referential_table_specs`, which says where each table sits). The score and dose
tables are here; the others, by area, in `tables_antiresorptive`, `tables_procedures` and
`tables_radiotherapy` (re-exported here), on the shared base of `tables_base`. Field
validators hold what one row must respect (positive doses, non-negative windows, a source);
what a whole table must respect (bands without gap or overlap) is checked by the engine's
parser when the referential is validated.
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from scoring.models.referential import TableRow
from scoring.models.tables_antiresorptive import (
    AntiresorptiveAgent,
    AntiresorptiveRhythm,
    VitaminDLoadingBand,
    VitaminDStatusBand,
    ZolAdministrationRow,
)
from scoring.models.tables_base import NON_NEGATIVE, BandRow
from scoring.models.tables_follow_up import FollowUpRule
from scoring.models.tables_procedures import (
    AntithromboticStopRule,
    HaemorrhagicLabThreshold,
    ProcedureRule,
)
from scoring.models.tables_radiotherapy import (
    OligometastaticBand,
    RadiosensitisationClass,
    RadiosensitisationDrug,
    RadiotherapyBandRule,
    RadiotherapyScheme,
)

__all__ = [
    # scores (Mirels, SINS) and zoledronic acid doses: here
    "ScoreBand", "ScoreItemRow", "ZolDoseBand",
    # vitamin D, zoledronic acid administration, anti-resorptives: tables_antiresorptive
    "AntiresorptiveAgent", "AntiresorptiveRhythm", "VitaminDLoadingBand", "VitaminDStatusBand",
    "ZolAdministrationRow",
    # haemorrhagic risk, cementoplasty and thermal ablation: tables_procedures
    "AntithromboticStopRule", "HaemorrhagicLabThreshold", "ProcedureRule",
    # radiosensitisation, radiotherapy, oligometastatic disease: tables_radiotherapy
    "OligometastaticBand", "RadiosensitisationClass", "RadiosensitisationDrug",
    "RadiotherapyBandRule", "RadiotherapyScheme",
    # follow-up actions of a signed proposal: tables_follow_up
    "FollowUpRule",
]


class ScoreBand(BandRow):
    """Bands of a points score's total (Mirels, SINS): the total's meaning and decision."""

    score = models.CharField(_("score"), max_length=20)
    label_fr = models.CharField(_("label (French)"), max_length=300)
    label_en = models.CharField(_("label (English)"), max_length=300)
    history = HistoricalRecords()

    class Meta(BandRow.Meta):
        verbose_name = _("score band")
        verbose_name_plural = _("score bands")

    def __str__(self) -> str:
        return f"{self.score} {self.code}"


class ScoreItemRow(TableRow):
    """The points a finding gives to an item of a score (Mirels, SINS)."""

    score = models.CharField(_("score"), max_length=20)
    item = models.CharField(_("item"), max_length=40)
    finding = models.CharField(_("finding"), max_length=60)
    points = models.IntegerField(_("points"), validators=[NON_NEGATIVE])
    label_fr = models.CharField(_("label (French)"), max_length=300)
    label_en = models.CharField(_("label (English)"), max_length=300)
    limb = models.CharField(_("limb"), max_length=20, blank=True)
    segments = models.JSONField(_("segments"), null=True, blank=True)
    scored_as = models.CharField(_("scored as"), max_length=60, blank=True)
    ranges = models.JSONField(_("vertebral ranges"), null=True, blank=True)
    rationale = models.TextField(_("rationale"), blank=True)
    history = HistoricalRecords()

    class Meta(TableRow.Meta):
        verbose_name = _("score item row")
        verbose_name_plural = _("score item rows")

    def __str__(self) -> str:
        return f"{self.score} {self.item}: {self.finding}"


class ZolDoseBand(BandRow):
    """Zoledronic acid dose by Cockcroft-Gault clearance band (001 Tableau 2)."""

    label = models.CharField(_("label"), max_length=40)
    dose_mg = models.DecimalField(_("dose (mg)"), max_digits=5, decimal_places=2, null=True,
                                  blank=True, validators=[MinValueValidator(0.01)])
    contraindicated = models.BooleanField(_("contraindicated"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta(BandRow.Meta):
        verbose_name = _("zoledronic acid dose band")
        verbose_name_plural = _("zoledronic acid dose bands")

    def __str__(self) -> str:
        return self.code
