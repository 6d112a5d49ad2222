"""Dated follow-up actions derived from a signed proposal and the patient's records.

The rows are written by `recommendations.follow_up.refresh` from the engine's
`follow_up_actions`; people only move them along their workflow (done with a date, not
applicable with a reason, reopened), and every move is a `WorkflowEvent` (who, when). An
action is one occurrence: a dental check done on a date leaves its row done, and the next
check appears as a new row dated from it.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from patients.models import Patient
from recommendations.models.proposal import Proposal
from scoring.engine.follow_up import DUE_BY, NOT_BEFORE, status_on


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("To do")
    DONE = "done", _("Done")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")
    REPLACED = "replaced", _("Replaced by a later proposal")


class Timing(models.TextChoices):
    DUE_BY = DUE_BY, _("due by")
    NOT_BEFORE = NOT_BEFORE, _("not before")


class FollowUpAction(models.Model):
    proposal = models.ForeignKey(Proposal, verbose_name=_("proposal"), on_delete=models.PROTECT,
                                 related_name="follow_up_actions")
    patient = models.ForeignKey(Patient, verbose_name=_("patient"), on_delete=models.PROTECT,
                                related_name="+")
    kind = models.CharField(_("action"), max_length=64)  # a row code of the follow_up table
    subject = models.CharField(_("concerning"), max_length=64, blank=True,
                               help_text=_("The drug or lesion concerned, if any."))
    label_fr = models.CharField(max_length=200)  # the referential row's label when written
    label_en = models.CharField(max_length=200)
    due_date = models.DateField(_("date"), null=True, blank=True)
    timing = models.CharField(_("timing"), max_length=12, choices=Timing.choices,
                              default=Timing.DUE_BY)
    flagged = models.BooleanField(_("needs a decision"), default=False)
    reasons = models.JSONField(_("reasons"), default=list, editable=False)
    missing = models.JSONField(_("missing inputs"), default=list, editable=False)
    status = models.CharField(_("status"), max_length=16, choices=FollowUpStatus.choices,
                              default=FollowUpStatus.OPEN)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    not_applicable_reason = models.TextField(_("why it does not apply"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "kind", "subject", "due_date"],
                                    condition=models.Q(due_date__isnull=False),
                                    name="one_follow_up_action_per_date"),
            models.UniqueConstraint(fields=["proposal", "kind", "subject"],
                                    condition=models.Q(due_date__isnull=True),
                                    name="one_undated_follow_up_action"),
        ]
        indexes = [models.Index(fields=["status", "due_date"]),
                   models.Index(fields=["patient", "status"])]

    def __str__(self) -> str:
        when = self.due_date.isoformat() if self.due_date else "?"
        return f"{self.label} ({when})"

    @property
    def label(self) -> str:
        return self.label_fr if translation.get_language() == "fr" else self.label_en

    def due_status(self, today: date) -> str:
        """undated / overdue / due / upcoming for an open action, else its own status."""
        if self.status != FollowUpStatus.OPEN:
            return self.status
        return status_on(self.due_date, self.timing, today)

    def reason_texts(self) -> list[dict]:
        """Each reason in the current language, with its source."""
        french = translation.get_language() == "fr"
        return [{"text": r["text_fr"] if french else r["text_en"], "source": r["source"],
                 "rule_id": r["rule_id"]} for r in self.reasons]

    def missing_labels(self) -> list[str]:
        french = translation.get_language() == "fr"
        return [m["label_fr"] if french else m["label_en"] for m in self.missing]


class FollowUpDigest(models.Model):
    """One digest e-mail per user and day: a task delivered twice sends it once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    sent_on = models.DateField()
    actions = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow-up digest")
        verbose_name_plural = _("follow-up digests")
        constraints = [models.UniqueConstraint(fields=["user", "sent_on"],
                                               name="one_follow_up_digest_a_day")]

    def __str__(self) -> str:
        return f"{self.user} {self.sent_on}"
