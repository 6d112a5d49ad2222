"""Users of RCP-OOS: a Django user with the medical specialty that meeting quorums count."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Specialty(models.TextChoices):
    ONCOLOGY = "oncology", _("Oncology")
    RADIOTHERAPY = "radiotherapy", _("Radiotherapy")
    INTERVENTIONAL_RADIOLOGY = "interventional_radiology", _("Interventional radiology")
    RHEUMATOLOGY = "rheumatology", _("Rheumatology")
    ORTHOPAEDIC_SURGERY = "orthopaedic_surgery", _("Orthopaedic surgery")
    NEUROSURGERY = "neurosurgery", _("Neurosurgery")
    PAIN_MEDICINE = "pain_medicine", _("Pain medicine")
    NUCLEAR_MEDICINE = "nuclear_medicine", _("Nuclear medicine")
    OTHER = "other", _("Other")


class User(AbstractUser):
    specialty = models.CharField(
        _("specialty"), max_length=32, choices=Specialty.choices, blank=True,
        help_text=_("Counted for the quorum of a meeting."),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        swappable = "AUTH_USER_MODEL"

    def __str__(self) -> str:
        return self.get_full_name() or self.username
