"""A printable document (PDF) of a proposal, a case or a meeting, and its rendering state.

Rendering runs in a Celery task, so a document is first `pending`, then `ready` (its file,
SHA-256 and, for a proposal, the institution's PAdES signature) or `failed` (with the error,
after the retries). One document per subject and revision: asking twice reuses it, and a
ready document never changes (a changed subject has a new revision, hence a new document).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from recommendations.documents.storage import document_path, private_storage
from recommendations.models.case import Case
from recommendations.models.meeting import Meeting
from recommendations.models.proposal import Proposal

READY_FIELDS = {"file", "sha256", "signed", "rendered_at"}


class ReadyDocumentError(Exception):
    """A ready document is final: its file, hash and signature never change."""


class DocumentKind(models.TextChoices):
    PROPOSAL = "proposal", _("Signed proposal")
    CASE_SUMMARY = "case_summary", _("Case summary")
    AGENDA = "agenda", _("Meeting agenda")
    BOOKLET = "booklet", _("Meeting booklet")


class DocumentStatus(models.TextChoices):
    PENDING = "pending", _("Being prepared")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class Document(models.Model):
    kind = models.CharField(_("kind"), max_length=16, choices=DocumentKind.choices)
    proposal = models.ForeignKey(Proposal, verbose_name=_("proposal"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="documents")
    case = models.ForeignKey(Case, verbose_name=_("case"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="documents")
    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="documents")
    revision = models.CharField(
        _("subject revision"), max_length=64,
        help_text=_("Fingerprint of the subject's state the document shows."))
    status = models.CharField(_("status"), max_length=8, choices=DocumentStatus.choices,
                              default=DocumentStatus.PENDING)
    file = models.FileField(_("file"), storage=private_storage, upload_to=document_path,
                            blank=True, max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    signed = models.BooleanField(_("digitally signed"), default=False)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("rendering attempts"), default=0)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("requested by"),
                                     null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    rendered_at = models.DateTimeField(_("rendered"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.CheckConstraint(
                name="document_has_its_subject",
                condition=(models.Q(kind="proposal", proposal__isnull=False)
                           | models.Q(kind="case_summary", case__isnull=False)
                           | models.Q(kind__in=["agenda", "booklet"], meeting__isnull=False))),
            models.UniqueConstraint(fields=["kind", "proposal", "revision"],
                                    condition=models.Q(kind="proposal"),
                                    name="one_document_per_proposal_revision"),
            models.UniqueConstraint(fields=["kind", "case", "revision"],
                                    condition=models.Q(kind="case_summary"),
                                    name="one_document_per_case_revision"),
            models.UniqueConstraint(fields=["kind", "meeting", "revision"],
                                    condition=models.Q(kind__in=["agenda", "booklet"]),
                                    name="one_document_per_meeting_revision"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.get_status_display()})"

    def save(self, *args, **kwargs):
        if self.pk:
            stored = (Document.objects.filter(pk=self.pk)
                      .values_list("status", "sha256").first())
            if stored and stored[0] == DocumentStatus.READY and (
                    self.status != DocumentStatus.READY or self.sha256 != stored[1]):
                raise ReadyDocumentError(f"Document {self.pk} is ready: it never changes.")
        super().save(*args, **kwargs)

    @property
    def subject(self):
        return self.proposal or self.case or self.meeting
