# ruff: noqa: F811 (the pytest fixtures imported from documents_helpers)
"""A download recomputes the stored file's SHA-256: a file altered on disk is never served,
the failure is logged without health data and the coordinators are told; `verify_document`
runs the same check."""

import hashlib
import logging
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from recommendations.documents.actions import request_document
from recommendations.documents.integrity import read_checked
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
def document(valid_proposal, panel_member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        asked = request_document("proposal", valid_proposal, panel_member)
    asked.refresh_from_db()
    return asked


@pytest.fixture
def altered(document):
    """The document, its stored file changed on disk by one byte."""
    path = Path(document.file.path)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    return document


def download(client, user, document):
    client.force_login(user)
    return client.get(reverse("documents:download", args=[document.pk]))


class TestDownload:
    def test_it_serves_the_file_whose_hash_matches(self, client, panel_member, document):
        response = download(client, panel_member, document)
        assert response.status_code == 200
        served = b"".join(response.streaming_content)
        assert hashlib.sha256(served).hexdigest() == document.sha256

    def test_it_refuses_a_file_altered_on_disk(self, client, panel_member, altered):
        response = download(client, panel_member, altered)
        assert response.status_code == 409
        assert response["Content-Type"].startswith("text/html")
        assert b"%PDF" not in response.content
        assert b'data-testid="document-integrity-failed"' in response.content

    def test_it_logs_the_failure_without_health_data(self, client, panel_member, altered,
                                                     caplog):
        with caplog.at_level(logging.ERROR, logger="recommendations.documents.integrity"):
            download(client, panel_member, altered)
        errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
        assert any(f"Document {altered.pk}" in message for message in errors)
        patient = altered.proposal.case.patient
        for message in errors:
            assert patient.family_name not in message and patient.ipp not in message

    def test_it_tells_the_coordinators(self, client, panel_member, coordinator, altered,
                                       mailoutbox):
        download(client, panel_member, altered)
        assert [mail.to for mail in mailoutbox] == [[coordinator.email]]
        patient = altered.proposal.case.patient
        assert patient.family_name not in mailoutbox[0].body
        assert str(altered.pk) in mailoutbox[0].subject


class TestSameCheckEverywhere:
    def test_the_check_passes_on_the_stored_file(self, document):
        assert read_checked(document, check_signature=True).verdict.valid

    def test_verify_document_refuses_the_altered_file(self, altered):
        with pytest.raises(CommandError, match="SHA-256"):
            call_command("verify_document", str(altered.pk))
