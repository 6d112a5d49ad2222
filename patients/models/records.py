"""Dated records around a patient: measurements, events, treatments, dental care, implants."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from patients.models.choices import Side, choice_label
from patients.models.patient import Patient
from patients.models.vocabulary import SYSTEMIC_CATEGORIES, Drug, DrugCategory
from patients.skeleton import site_choices


class MeasurementKind(models.TextChoices):
    WEIGHT = "weight", _("Weight (kg)")
    HEIGHT = "height", _("Height (cm)")
    CREATININE = "creatinine", _("Serum creatinine (µmol/L)")
    CALCIUM = "calcium", _("Serum calcium (mmol/L)")
    ALBUMIN = "albumin", _("Serum albumin (g/L)")
    VITAMIN_D = "vitamin_d", _("25-OH vitamin D (ng/mL)")
    PLATELETS = "platelets", _("Platelets (/mm³)")
    PROTHROMBIN = "prothrombin", _("Prothrombin time (TP, %)")


class Measurement(models.Model):
    """One value of one kind on one day; the latest of each kind feeds the rules."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="measurements")
    kind = models.CharField(_("measurement"), max_length=16, choices=MeasurementKind.choices)
    value = models.DecimalField(_("value"), max_digits=9, decimal_places=2)
    measured_on = models.DateField(_("date"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["-measured_on", "kind"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        indexes = [models.Index(fields=["patient", "kind", "-measured_on"])]

    def __str__(self) -> str:
        return f"{choice_label(self, 'kind')} = {self.value} ({self.measured_on})"


class SkeletalEventKind(models.TextChoices):
    PATHOLOGICAL_FRACTURE = "fracture", _("Pathological fracture")
    SPINAL_CORD_COMPRESSION = "cord_compression", _("Spinal cord compression")
    RADIOTHERAPY_TO_BONE = "radiotherapy", _("Radiotherapy to bone")
    BONE_SURGERY = "surgery", _("Surgery to bone")
    HYPERCALCAEMIA = "hypercalcaemia", _("Malignant hypercalcaemia")


class SkeletalEvent(models.Model):
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="skeletal_events")
    kind = models.CharField(_("event"), max_length=24, choices=SkeletalEventKind.choices)
    occurred_on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-occurred_on"]
        verbose_name = _("skeletal-related event")
        verbose_name_plural = _("skeletal-related events")

    def __str__(self) -> str:
        return f"{choice_label(self, 'kind')} ({self.occurred_on})"


class SystemicTreatment(models.Model):
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE,
                                related_name="systemic_treatments")
    drug = models.ForeignKey(Drug, verbose_name=_("drug"), on_delete=models.PROTECT,
                             limit_choices_to={"category__in": SYSTEMIC_CATEGORIES})
    start_date = models.DateField(_("start date"))
    last_dose_date = models.DateField(_("last dose"), null=True, blank=True)
    next_dose_date = models.DateField(_("next planned dose"), null=True, blank=True)
    end_date = models.DateField(_("stopped on"), null=True, blank=True,
                                help_text=_("Leave empty while the treatment goes on."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("systemic treatment")
        verbose_name_plural = _("systemic treatments")

    def __str__(self) -> str:
        return f"{self.drug} ({self.start_date})"

    @property
    def is_current(self) -> bool:
        return self.end_date is None


class Antithrombotic(models.Model):
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE,
                                related_name="antithrombotics")
    drug = models.ForeignKey(Drug, verbose_name=_("drug"), on_delete=models.PROTECT,
                             limit_choices_to={"category": DrugCategory.ANTITHROMBOTIC})
    daily_dose_mg = models.DecimalField(_("daily dose (mg)"), max_digits=7, decimal_places=2,
                                        null=True, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("stopped on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["drug__name"]
        verbose_name = _("antithrombotic")
        verbose_name_plural = _("antithrombotics")

    def __str__(self) -> str:
        return f"{self.drug} {self.daily_dose_mg or ''} mg/d".strip()


class AntiresorptiveTreatment(models.Model):
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE,
                                related_name="antiresorptives")
    drug = models.ForeignKey(Drug, verbose_name=_("drug"), on_delete=models.PROTECT,
                             limit_choices_to={"category": DrugCategory.ANTIRESORPTIVE})
    start_date = models.DateField(_("start date"))
    last_injection_date = models.DateField(_("last injection"), null=True, blank=True)
    end_date = models.DateField(_("stopped on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("anti-resorptive treatment")
        verbose_name_plural = _("anti-resorptive treatments")

    def __str__(self) -> str:
        return f"{self.drug} ({self.start_date})"


# An injection's dose, in mg: above zero and at most this (typing errors only, not a rule).
MAX_INJECTION_DOSE_MG = Decimal("500")


class AntiresorptiveInjection(models.Model):
    """One injection of an anti-resorptive treatment. The latest one is the treatment's
    `last_injection_date`: `patients.records_actions` keeps the two in step."""

    treatment = models.ForeignKey(AntiresorptiveTreatment, on_delete=models.CASCADE,
                                  related_name="injections", verbose_name=_("treatment"))
    given_on = models.DateField(_("injection date"))
    dose_mg = models.DecimalField(
        _("dose (mg)"), max_digits=6, decimal_places=2, null=True, blank=True,
        validators=[
            MinValueValidator(Decimal("0.01"), _("The dose must be more than 0 mg.")),
            MaxValueValidator(MAX_INJECTION_DOSE_MG,
                              _("The dose must be at most %(limit_value)s mg: check for a "
                                "typing error.")),
        ],
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-given_on"]
        verbose_name = _("anti-resorptive injection")
        verbose_name_plural = _("anti-resorptive injections")
        constraints = [
            models.UniqueConstraint(
                fields=["treatment", "given_on"], name="one_injection_a_day_per_treatment",
                violation_error_message=_("An injection of this treatment is already "
                                          "recorded on this date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.treatment.drug} ({self.given_on})"

    def clean(self) -> None:
        """Given within the treatment (from its start, not after it stopped) and not ahead."""
        if self.given_on is None or self.treatment_id is None:
            return
        treatment = self.treatment
        if self.given_on > timezone.localdate():
            error = ValidationError(_("This date is in the future."), code="future_date")
        elif self.given_on < treatment.start_date:
            error = ValidationError(
                _("The injection cannot be before the treatment's start date (%(date)s)."),
                code="before_start", params={"date": _short(treatment.start_date)})
        elif treatment.end_date and self.given_on > treatment.end_date:
            error = ValidationError(
                _("The injection cannot be after the treatment was stopped (%(date)s)."),
                code="after_end", params={"date": _short(treatment.end_date)})
        else:
            return
        raise ValidationError({"given_on": error})


def _short(day) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


class DentalResult(models.TextChoices):
    FIT = "fit", _("No dental contraindication")
    CARE_NEEDED = "care_needed", _("Dental care needed first")
    CARE_DONE = "care_done", _("Dental care completed")


class DentalAssessment(models.Model):
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE,
                                related_name="dental_assessments")
    assessed_on = models.DateField(_("assessment date"))
    result = models.CharField(_("result"), max_length=16, choices=DentalResult.choices)
    panoramic_xray = models.BooleanField(_("panoramic X-ray done"), default=False)
    extraction_date = models.DateField(_("tooth extraction date"), null=True, blank=True)
    dentist_clearance_date = models.DateField(
        _("dentist's go-ahead after healing"), null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-assessed_on"]
        verbose_name = _("dental assessment")
        verbose_name_plural = _("dental assessments")

    def __str__(self) -> str:
        return f"{choice_label(self, 'result')} ({self.assessed_on})"


class OrthopaedicImplant(models.Model):
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE,
                                related_name="orthopaedic_implants")
    site = models.CharField(_("site"), max_length=32, choices=site_choices())
    side = models.CharField(_("side"), max_length=8, choices=Side.choices, blank=True)
    description = models.CharField(_("description"), max_length=200, blank=True,
                                   help_text=_("Nail, plate, prosthesis, screws..."))
    implanted_on = models.DateField(_("implanted on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["site"]
        verbose_name = _("orthopaedic implant")
        verbose_name_plural = _("orthopaedic implants")

    def __str__(self) -> str:
        return f"{choice_label(self, 'site')} {choice_label(self, 'side')}".strip()

