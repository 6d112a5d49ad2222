"""The access log: one row per view or download of a patient's data, never changed.

A row names the patient by id and by a frozen short reference (the IPP), not by a foreign
key: the log outlives the record and stays a plain statement of fact. It holds who, when,
what kind of page or file and which one, and the path; nothing of the data itself.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccessEventError(Exception):
    """An attempt to change or delete a recorded access."""


class Action(models.TextChoices):
    VIEW = "view", _("viewed")
    DOWNLOAD = "download", _("downloaded")
    EXPORT = "export", _("exported")
    REFUSED = "refused", _("refused")


class SubjectKind(models.TextChoices):
    PATIENT = "patient", _("patient record")
    HISTORY = "history", _("record history")
    TIMELINE = "timeline", _("timeline")
    LESION = "lesion", _("lesion")
    RECORD = "record", _("dated record")
    CASE = "case", _("case")
    ATTACHMENT = "attachment", _("case document")
    PROPOSAL = "proposal", _("proposal")
    DOCUMENT = "document", _("PDF document")
    MEETING_DOCUMENT = "meeting_document", _("meeting agenda or booklet")
    ACCESS_LOG = "access_log", _("access log")
    FOLLOW_UP = "follow_up", _("follow-up action")


class AccessEventQuerySet(models.QuerySet):
    """Rows are only ever added: bulk changes and deletions are refused too."""

    def update(self, **kwargs):
        raise AccessEventError("The access log is append-only.")

    def delete(self):
        raise AccessEventError("The access log is append-only.")


class AccessEvent(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True,
                             blank=True, on_delete=models.PROTECT, related_name="+",
                             help_text=_("Empty for the system."))
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    kind = models.CharField(_("what"), max_length=24, choices=SubjectKind.choices)
    subject_id = models.PositiveBigIntegerField(_("identifier"), null=True, blank=True)
    # Indexed with `at` (Meta.indexes): the patient's list reads it newest first.
    patient_id = models.PositiveBigIntegerField(_("patient identifier"), null=True,
                                                blank=True)
    patient_ref = models.CharField(_("patient reference (IPP)"), max_length=32, blank=True)
    path = models.CharField(_("path"), max_length=300)

    objects = AccessEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("access event")
        verbose_name_plural = _("access events")
        # Reading is the only right anyone holds: there is nothing to add, change or delete.
        default_permissions = ("view",)
        indexes = [models.Index(fields=["patient_id", "-at"], name="audit_patient_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.kind} #{self.subject_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AccessEventError(f"Access event {self.pk} is recorded: it never changes.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AccessEventError("The access log is append-only.")
