"""The panel's proposal for a case: drafted from the engine, edited, signed, then frozen.

A proposal records the referential edition it was drafted under, the engine's results it
started from, and each automatic statement with its source. Once the signers cover the
meeting's quorum it is valid and frozen; a later change is a new version with its reason,
and earlier versions stay readable.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from recommendations.models.case import Case

WORKFLOW_FIELDS = {"status", "validated_at"}  # what the workflow may still set on a frozen one


class FrozenProposalError(Exception):
    """A valid or superseded proposal never changes: make a new version."""


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    VALID = "valid", _("Valid (signed)")
    SUPERSEDED = "superseded", _("Superseded")


class Section(models.TextChoices):
    SYSTEMIC = "systemic", _("Systemic bone treatment")
    LOCAL = "local", _("Local treatment")
    PREPARATION = "preparation", _("Preparation")
    FOLLOW_UP = "follow_up", _("Supportive care and follow-up")


class Proposal(models.Model):
    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.PROTECT,
                             related_name="proposals")
    version = models.PositiveIntegerField(_("version"), default=1)
    status = models.CharField(_("status"), max_length=12, choices=ProposalStatus.choices,
                              default=ProposalStatus.DRAFT)
    referential = models.ForeignKey("scoring.Referential", verbose_name=_("referential"),
                                    on_delete=models.PROTECT, related_name="proposals")
    engine_result = models.JSONField(_("engine results"), default=dict, editable=False)
    statements = models.JSONField(
        _("automatic statements"), default=list, editable=False,
        help_text=_("Each statement drafted from the engine, with its section and source."))
    systemic = models.TextField(Section.SYSTEMIC.label, blank=True)
    local = models.TextField(Section.LOCAL.label, blank=True)
    preparation = models.TextField(Section.PREPARATION.label, blank=True)
    follow_up = models.TextField(Section.FOLLOW_UP.label, blank=True)
    off_referential = models.BooleanField(
        _("departs from the referential"), default=False,
        help_text=_("The panel decided otherwise than the referential proposes."))
    off_referential_reason = models.TextField(_("reason for departing"), blank=True)
    change_reason = models.TextField(_("reason for this new version"), blank=True)
    previous = models.OneToOneField("self", verbose_name=_("previous version"), null=True,
                                    blank=True, on_delete=models.PROTECT,
                                    related_name="next_version")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("drafted by"),
                                   null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("drafted"), auto_now_add=True)
    validated_at = models.DateTimeField(_("valid since"), null=True, blank=True)
    # Optimistic concurrency: a save names the version it was edited from (see
    # patients/concurrency.py); not a user-facing field.
    lock_version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["lock_version"])

    class Meta:
        ordering = ["case", "-version"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        permissions = [("sign_proposal", _("Can sign a proposal as a panel member"))]
        constraints = [models.UniqueConstraint(fields=["case", "version"],
                                               name="one_proposal_per_case_version")]

    def __str__(self) -> str:
        return _("Proposal v%(version)s — case %(case)s") % {"version": self.version,
                                                            "case": self.case_id}

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        workflow_only = update_fields is not None and set(update_fields) <= WORKFLOW_FIELDS
        if self.pk and not workflow_only:
            stored = Proposal.objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored in (ProposalStatus.VALID, ProposalStatus.SUPERSEDED):
                raise FrozenProposalError(
                    f"Proposal {self.pk} is {stored}: make a new version to change it.")
        super().save(*args, **kwargs)


class Signature(models.Model):
    """A panel member's signature, with the specialty counted for the quorum."""

    proposal = models.ForeignKey(Proposal, verbose_name=_("proposal"), on_delete=models.PROTECT,
                                 related_name="signatures")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("signed by"),
                             on_delete=models.PROTECT, related_name="signatures")
    specialty = models.CharField(_("specialty"), max_length=32)
    signed_at = models.DateTimeField(_("signed at"), auto_now_add=True)

    class Meta:
        ordering = ["signed_at"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [models.UniqueConstraint(fields=["proposal", "user"],
                                               name="one_signature_per_member")]

    def __str__(self) -> str:
        return f"{self.user} ({self.specialty})"
