"""Asking for a document, retrying it, and building it (the Celery task's body).

`request_document` is safe to call twice: the subject's revision (revision.py) names one
document, created pending and rendered once by a task queued when the transaction commits.
`build_document` is safe to run twice: the row is locked while rendering and a ready
document is left alone. A proposal's PDF exists only for a valid (signed) proposal; it is
signed with the institution's certificate and, once ready, never changes.
"""

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from recommendations.documents import render, signing
from recommendations.documents.revision import revision_of
from recommendations.documents.storage import document_path
from recommendations.models import (
    Case,
    Document,
    DocumentKind,
    DocumentStatus,
    Meeting,
    Proposal,
    ProposalStatus,
)

SUBJECTS = {DocumentKind.PROPOSAL: ("proposal", Proposal),
            DocumentKind.CASE_SUMMARY: ("case", Case),
            DocumentKind.AGENDA: ("meeting", Meeting),
            DocumentKind.BOOKLET: ("meeting", Meeting)}
MAX_ERROR_LENGTH = 4000


class DocumentRefused(Exception):
    """This document cannot be made for this subject (the message says why)."""


def subject_field(kind: str) -> str:
    return SUBJECTS[kind][0]


def latest_document(kind: str, subject) -> Document | None:
    """The newest document of this kind for the subject (what its page shows)."""
    return (Document.objects.filter(kind=kind, **{subject_field(kind): subject})
            .order_by("-created_at", "-pk").first())


def request_document(kind: str, subject, user=None) -> Document:
    """The document of the subject as it is now: the existing one, or a new one pending,
    rendered by a task once the transaction commits. A failed one is queued again."""
    if kind not in SUBJECTS or not isinstance(subject, SUBJECTS[kind][1]):
        raise DocumentRefused(_("Unknown kind of document for this subject."))
    lookup = {"kind": kind, subject_field(kind): subject}
    if kind == DocumentKind.PROPOSAL and subject.status != ProposalStatus.VALID:
        existing = Document.objects.filter(**lookup).first()  # a superseded one keeps its PDF
        if existing is None:
            raise DocumentRefused(_("Only a valid (signed) proposal is printed."))
        return existing
    revision = revision_of(kind, subject)
    with transaction.atomic():
        document, created = Document.objects.get_or_create(
            **lookup, revision=revision, defaults={"requested_by": user})
        if created or document.status == DocumentStatus.FAILED:
            _queue(document)
    return document


def retry_document(document: Document) -> Document:
    """Queue a document that failed (or whose task was lost) again; a ready one stays."""
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document.pk)
        if document.status != DocumentStatus.READY:
            _queue(document)
    return document


def _queue(document: Document) -> None:
    from recommendations.tasks import render_document

    if document.status == DocumentStatus.FAILED:
        document.status = DocumentStatus.PENDING
        document.save(update_fields=["status", "updated_at"])
    pk = document.pk
    transaction.on_commit(lambda: render_document.delay(pk))


def build_document(document_id: int) -> Document:
    """Render, sign (a proposal), hash and store the document; nothing if already ready."""
    Document.objects.filter(pk=document_id).exclude(status=DocumentStatus.READY).update(
        attempts=F("attempts") + 1)
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document_id)
        if document.status == DocumentStatus.READY:
            return document
        pdf = render.render_pdf(document.kind, document.subject)
        if document.kind == DocumentKind.PROPOSAL:
            with translation.override(settings.LANGUAGE_CODE):
                reason = _("Proposal of the bone-metastasis panel, signed by its members")
            pdf = signing.sign_pdf(pdf, reason=reason)
            document.signed = True
        _store(document, pdf)
        document.sha256 = signing.sha256_of(pdf)
        document.status = DocumentStatus.READY
        document.error = ""
        document.rendered_at = timezone.now()
        document.save()
    return document


def _store(document: Document, pdf: bytes) -> None:
    """Write the file under its one name: if the row's update then rolls back, the next run
    replaces the leftover instead of adding a second file."""
    storage = document.file.storage
    name = document_path(document, "document.pdf")
    if storage.exists(name):
        storage.delete(name)
    document.file.save(name, ContentFile(pdf), save=False)


def record_error(document_id: int, error: BaseException) -> None:
    Document.objects.filter(pk=document_id).exclude(status=DocumentStatus.READY).update(
        error=_error_text(error), updated_at=timezone.now())


def mark_failed(document_id: int, error: BaseException) -> None:
    Document.objects.filter(pk=document_id).exclude(status=DocumentStatus.READY).update(
        status=DocumentStatus.FAILED, error=_error_text(error), updated_at=timezone.now())


def _error_text(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:MAX_ERROR_LENGTH]
