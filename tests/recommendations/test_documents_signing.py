# ruff: noqa: F811 (the pytest fixtures imported from documents_helpers)
"""A signed proposal's PDF: stored with its SHA-256, signed (PAdES) by the institution's
certificate, checked by `manage.py verify_document`; any change to the file is caught."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from pypdf import PdfReader

from recommendations.documents import config
from recommendations.documents.actions import request_document
from recommendations.documents.signing import sha256_of, verify_pdf
from recommendations.models import DocumentStatus
from tests.recommendations.documents_helpers import (  # noqa: F401 (fixtures)
    case,
    certificate_file,
    document_settings,
    draft_proposal,
    signers,
    valid_proposal,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("document_settings")]


@pytest.fixture
def stored(valid_proposal, panel_member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        document = request_document("proposal", valid_proposal, panel_member)
    document.refresh_from_db()
    assert document.status == DocumentStatus.READY, document.error
    return document


def stored_bytes(document) -> bytes:
    with document.file.open("rb") as pdf:
        return pdf.read()


def verify(target) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("verify_document", str(target), stdout=out)
    except CommandError as error:
        return error.returncode, str(error)
    return 0, out.getvalue()


class TestStoredProposal:
    def test_it_is_stored_with_its_sha256_and_signed(self, stored):
        data = stored_bytes(stored)
        assert stored.signed and stored.sha256 == sha256_of(data)
        assert stored.file.name.startswith("documents/proposal/")
        field = PdfReader(io.BytesIO(data)).get_fields()["RCPOOSSignature"]
        assert field["/FT"] == "/Sig"
        assert field["/V"]["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES

    def test_its_signature_verifies_against_the_institutions_certificate(self, stored):
        verdict = verify_pdf(stored_bytes(stored), stored.sha256)
        assert verdict.valid, verdict.problems
        assert verify(stored.pk)[0] == 0
        assert "VALID" in verify(stored.pk)[1]

    def test_a_copy_sent_back_is_recognised(self, stored, tmp_path):
        copy = tmp_path / "returned.pdf"
        copy.write_bytes(stored_bytes(stored))
        code, message = verify(copy)
        assert code == 0 and f"document {stored.pk}" in message


class TestTampering:
    def test_a_changed_byte_fails_both_hash_and_signature(self, stored, tmp_path):
        data = bytearray(stored_bytes(stored))
        at = data.index(b"stream") + 20  # inside the first content stream, under signature
        data[at] ^= 0x01
        verdict = verify_pdf(bytes(data), stored.sha256)
        assert not verdict.valid
        assert any("SHA-256" in problem for problem in verdict.problems)
        assert any("altered" in problem or "cannot" in problem for problem in verdict.problems)
        copy = tmp_path / "tampered.pdf"
        copy.write_bytes(bytes(data))
        code, message = verify(copy)
        assert code == 1 and "INVALID" in message

    def test_a_stored_file_replaced_on_disk_is_invalid(self, stored):
        path = stored.file.path
        with open(path, "ab") as pdf:
            pdf.write(b"\n% appended after signing\n")
        code, message = verify(stored.pk)
        assert code == 1 and "SHA-256" in message

    def test_an_appended_revision_is_caught_by_the_signature(self, stored):
        from pyhanko.pdf_utils.generic import NameObject, TextStringObject
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

        writer = IncrementalPdfFileWriter(io.BytesIO(stored_bytes(stored)))
        writer.document_meta.title = "Changed afterwards"
        writer.root[NameObject("/Lang")] = TextStringObject("en")
        writer.update_root()
        changed = io.BytesIO()
        writer.write(changed)
        verdict = verify_pdf(changed.getvalue())
        assert not verdict.valid
        assert any("changed after" in problem for problem in verdict.problems)

    def test_a_signature_by_another_certificate_is_not_trusted(self, stored, tmp_path,
                                                               settings):
        from recommendations.documents.certificates import write_pkcs12

        other = tmp_path / "other.p12"
        write_pkcs12(other, b"other", "Another hospital")
        settings.DOCUMENT_SIGNING_CERTIFICATE = str(other)
        settings.DOCUMENT_SIGNING_PASSPHRASE = "other"
        verdict = verify_pdf(stored_bytes(stored), stored.sha256)
        assert not verdict.valid
        assert any("institution's certificate" in problem for problem in verdict.problems)

    def test_an_unknown_document_or_file_is_invalid(self, tmp_path):
        assert verify(999999)[0] == 1
        stray = tmp_path / "stray.pdf"
        stray.write_bytes(b"%PDF-1.7\n")
        code, message = verify(stray)
        assert code == 1 and "No stored document" in message


class TestDemoCertificate:
    def test_it_is_created_once_under_media_root(self, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path / "media"
        settings.DOCUMENT_SIGNING_CERTIFICATE = ""
        settings.DOCUMENT_SIGNING_PASSPHRASE = ""
        call_command("create_demo_certificate", stdout=io.StringIO())
        path = config.demo_certificate_path()
        assert path.is_relative_to(tmp_path / "media" / "private")
        first = path.read_bytes()
        out = io.StringIO()
        call_command("create_demo_certificate", stdout=out)
        assert "already present" in out.getvalue() and path.read_bytes() == first
        assert oct(path.stat().st_mode & 0o777) == "0o600"

    def test_it_is_refused_in_production(self, settings):
        settings.PRODUCTION = True
        with pytest.raises(CommandError, match="production"):
            call_command("create_demo_certificate", stdout=io.StringIO())

    def test_production_has_no_default_certificate(self, settings):
        settings.PRODUCTION = True
        settings.DOCUMENT_SIGNING_CERTIFICATE = ""
        settings.DOCUMENT_SIGNING_PASSPHRASE = ""
        assert config.certificate_path() is None and config.passphrase() is None


def test_signing_and_checking_work_inside_a_running_event_loop(document_settings):
    """pyHanko calls asyncio.run: inside a running loop (an async server, Playwright's
    tests) both must still work."""
    import asyncio

    from recommendations.documents.render import html_to_pdf
    from recommendations.documents.signing import sign_pdf, verify_pdf

    async def inside():
        pdf = sign_pdf(html_to_pdf("<p>Test</p>"), reason="test")
        return verify_pdf(pdf, None)

    assert asyncio.run(inside()).valid
