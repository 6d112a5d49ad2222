"""Private storage of the generated documents: files under MEDIA_ROOT/private, never a URL.

A document carries health data: it leaves the server only through the download view, which
checks permissions (recommendations.documents.views). No route serves MEDIA_URL, and this
storage refuses to name a URL, so a template cannot leak a public link by mistake.
"""

import os

from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible

from recommendations.documents import config


@deconstructible
class PrivateDocumentStorage(FileSystemStorage):
    """FileSystemStorage rooted at MEDIA_ROOT/private, read from the settings at each use
    (tests point MEDIA_ROOT at a temporary folder)."""

    @property
    def base_location(self):
        return str(config.private_root())

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Documents have no public URL: use the download view.")


def private_storage() -> PrivateDocumentStorage:
    return PrivateDocumentStorage()


def document_path(document, filename: str) -> str:
    """documents/<kind>/<id>-<revision>.pdf: one name per document, so a second run of the
    task overwrites its own file instead of leaving a copy."""
    return f"documents/{document.kind}/{document.pk}-{document.revision[:12]}.pdf"
