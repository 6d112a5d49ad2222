# ruff: noqa: F811 (the pytest fixtures imported from documents_helpers)
"""Documents are rendered by a Celery task (inline here): asking twice or running twice makes
one document and one file, a failure is retried then shown as failed, a retry mends it."""

from decimal import Decimal
from unittest import mock

import pytest
from django.utils import timezone

from recommendations.documents import actions
from recommendations.documents.actions import DocumentRefused, request_document
from recommendations.models import Document, DocumentStatus, ReadyDocumentError
from recommendations.tasks import MAX_RETRIES, render_document
from tests.factories import MeasurementFactory
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
def ask(django_capture_on_commit_callbacks, panel_member):
    """Ask for a document as a page would, running the queued task as the commit does."""
    def asking(kind, subject):
        with django_capture_on_commit_callbacks(execute=True):
            document = request_document(kind, subject, panel_member)
        document.refresh_from_db()
        return document
    return asking


def stored_files(settings) -> list:
    root = settings.MEDIA_ROOT / "private" / "documents"
    return sorted(path for path in root.rglob("*") if path.is_file())


class TestSafeTwice:
    def test_asking_twice_reuses_the_document(self, ask, valid_proposal, settings):
        first = ask("proposal", valid_proposal)
        second = ask("proposal", valid_proposal)
        assert first.pk == second.pk and first.status == DocumentStatus.READY
        assert Document.objects.count() == 1 and len(stored_files(settings)) == 1

    def test_running_the_task_twice_leaves_one_file_unchanged(self, ask, case, settings):
        document = ask("case_summary", case)
        assert render_document.delay(document.pk).get() == DocumentStatus.READY
        again = Document.objects.get(pk=document.pk)
        assert (again.sha256, again.attempts, again.file.name) == (
            document.sha256, 1, document.file.name)
        assert len(stored_files(settings)) == 1

    def test_a_leftover_file_of_a_crashed_run_is_replaced(self, case, settings,
                                                          django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=False):
            document = request_document("case_summary", case)
        name = actions.document_path(document, "x.pdf")
        leftover = settings.MEDIA_ROOT / "private" / name
        leftover.parent.mkdir(parents=True)
        leftover.write_bytes(b"half-written")
        render_document.delay(document.pk)
        document.refresh_from_db()
        assert document.file.name == name and len(stored_files(settings)) == 1
        assert leftover.read_bytes().startswith(b"%PDF")

    def test_a_changed_record_makes_a_new_document(self, ask, case):
        first = ask("case_summary", case)
        assert ask("case_summary", case).pk == first.pk
        MeasurementFactory(patient=case.patient, kind="weight", value=Decimal("64"),
                           measured_on=timezone.localdate())
        second = ask("case_summary", case)
        assert second.pk != first.pk and second.revision != first.revision

    def test_a_ready_document_never_changes(self, ask, valid_proposal):
        document = ask("proposal", valid_proposal)
        document.sha256 = "0" * 64
        with pytest.raises(ReadyDocumentError):
            document.save()


class TestFailures:
    def test_a_failing_render_is_retried_then_marked_failed(self, ask, case):
        with mock.patch("recommendations.documents.render.weasyprint.HTML",
                        side_effect=RuntimeError("renderer crashed")) as html:
            document = ask("case_summary", case)
        assert html.call_count == MAX_RETRIES + 1
        assert document.status == DocumentStatus.FAILED
        assert document.attempts == MAX_RETRIES + 1
        assert "renderer crashed" in document.error and not document.file

    def test_a_retry_mends_a_failed_document(self, ask, case,
                                             django_capture_on_commit_callbacks):
        with mock.patch("recommendations.documents.render.weasyprint.HTML",
                        side_effect=RuntimeError("renderer crashed")):
            failed = ask("case_summary", case)
        with django_capture_on_commit_callbacks(execute=True):
            actions.retry_document(failed)
        failed.refresh_from_db()
        assert failed.status == DocumentStatus.READY and failed.error == ""

    def test_without_a_certificate_the_proposal_fails_with_a_clear_error(self, ask,
                                                                         valid_proposal,
                                                                         settings, tmp_path):
        settings.DOCUMENT_SIGNING_CERTIFICATE = str(tmp_path / "absent.p12")
        document = ask("proposal", valid_proposal)
        assert document.status == DocumentStatus.FAILED
        assert "signing certificate cannot be read" in document.error


class TestProposalRule:
    def test_a_draft_proposal_is_not_printed(self, draft_proposal):
        with pytest.raises(DocumentRefused, match="valid"):
            request_document("proposal", draft_proposal)
        assert not Document.objects.exists()

    def test_a_superseded_proposal_keeps_its_pdf(self, ask, valid_proposal, panel_member,
                                                 signers):
        from recommendations.proposals import new_version, sign_proposal

        printed = ask("proposal", valid_proposal)
        second = new_version(valid_proposal, panel_member, reason="Surgery declined")
        for member in signers:
            sign_proposal(second, member)
        valid_proposal.refresh_from_db()
        second.refresh_from_db()
        assert request_document("proposal", valid_proposal).pk == printed.pk
        assert ask("proposal", second).pk != printed.pk

    def test_a_subject_of_the_wrong_kind_is_refused(self, case):
        with pytest.raises(DocumentRefused):
            request_document("agenda", case)
