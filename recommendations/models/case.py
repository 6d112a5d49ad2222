"""A case: a referring clinician's question to the panel about one patient.

Its life is a state machine (recommendations.case_workflow): draft -> submitted -> scheduled
(on a meeting's agenda) -> discussed -> signed -> sent, or withdrawn; every transition is
recorded with who and when (`WorkflowEvent`).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from patients.models import Lesion, Patient
from recommendations.models.meeting import Meeting


class CaseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    SCHEDULED = "scheduled", _("Scheduled")
    DISCUSSED = "discussed", _("Discussed")
    SIGNED = "signed", _("Signed")
    SENT = "sent", _("Sent")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Urgency(models.TextChoices):
    ROUTINE = "routine", _("Routine")
    URGENT = "urgent", _("Urgent")


class Case(models.Model):
    patient = models.ForeignKey(Patient, verbose_name=_("patient"), on_delete=models.PROTECT,
                                related_name="cases")
    referring_clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("referring clinician"),
        on_delete=models.PROTECT, related_name="referred_cases")
    # Clinicians who share the referrer's rights on this case (a colleague of the same team).
    co_owners = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("co-owners"), blank=True,
        related_name="co_owned_cases",
        help_text=_("Referring clinicians who may edit and submit this case too."))
    question = models.TextField(_("question to the panel"))
    clinical_summary = models.TextField(_("clinical summary"), blank=True)
    lesions = models.ManyToManyField(Lesion, verbose_name=_("lesions concerned"), blank=True,
                                     related_name="cases")
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices,
                               default=Urgency.ROUTINE)
    emergency_treatment = models.TextField(
        _("treatment given in emergency before the meeting"), blank=True,
        help_text=_("What was done and when (e.g. decompression, radiotherapy): the case is "
                    "still discussed afterwards and the panel's proposal records it."))
    patient_informed = models.BooleanField(
        _("patient informed and did not object"), default=False,
        help_text=_("Required before submission: the patient was told the case goes to the "
                    "panel and did not object."))
    status = models.CharField(_("status"), max_length=12, choices=CaseStatus.choices,
                              default=CaseStatus.DRAFT, editable=False)
    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="cases", editable=False)
    agenda_position = models.PositiveIntegerField(_("order on the agenda"), null=True,
                                                  blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Optimistic concurrency: a save names the version it was edited from (see
    # patients/concurrency.py); not a user-facing field.
    lock_version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["updated_at", "lock_version"])

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        permissions = [("schedule_case", _("Can put a case on a meeting's agenda"))]
        indexes = [models.Index(fields=["status"]), models.Index(fields=["meeting",
                                                                         "agenda_position"])]

    def __str__(self) -> str:
        return _("Case %(id)s — %(patient)s") % {"id": self.pk, "patient": self.patient}

    def get_absolute_url(self) -> str:
        return reverse("recommendations:case_detail", args=[self.pk])


class AttachmentKind(models.TextChoices):
    IMAGING = "imaging", _("Imaging report")
    PATHOLOGY = "pathology", _("Pathology report")
    OTHER = "other", _("Other document")


def attachment_path(instance, filename: str) -> str:
    """Named by the case and a random token, never by the uploaded name (health data)."""
    import uuid
    return f"cases/{instance.case_id}/{uuid.uuid4().hex}"


class CaseAttachment(models.Model):
    """A PDF or an image joined to a case; its content type is read from the bytes."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE,
                             related_name="attachments")
    kind = models.CharField(_("kind"), max_length=12, choices=AttachmentKind.choices)
    file = models.FileField(_("file"), upload_to=attachment_path)
    original_name = models.CharField(_("original file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=40)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"),
                                    on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name
