"""Local treatments given to the patient's bones: radiotherapy courses and procedures
(cementoplasty, thermal ablation, surgery, embolisation...), each optionally on one lesion."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from patients.models.lesion import Lesion
from patients.models.patient import Patient

# A course's total dose (Gy) and fractions: typing-error bounds, not clinical thresholds
# (the same as a lesion's prior radiotherapy).
MAX_TOTAL_DOSE_GY = Decimal("100")
MAX_FRACTIONS = 50


class LocalTreatmentKind(models.TextChoices):
    RADIOTHERAPY = "radiotherapy", _("Radiotherapy")
    CEMENTOPLASTY = "cementoplasty", _("Cementoplasty")
    THERMAL_ABLATION = "thermal_ablation", _("Thermal ablation")
    SURGERY = "surgery", _("Surgery")
    EMBOLISATION = "embolisation", _("Embolisation")
    OTHER = "other", _("Other")


# Fields that describe a radiotherapy course and mean nothing for a procedure.
RADIOTHERAPY_ONLY_FIELDS = ("total_dose_gy", "fractions")


class LocalTreatment(models.Model):
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE,
                                related_name="local_treatments")
    kind = models.CharField(_("treatment"), max_length=20, choices=LocalTreatmentKind.choices)
    # A deleted lesion leaves the treatment on record, no longer tied to a site.
    lesion = models.ForeignKey(Lesion, verbose_name=_("lesion"), on_delete=models.SET_NULL,
                               null=True, blank=True, related_name="local_treatments",
                               help_text=_("Leave empty when it treated no recorded lesion."))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True,
                                help_text=_("Last day of a radiotherapy course; leave empty "
                                            "for a one-day procedure."))
    total_dose_gy = models.DecimalField(
        _("total dose (Gy)"), max_digits=4, decimal_places=1, null=True, blank=True,
        validators=[
            MinValueValidator(Decimal("0.1"), _("The dose must be more than 0 Gy.")),
            MaxValueValidator(MAX_TOTAL_DOSE_GY,
                              _("The dose must be at most %(limit_value)s Gy: check for a "
                                "typing error.")),
        ],
        help_text=_("Radiotherapy only."),
    )
    fractions = models.PositiveSmallIntegerField(
        _("fractions"), null=True, blank=True,
        validators=[
            MinValueValidator(1, _("A course has at least one fraction.")),
            MaxValueValidator(MAX_FRACTIONS,
                              _("At most %(limit_value)s fractions: check for a typing "
                                "error.")),
        ],
        help_text=_("Radiotherapy only."),
    )
    technique = models.CharField(_("technique"), max_length=60, blank=True,
                                 help_text=_("For example SBRT, 3D conformal, IMRT."))
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("local treatment")
        verbose_name_plural = _("local treatments")

    def __str__(self) -> str:
        lesion = f", {self.lesion}" if self.lesion_id else ""
        return f"{self.get_kind_display()}{lesion} ({self.start_date})"

    @property
    def is_radiotherapy(self) -> bool:
        return self.kind == LocalTreatmentKind.RADIOTHERAPY

    def clean(self) -> None:
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = ValidationError(
                _("The end date cannot be before the start date."), code="end_before_start")
        if self.kind and not self.is_radiotherapy:
            for name in RADIOTHERAPY_ONLY_FIELDS:
                if getattr(self, name) is not None:
                    errors[name] = ValidationError(
                        _("Recorded for radiotherapy only: leave it empty for this "
                          "treatment."), code="radiotherapy_only")
        if self.lesion_id and self.patient_id and self.lesion.patient_id != self.patient_id:
            errors["lesion"] = ValidationError(_("This lesion belongs to another patient."),
                                               code="other_patient")
        if errors:
            raise ValidationError(errors)
