"""What a case attachment may be, read from its bytes: a PDF, a PNG or a JPEG, at most
MAX_ATTACHMENT_BYTES; and how one is stored.

The declared content type and the file name are the sender's claims and are never trusted: a
report renamed `.pdf` that holds HTML would otherwise be served to the panel as a page. The
first bytes of these three formats are fixed by their specifications (PDF: ISO 32000 header
`%PDF-`; PNG: the 8-byte signature of RFC 2083; JPEG: the SOI marker FF D8 followed by a
marker's FF), so they settle the type.
"""

import hashlib
import unicodedata
from dataclasses import dataclass
from pathlib import PurePath

from django.core.files.uploadedfile import UploadedFile

from recommendations.models import Case, CaseAttachment

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024  # an imaging or pathology report, not the images

# Content type, its leading bytes, the extension a download of it carries.
SIGNATURES = (
    ("application/pdf", b"%PDF-", ".pdf"),
    ("image/png", b"\x89PNG\r\n\x1a\n", ".png"),
    ("image/jpeg", b"\xff\xd8\xff", ".jpg"),
)
EXTENSIONS = {content_type: extension for content_type, _magic, extension in SIGNATURES}
_HEAD_BYTES = max(len(magic) for _type, magic, _ext in SIGNATURES)
_MAX_NAME_LENGTH = CaseAttachment._meta.get_field("original_name").max_length


@dataclass(frozen=True)
class Inspection:
    content_type: str
    size: int
    sha256: str


def detect_content_type(head: bytes) -> str | None:
    """The content type the leading bytes announce, or None for anything else."""
    for content_type, magic, _extension in SIGNATURES:
        if head.startswith(magic):
            return content_type
    return None


def inspect_upload(upload: UploadedFile) -> Inspection | None:
    """Type, size and digest of an upload (read in chunks); None if it is not an accepted
    type. The size is the caller's to check first: `upload.size` costs no read."""
    upload.seek(0)
    content_type = detect_content_type(upload.read(_HEAD_BYTES))
    if content_type is None:
        return None
    upload.seek(0)
    digest, size = hashlib.sha256(), 0
    for chunk in upload.chunks():
        digest.update(chunk)
        size += len(chunk)
    upload.seek(0)
    return Inspection(content_type, size, digest.hexdigest())


def clean_original_name(name: str) -> str:
    """The uploaded name without any folder part, control or direction character (CR and LF
    included, so it can go in a header), nor leading or trailing dot; kept for display only:
    files are stored under a random name. Compatibility forms are folded first (NFKC), so a
    full-width "／" counts as the slash it looks like."""
    folded = unicodedata.normalize("NFKC", name).replace("\\", "/")
    base = PurePath(folded).name
    cleaned = "".join(char for char in base if char.isprintable()).strip(" .")
    if len(cleaned) > _MAX_NAME_LENGTH:  # shortened, keeping the extension
        suffix = PurePath(cleaned).suffix[:16]
        cleaned = cleaned[:_MAX_NAME_LENGTH - len(suffix)] + suffix
    return cleaned or "document"


def download_name(attachment: CaseAttachment) -> str:
    """The original name (cleaned again: a row may predate the rule) with the extension of
    what the file really is."""
    extension = EXTENSIONS.get(attachment.content_type, "")
    stem = PurePath(clean_original_name(attachment.original_name)).stem
    return f"{stem[:_MAX_NAME_LENGTH - len(extension)]}{extension}"


def attach_file(case: Case, upload: UploadedFile, inspection: Inspection, *, kind: str,
                user) -> CaseAttachment:
    """Store an inspected upload under a random name (`attachment_path`) and record it."""
    attachment = CaseAttachment(
        case=case, kind=kind, original_name=clean_original_name(upload.name or ""),
        content_type=inspection.content_type, size=inspection.size,
        sha256=inspection.sha256, uploaded_by=user,
    )
    attachment.file.save("upload", upload, save=False)
    attachment.save()
    return attachment
