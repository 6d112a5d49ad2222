"""`manage.py verify_document <id or path>`: is this PDF the one stored, as signed?

With a document's id: its stored file must have the stored SHA-256 and, when it was signed,
a valid PAdES signature by the institution's certificate over the entire file. With a path
(a copy someone sent back): its SHA-256 must be a stored document's, and its signature
valid. Exit status 0 when valid, 1 with the reasons when not.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from recommendations.documents.signing import sha256_of, verify_pdf
from recommendations.models import Document, DocumentStatus


class Command(BaseCommand):
    help = "Check a stored PDF (by document id) or a PDF file: its SHA-256 and its signature."

    def add_arguments(self, parser):
        parser.add_argument("target", help="A document's id, or the path of a PDF file.")
        parser.add_argument("--details", action="store_true",
                            help="Print the signature's validation details.")

    def handle(self, *args, target: str, details: bool = False, **options) -> None:
        if target.isdigit() and not Path(target).exists():
            document, data = self._stored(int(target))
        else:
            document, data = self._file(Path(target))
        expected = document.sha256 if document else None
        verdict = verify_pdf(data, expected, require_signature=document is None
                             or document.signed)
        problems = list(verdict.problems)
        if document is None:
            problems.insert(0, "No stored document has this file's SHA-256.")
        if details and verdict.details:
            self.stdout.write(verdict.details)
        if problems:
            raise CommandError("INVALID: " + " ".join(problems), returncode=1)
        signed = " and its signature is valid" if document.signed else " (not signed)"
        self.stdout.write(self.style.SUCCESS(
            f"VALID: document {document.pk} ({document.get_kind_display()}), SHA-256 "
            f"{document.sha256} matches{signed}."))

    def _stored(self, pk: int) -> tuple[Document, bytes]:
        document = Document.objects.filter(pk=pk).first()
        if document is None:
            raise CommandError(f"INVALID: no document {pk}.", returncode=1)
        if document.status != DocumentStatus.READY or not document.file:
            raise CommandError(f"INVALID: document {pk} is {document.status}, not ready.",
                               returncode=1)
        try:
            with document.file.open("rb") as stored:
                return document, stored.read()
        except FileNotFoundError:
            raise CommandError(f"INVALID: the file of document {pk} is missing.",
                               returncode=1) from None

    def _file(self, path: Path) -> tuple[Document | None, bytes]:
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"INVALID: cannot read {path}: {error}", returncode=1) from None
        document = Document.objects.filter(sha256=sha256_of(data),
                                           status=DocumentStatus.READY).first()
        return document, data
