"""Typed tables of the interventional procedures: the haemorrhagic thresholds and the
antithrombotic stop rules (002/003 section 4), and the indication and contraindication rows of
cementoplasty and thermal ablation (000 Tableau 1, 002/003 Tableau 8)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from scoring.models.referential import TableRow
from scoring.models.tables_base import validate_codes, validate_delay, validate_positive

DELAY_HELP = _('{"value": n, "unit": "days" or "hours"}')


class HaemorrhagicLabThreshold(TableRow):
    """The lowest platelet count or prothrombin time (TP) allowed before a procedure."""

    LABS = (("platelets", _("platelets")), ("prothrombin", _("prothrombin time (TP)")))

    lab = models.CharField(_("lab test"), max_length=20, choices=LABS)
    minimum = models.DecimalField(_("minimum"), max_digits=10, decimal_places=2,
                                  validators=[validate_positive])
    minimum_inclusive = models.BooleanField(
        _("minimum included"), help_text=_("Unticked: the value must be above the minimum."))
    unit = models.CharField(_("unit"), max_length=20)
    label_fr = models.CharField(_("label (French)"), max_length=100)
    label_en = models.CharField(_("label (English)"), max_length=100)
    history = HistoricalRecords()

    class Meta(TableRow.Meta):
        verbose_name = _("haemorrhagic lab threshold")
        verbose_name_plural = _("haemorrhagic lab thresholds")
        constraints = [models.UniqueConstraint(fields=["referential", "lab"],
                                               name="unique_lab_threshold_per_referential")]

    def __str__(self) -> str:
        return self.lab


class AntithromboticStopRule(TableRow):
    """What to do with an antithrombotic before a procedure: stop it (how long before),
    relay it, stop it above a dose, or ask (no referential rule)."""

    ACTIONS = (("stop", _("stop")), ("relay", _("relay")),
               ("dose_dependent", _("depends on the dose")), ("ask", _("ask the prescriber")))

    drug_code = models.CharField(_("drug code"), max_length=60)
    action = models.CharField(_("action"), max_length=20, choices=ACTIONS)
    stop_delay = models.JSONField(_("stop before the procedure"), null=True, blank=True,
                                  validators=[validate_delay], help_text=DELAY_HELP)
    relay_drugs = models.JSONField(_("relay drugs"), null=True, blank=True,
                                   validators=[validate_codes])
    relay_stop_delay = models.JSONField(_("stop the relay before the procedure"), null=True,
                                        blank=True, validators=[validate_delay],
                                        help_text=DELAY_HELP)
    continue_below_mg = models.DecimalField(
        _("continued below (mg a day)"), max_digits=7, decimal_places=2, null=True,
        blank=True, validators=[validate_positive])
    by_class = models.BooleanField(
        _("by class"), null=True, blank=True,
        help_text=_("The texts name the class, not this drug: to confirm with the prescriber."))
    history = HistoricalRecords()

    class Meta(TableRow.Meta):
        verbose_name = _("antithrombotic stop rule")
        verbose_name_plural = _("antithrombotic stop rules")
        constraints = [models.UniqueConstraint(fields=["referential", "drug_code"],
                                               name="unique_antithrombotic_per_referential")]

    def __str__(self) -> str:
        return self.drug_code

    def clean(self):
        super().clean()
        errors = {}
        if self.action in ("stop", "dose_dependent") and self.stop_delay is None:
            errors["stop_delay"] = _("This action needs a stop delay.")
        if self.action == "dose_dependent" and self.continue_below_mg is None:
            errors["continue_below_mg"] = _("A dose-dependent rule gives its dose.")
        if self.action == "relay":
            if not self.relay_drugs:
                errors["relay_drugs"] = _("A relay names its relay drugs.")
            if self.relay_stop_delay is None:
                errors["relay_stop_delay"] = _("A relay gives when the relay stops.")
        if errors:
            raise ValidationError(errors)


class ProcedureRule(TableRow):
    """An indication, non-indication, contraindication (absolute or relative) or warning of a
    procedure, with the condition on the records that raises it (`when`, in the vocabulary of
    `scoring.engine.rule_table`, checked by the engine's parser) or, without one, a question
    for the panel (`to_check`)."""

    TREATMENTS = (("cementoplasty", _("cementoplasty")),
                  ("thermal_ablation", _("thermal ablation")))
    KINDS = (("indication", _("indication")), ("non_indication", _("non-indication")),
             ("absolute", _("absolute contraindication")),
             ("relative", _("relative contraindication")), ("warning", _("warning")))

    treatment = models.CharField(_("treatment"), max_length=20, choices=TREATMENTS)
    code = models.CharField(_("code"), max_length=60)
    kind = models.CharField(_("kind"), max_length=20, choices=KINDS)
    technique = models.CharField(
        _("technique"), max_length=60, blank=True,
        help_text=_("An absolute contraindication to this technique only."))
    to_check = models.BooleanField(
        _("to check"), null=True, blank=True,
        help_text=_("The records cannot answer it: an open question for the panel."))
    label_fr = models.TextField(_("label (French)"))
    label_en = models.TextField(_("label (English)"))
    when = models.JSONField(_("condition"), null=True, blank=True, help_text=_(
        'e.g. {"fact": "lesion.fracture_status", "equals": "unstable"}.'))
    history = HistoricalRecords()

    class Meta(TableRow.Meta):
        verbose_name = _("procedure rule")
        verbose_name_plural = _("procedure rules")
        constraints = [models.UniqueConstraint(fields=["referential", "treatment", "code"],
                                               name="unique_procedure_rule_per_referential")]

    def __str__(self) -> str:
        return f"{self.treatment} {self.code}"

    def clean(self):
        super().clean()
        if self.when is None and not self.to_check:
            raise ValidationError({"when": _("A row without a condition must be 'to check'.")})
        if self.when is not None and not isinstance(self.when, dict):
            raise ValidationError({"when": _("A condition is an object.")})
        if self.technique and self.kind != "absolute":
            raise ValidationError({"technique": _(
                "Only an absolute contraindication names a technique.")})
