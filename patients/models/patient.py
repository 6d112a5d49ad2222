"""The patient: identity, oncological history and the risk factors procedures depend on."""

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from patients.models.choices import YesNoUnknown


class Sex(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")


class PrimarySite(models.TextChoices):
    LUNG = "lung", _("Lung")
    BREAST = "breast", _("Breast")
    PROSTATE = "prostate", _("Prostate")
    KIDNEY = "kidney", _("Kidney")
    THYROID = "thyroid", _("Thyroid")
    COLORECTAL = "colorectal", _("Colon and rectum")
    LIVER = "liver", _("Liver")
    STOMACH = "stomach", _("Stomach")
    BLADDER = "bladder", _("Bladder")
    UTERUS = "uterus", _("Uterus")
    MELANOMA = "melanoma", _("Melanoma")
    UNKNOWN_PRIMARY = "unknown_primary", _("Cancer of unknown primary")
    OTHER = "other", _("Other")


class Histology(models.TextChoices):
    ADENOCARCINOMA = "adenocarcinoma", _("Adenocarcinoma")
    SQUAMOUS = "squamous", _("Squamous cell carcinoma")
    SMALL_CELL = "small_cell", _("Small-cell carcinoma")
    LARGE_CELL = "large_cell", _("Large-cell carcinoma")
    CLEAR_CELL = "clear_cell", _("Clear-cell carcinoma")
    DUCTAL = "ductal", _("Invasive ductal carcinoma")
    LOBULAR = "lobular", _("Invasive lobular carcinoma")
    NEUROENDOCRINE = "neuroendocrine", _("Neuroendocrine tumour")
    OTHER = "other", _("Other")


class DiseaseStatus(models.TextChoices):
    CONTROLLED = "controlled", _("Controlled")
    PROGRESSING = "progressing", _("Progressing")


class VisceralMetastases(models.TextChoices):
    NONE = "none", _("None")
    TREATABLE = "treatable", _("Present, treatable (removable)")
    UNTREATABLE = "untreatable", _("Present, untreatable (unremovable)")


class LifeExpectancy(models.TextChoices):
    UNDER_3_MONTHS = "lt3m", _("Less than 3 months")
    MONTHS_3_TO_6 = "3to6m", _("3 to 6 months")
    MONTHS_6_TO_12 = "6to12m", _("6 to 12 months")
    OVER_12_MONTHS = "gt12m", _("12 months or more")


class Ecog(models.IntegerChoices):
    PS0 = 0, _("0 — fully active")
    PS1 = 1, _("1 — restricted in strenuous activity")
    PS2 = 2, _("2 — ambulatory, up more than half of waking hours")
    PS3 = 3, _("3 — limited self-care, in bed or chair more than half of waking hours")
    PS4 = 4, _("4 — completely disabled")


class Patient(models.Model):
    # Identity
    ipp = models.CharField(
        _("local patient identifier (IPP)"), max_length=32, unique=True,
        help_text=_("The hospital's permanent patient identifier."),
    )
    family_name = models.CharField(_("family name"), max_length=100)
    given_name = models.CharField(_("given name"), max_length=100)
    birth_date = models.DateField(_("birth date"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    referring_clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("referring clinician"),
        on_delete=models.PROTECT, related_name="referred_patients",
    )

    # Oncology (blank means not known yet: the engine reports it as missing)
    primary_site = models.CharField(
        _("primary cancer"), max_length=32, choices=PrimarySite.choices, blank=True
    )
    primary_site_detail = models.CharField(_("primary cancer, detail"), max_length=200, blank=True)
    histology = models.CharField(_("histology"), max_length=32, choices=Histology.choices,
                                 blank=True)
    diagnosis_date = models.DateField(_("date of diagnosis"), null=True, blank=True)
    disease_status = models.CharField(_("disease status"), max_length=16,
                                      choices=DiseaseStatus.choices, blank=True)
    visceral_metastases = models.CharField(_("visceral metastases"), max_length=16,
                                           choices=VisceralMetastases.choices, blank=True)
    bone_metastasis_count = models.PositiveSmallIntegerField(
        _("number of bone metastases"), null=True, blank=True,
        validators=[MaxValueValidator(200)],
    )
    vertebral_metastasis_count = models.PositiveSmallIntegerField(
        _("number of vertebral metastases"), null=True, blank=True,
        validators=[MaxValueValidator(30)],
        help_text=_("Vertebral bodies involved; the others are extraspinal bone metastases."),
    )
    ecog = models.PositiveSmallIntegerField(_("performance status (ECOG)"),
                                            choices=Ecog.choices, null=True, blank=True)
    karnofsky = models.PositiveSmallIntegerField(
        _("Karnofsky index (%)"), null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    life_expectancy = models.CharField(_("estimated life expectancy"), max_length=8,
                                       choices=LifeExpectancy.choices, blank=True)

    # Risk factors for procedures
    implanted_electronic_device = models.CharField(
        _("implanted electronic device (pacemaker, defibrillator, neurostimulator)"),
        max_length=3, choices=YesNoUnknown.choices, blank=True,
    )
    cement_allergy = models.CharField(_("allergy to bone cement"), max_length=3,
                                      choices=YesNoUnknown.choices, blank=True)
    active_infection = models.CharField(_("active systemic or skin infection"), max_length=3,
                                        choices=YesNoUnknown.choices, blank=True)
    coagulation_disorder = models.CharField(_("severe coagulation disorder"), max_length=3,
                                            choices=YesNoUnknown.choices, blank=True)

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Optimistic concurrency: a save names the version it was edited from (see
    # patients/concurrency.py); not a user-facing field.
    lock_version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["updated_at", "lock_version"])

    class Meta:
        ordering = ["family_name", "given_name", "birth_date"]
        verbose_name = _("patient")
        verbose_name_plural = _("patients")
        indexes = [
            models.Index(fields=["family_name", "given_name"]),
            models.Index(fields=["birth_date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ecog__lte=4) | models.Q(ecog__isnull=True),
                name="patient_ecog_0_to_4",
            ),
            models.CheckConstraint(
                condition=models.Q(karnofsky__lte=100) | models.Q(karnofsky__isnull=True),
                name="patient_karnofsky_0_to_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.family_name.upper()} {self.given_name} ({self.ipp})"

    def get_absolute_url(self) -> str:
        return reverse("patients:detail", args=[self.pk])

    def age_on(self, day: date) -> int:
        """Age in completed years on a given day."""
        before_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - before_birthday

    @property
    def age(self) -> int:
        from django.utils import timezone

        return self.age_on(timezone.localdate())


class Marker(models.TextChoices):
    EGFR = "egfr", "EGFR"
    ALK = "alk", "ALK"
    KRAS = "kras", "KRAS"
    ROS1 = "ros1", "ROS1"
    BRAF = "braf", "BRAF"
    MET = "met", "MET"
    RET = "ret", "RET"
    HER2 = "her2", "HER2"
    NTRK = "ntrk", "NTRK"
    PDL1 = "pdl1", "PD-L1"
    HORMONE_RECEPTORS = "hr", _("Hormone receptors (ER/PR)")


class MarkerResult(models.TextChoices):
    POSITIVE = "positive", _("Positive / mutated / rearranged")
    NEGATIVE = "negative", _("Negative / wild type")
    PENDING = "pending", _("Pending")


class MolecularMarker(models.Model):
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="markers")
    marker = models.CharField(_("marker"), max_length=8, choices=Marker.choices)
    result = models.CharField(_("result"), max_length=16, choices=MarkerResult.choices)
    percent = models.PositiveSmallIntegerField(
        _("percentage of stained cells"), null=True, blank=True,
        validators=[MaxValueValidator(100)], help_text=_("For PD-L1 (tumour proportion score)."),
    )
    detail = models.CharField(_("detail (mutation, variant)"), max_length=100, blank=True)
    tested_on = models.DateField(_("test date"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["marker"]
        verbose_name = _("molecular marker")
        verbose_name_plural = _("molecular markers")

    def __str__(self) -> str:
        return f"{self.get_marker_display()}: {self.get_result_display()}"
