"""Is a stored document still the file that was stored? One check for the download view and
`manage.py verify_document`.

The file's SHA-256 must be the one recorded when it was rendered (and, when asked, its PAdES
signature valid). A mismatch means the file on disk was altered or replaced: the file is not
served, the error is logged (ids and hashes only, never health data) and the coordinators
receive an e-mail naming the document, so that they restore it from a backup.
"""

import logging
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _

from recommendations.documents.signing import Verdict, sha256_of, verify_pdf
from recommendations.models import Document

logger = logging.getLogger(__name__)
COORDINATOR_ROLE = "coordinator"  # accounts.roles.COORDINATOR's group


@dataclass(frozen=True)
class CheckedFile:
    data: bytes
    verdict: Verdict


def read_checked(document: Document, *, check_signature: bool = False) -> CheckedFile:
    """The stored bytes and whether they are the ones stored (and, asked, validly signed).
    FileNotFoundError when the file is gone. The bytes checked are the bytes to serve."""
    with document.file.open("rb") as stored:
        data = stored.read()
    verdict = verify_pdf(data, document.sha256,
                         require_signature=check_signature and document.signed)
    return CheckedFile(data, verdict)


def report_integrity_failure(document: Document, checked: CheckedFile) -> None:
    """Log the failure and tell the coordinators; nothing about the patient in either."""
    logger.error("Document %s (%s) failed its integrity check: stored SHA-256 %s, file "
                 "SHA-256 %s.", document.pk, document.kind, document.sha256,
                 sha256_of(checked.data))
    recipients = list(get_user_model().objects.filter(
        groups__name=COORDINATOR_ROLE, is_active=True).exclude(email="")
        .values_list("email", flat=True))
    if not recipients:
        return
    with translation.override("fr"):
        subject = _("RCP-OOS: document %(id)s failed its integrity check") % {
            "id": document.pk}
        body = _("The stored file of document %(id)s no longer matches its SHA-256: it was "
                 "not served. Check it with `manage.py verify_document %(id)s` and restore "
                 "it from a backup (docs/backup.md).\n") % {"id": document.pk}
    send_mail(subject, body, None, recipients, fail_silently=True)
