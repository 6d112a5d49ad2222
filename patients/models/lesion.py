"""A bone lesion: where it is and the findings the fracture-risk and treatment rules read.

Every finding may be left blank (unknown): the scoring engine lists it as a missing input
rather than guessing. Which findings apply depends on the site (`APPLICABLE_FIELDS`): spine
items for vertebrae, cortical involvement for long bones.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from patients import skeleton
from patients.models.choices import Side, YesNoUnknown, choice_label
from patients.models.patient import Patient


class LesionType(models.TextChoices):
    LYTIC = "lytic", _("Lytic")
    MIXED = "mixed", _("Mixed")
    BLASTIC = "blastic", _("Blastic (condensing)")


class Pain(models.TextChoices):
    NONE = "none", _("None")
    MILD = "mild", _("Mild")
    MODERATE = "moderate", _("Moderate")
    FUNCTIONAL = "functional", _("Functional (disabling)")


class CorticalInvolvement(models.TextChoices):
    UNDER_THIRD = "lt_1_3", _("Less than 1/3 of the cortex")
    THIRD_TO_TWO_THIRDS = "1_3_to_2_3", _("1/3 to 2/3 of the cortex")
    OVER_TWO_THIRDS = "gt_2_3", _("More than 2/3 of the cortex")


class Alignment(models.TextChoices):
    NORMAL = "normal", _("Normal")
    DE_NOVO_DEFORMITY = "deformity", _("De novo deformity (kyphosis, scoliosis)")
    SUBLUXATION = "subluxation", _("Subluxation or translation")


class Collapse(models.TextChoices):
    NONE = "none", _("None")
    NONE_OVER_HALF_BODY = "none_gt50_body", _("No collapse, more than 50 % of the body involved")
    UNDER_HALF = "lt50", _("Collapse under 50 %")
    OVER_HALF = "gt50", _("Collapse over 50 %")


class Posterolateral(models.TextChoices):
    NONE = "none", _("None")
    UNILATERAL = "unilateral", _("Unilateral")
    BILATERAL = "bilateral", _("Bilateral")


class Neurology(models.TextChoices):
    NONE = "none", _("No deficit")
    RADICULOPATHY = "radiculopathy", _("Radiculopathy")
    INCOMPLETE = "incomplete", _("Incomplete deficit (cord or cauda equina)")
    COMPLETE = "complete", _("Complete deficit (paraplegia)")


class BilskyGrade(models.TextChoices):
    """Epidural spinal cord compression scale (Bilsky MH et al., J Neurosurg Spine 2010)."""

    G0 = "0", _("0 — bone-only disease")
    G1A = "1a", _("1a — epidural impingement, thecal sac not deformed")
    G1B = "1b", _("1b — thecal sac deformed, spinal cord not abutted")
    G1C = "1c", _("1c — thecal sac deformed, spinal cord abutted but not compressed")
    G2 = "2", _("2 — spinal cord compressed, CSF visible around the cord")
    G3 = "3", _("3 — spinal cord compressed, no CSF visible around the cord")


class FrankelGrade(models.TextChoices):
    """Neurological function below a spinal lesion (Frankel HL et al., Paraplegia 1969)."""

    A = "A", _("A — complete: no motor or sensory function")
    B = "B", _("B — sensory only")
    C = "C", _("C — motor function present but useless")
    D = "D", _("D — useful motor function")
    E = "E", _("E — normal motor and sensory function")


class FractureStatus(models.TextChoices):
    NONE = "none", _("No fracture")
    IMPENDING = "impending", _("Impending fracture")
    STABLE = "stable", _("Pathological fracture, stable")
    UNSTABLE = "unstable", _("Pathological fracture, unstable")


class ImagingModality(models.TextChoices):
    XRAY = "xray", _("X-ray")
    CT = "ct", _("CT")
    MRI = "mri", _("MRI")
    PET = "pet", _("PET-CT")
    BONE_SCAN = "bone_scan", _("Bone scan")


class BiopsyStatus(models.TextChoices):
    NOT_DONE = "not_done", _("Not done")
    CONFIRMED = "confirmed", _("Done, metastasis confirmed")
    NON_CONTRIBUTIVE = "non_contributive", _("Done, not contributive")


SPINE_FIELDS = (
    "alignment", "collapse", "posterolateral", "epidural_extension", "bilsky_grade",
    "frankel_grade",
)
LONG_BONE_FIELDS = ("cortical_involvement",)

# Findings that make sense at every site are always asked; the others only where they apply.
APPLICABLE_FIELDS = {
    skeleton.SPINE: SPINE_FIELDS,
    skeleton.LONG_BONE: LONG_BONE_FIELDS,
}


class Lesion(models.Model):
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="lesions")
    site = models.CharField(_("site"), max_length=32, choices=skeleton.site_choices())
    side = models.CharField(_("side"), max_length=8, choices=Side.choices, blank=True)
    lesion_type = models.CharField(_("type"), max_length=8, choices=LesionType.choices,
                                   blank=True)
    size_mm = models.PositiveSmallIntegerField(
        _("largest diameter (mm)"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(500)],
    )
    pain = models.CharField(_("pain"), max_length=16, choices=Pain.choices, blank=True)
    pain_mechanical = models.CharField(
        _("mechanical pain (worse on movement or loading, relieved by rest)"),
        max_length=3, choices=YesNoUnknown.choices, blank=True,
    )
    pain_controlled_by_analgesics = models.CharField(
        _("pain controlled by analgesics"), max_length=3, choices=YesNoUnknown.choices,
        blank=True,
    )

    # Long bones
    cortical_involvement = models.CharField(_("cortical involvement"), max_length=16,
                                            choices=CorticalInvolvement.choices, blank=True)
    # Spine
    alignment = models.CharField(_("spinal alignment"), max_length=16,
                                 choices=Alignment.choices, blank=True)
    collapse = models.CharField(_("vertebral body collapse"), max_length=16,
                                choices=Collapse.choices, blank=True)
    posterolateral = models.CharField(_("posterolateral involvement"), max_length=16,
                                      choices=Posterolateral.choices, blank=True)
    epidural_extension = models.CharField(_("epidural extension"), max_length=3,
                                          choices=YesNoUnknown.choices, blank=True)
    bilsky_grade = models.CharField(_("epidural compression (Bilsky grade)"), max_length=2,
                                    choices=BilskyGrade.choices, blank=True)
    frankel_grade = models.CharField(_("Frankel grade"), max_length=1,
                                     choices=FrankelGrade.choices, blank=True)
    # Any site
    neurological_deficit = models.CharField(_("neurology"), max_length=16,
                                            choices=Neurology.choices, blank=True)
    soft_tissue_extension = models.CharField(_("soft-tissue extension"), max_length=3,
                                             choices=YesNoUnknown.choices, blank=True)
    fracture_status = models.CharField(_("fracture"), max_length=16,
                                       choices=FractureStatus.choices, blank=True)
    prior_radiotherapy_date = models.DateField(_("prior radiotherapy to this site, date"),
                                               null=True, blank=True)
    prior_radiotherapy_dose_gy = models.DecimalField(
        _("prior radiotherapy, total dose (Gy)"), max_digits=5, decimal_places=1,
        null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    prior_radiotherapy_fractions = models.PositiveSmallIntegerField(
        _("prior radiotherapy, fractions"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    surgery_date = models.DateField(_("surgery at this site, date"), null=True, blank=True,
                                    help_text=_("Decompression, fixation or prosthesis."))
    imaging_modality = models.CharField(_("reference imaging"), max_length=16,
                                        choices=ImagingModality.choices, blank=True)
    imaging_date = models.DateField(_("imaging date"), null=True, blank=True)
    biopsy = models.CharField(_("biopsy"), max_length=20, choices=BiopsyStatus.choices,
                              blank=True)
    biopsy_date = models.DateField(_("biopsy date"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Optimistic concurrency: a save names the version it was edited from (see
    # patients/concurrency.py); not a user-facing field.
    lock_version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["updated_at", "lock_version"])

    class Meta:
        ordering = ["patient", "site"]
        verbose_name = _("lesion")
        verbose_name_plural = _("lesions")

    def __str__(self) -> str:
        side = f" {self.get_side_display()}" if self.side else ""
        return f"{self.get_site_display()}{side}"

    def get_absolute_url(self) -> str:
        return reverse("patients:lesion_detail", args=[self.patient_id, self.pk])

    # Django's own get_FOO_display builds a dict of every choice on each call: the site
    # vocabulary is the whole skeleton, and pages list dozens of lesions.
    def get_site_display(self) -> str:
        return choice_label(self, "site")

    def get_side_display(self) -> str:
        return choice_label(self, "side")

    @property
    def site_info(self) -> skeleton.Site | None:
        return skeleton.get_site(self.site)

    @property
    def region(self) -> str:
        info = self.site_info
        return info.region if info else ""

    def clear_inapplicable_findings(self) -> list[str]:
        """Blank the site-specific findings that do not apply here; returns their names.

        A site changed from a vertebra to a femur must not keep SINS items that no one sees.
        """
        keep = set(APPLICABLE_FIELDS.get(self.region, ()))
        cleared = []
        for fields in APPLICABLE_FIELDS.values():
            for name in fields:
                if name not in keep and getattr(self, name):
                    setattr(self, name, "")
                    cleared.append(name)
        return cleared

