"""Dated records around a patient: measurements, events, treatments, dental care, implants."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from patients.models.choices import Side
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
        return f"{self.get_kind_display()} = {self.value} ({self.measured_on})"


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
        return f"{self.get_kind_display()} ({self.occurred_on})"


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
        return f"{self.get_result_display()} ({self.assessed_on})"


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
        return f"{self.get_site_display()} {self.get_side_display()}".strip()

