"""Drug vocabulary: the names clinicians pick from when recording a treatment.

Only identity and family live here; what a drug means for a rule (radiosensitisation class,
half-life, stop delay before a procedure) is referential data in the scoring app, keyed by
`code`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DrugCategory(models.TextChoices):
    CHEMOTHERAPY = "chemotherapy", _("Chemotherapy")
    TARGETED = "targeted", _("Targeted therapy")
    IMMUNOTHERAPY = "immunotherapy", _("Immunotherapy (checkpoint inhibitor)")
    ANTI_ANGIOGENIC = "anti_angiogenic", _("Anti-angiogenic antibody")
    HORMONE = "hormone", _("Hormone therapy")
    ANTITHROMBOTIC = "antithrombotic", _("Antithrombotic")
    ANTIRESORPTIVE = "antiresorptive", _("Anti-resorptive")


SYSTEMIC_CATEGORIES = (
    DrugCategory.CHEMOTHERAPY,
    DrugCategory.TARGETED,
    DrugCategory.IMMUNOTHERAPY,
    DrugCategory.ANTI_ANGIOGENIC,
    DrugCategory.HORMONE,
)


class Drug(models.Model):
    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=128)
    category = models.CharField(_("category"), max_length=32, choices=DrugCategory.choices)
    active = models.BooleanField(_("offered in forms"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("drug")
        verbose_name_plural = _("drugs")

    def __str__(self) -> str:
        return self.name
