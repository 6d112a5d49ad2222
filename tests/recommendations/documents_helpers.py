"""Fixtures and readers shared by the document tests (tests/recommendations/test_documents*):
a signed proposal, a private MEDIA_ROOT and signing certificate per test, and the text of a
PDF's pages as pypdf reads it."""

import io

import pytest
from pypdf import PdfReader

from recommendations.documents.certificates import write_pkcs12
from recommendations.proposals import discuss_and_draft, sign_proposal, update_proposal
from scoring.referential_store import ensure_first_referential
from tests.recommendations.workflow_helpers import QUORUM, members, scheduled_case

PASSPHRASE = "test-passphrase"


@pytest.fixture(scope="session")
def certificate_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("signing") / "institution.p12"
    write_pkcs12(path, PASSPHRASE.encode(), "Hôpital de test")
    return path


@pytest.fixture
def document_settings(settings, tmp_path, certificate_file):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DOCUMENT_SIGNING_CERTIFICATE = str(certificate_file)
    settings.DOCUMENT_SIGNING_PASSPHRASE = PASSPHRASE
    settings.DOCUMENT_INSTITUTION = "Hôpital de test"
    return settings


@pytest.fixture
def case(clinician, coordinator):
    ensure_first_referential()  # a transactional test before may have emptied the tables
    return scheduled_case(clinician, coordinator)


@pytest.fixture
def draft_proposal(case, panel_member):
    return discuss_and_draft(case, panel_member)


@pytest.fixture
def signers(case):
    return members(case.meeting, *QUORUM)


@pytest.fixture
def valid_proposal(draft_proposal, panel_member, signers):
    update_proposal(draft_proposal, panel_member, off_referential=True,
                    off_referential_reason="Patient prefers radiotherapy alone.")
    for member in signers:
        sign_proposal(draft_proposal, member)
    draft_proposal.refresh_from_db()
    return draft_proposal


def pages_text(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def flat(text: str) -> str:
    """Text with its line breaks and runs of spaces made single spaces."""
    return " ".join(text.split())
