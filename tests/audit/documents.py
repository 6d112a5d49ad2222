"""A ready document without rendering a PDF: the download view only needs the stored bytes
and their hash."""

from django.core.files.base import ContentFile

from recommendations.documents.signing import sha256_of
from recommendations.models import Document, DocumentStatus

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def ready_document(kind: str, **subject) -> Document:
    document = Document.objects.create(kind=kind, revision="test-revision", **subject)
    document.file.save("document.pdf", ContentFile(PDF), save=False)
    document.status = DocumentStatus.READY
    document.sha256 = sha256_of(PDF)
    document.save()
    return document
