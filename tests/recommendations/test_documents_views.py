# ruff: noqa: F811 (the pytest fixtures imported from documents_helpers)
"""Asking for a document, retrying it and downloading it through the application: only those
who may read its subject get it, and no public URL serves the files."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from recommendations.documents.actions import latest_document
from recommendations.documents.storage import private_storage
from recommendations.models import Document, DocumentStatus
from tests.factories import UserFactory
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
def ask(client, django_capture_on_commit_callbacks):
    def asking(user, kind, pk, **data):
        client.force_login(user)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("documents:request", args=[kind, pk]), data)
    return asking


class TestAskAndDownload:
    def test_a_panel_member_prints_the_signed_proposal(self, ask, client, valid_proposal,
                                                       panel_member):
        back = reverse("recommendations:proposal_detail", args=[valid_proposal.pk])
        response = ask(panel_member, "proposal", valid_proposal.pk, next=back)
        assert response.status_code == 302 and response.url == back
        document = latest_document("proposal", valid_proposal)
        assert document.status == DocumentStatus.READY
        download = client.get(reverse("documents:download", args=[document.pk]))
        assert download.status_code == 200
        assert download["Content-Type"] == "application/pdf"
        assert "attachment" in download["Content-Disposition"]
        assert b"".join(download.streaming_content).startswith(b"%PDF")

    def test_a_draft_proposal_is_refused_with_a_message(self, ask, draft_proposal,
                                                        panel_member):
        response = ask(panel_member, "proposal", draft_proposal.pk)
        assert response.status_code == 302 and not Document.objects.exists()

    def test_a_user_who_may_not_see_the_case_may_neither_ask_nor_download(
            self, ask, client, case, clinician):
        ask(clinician, "case_summary", case.pk)  # the referring clinician may
        document = latest_document("case_summary", case)
        stranger = UserFactory(username="no-role")  # no role: sees no one else's case
        assert ask(stranger, "case_summary", case.pk).status_code == 403
        client.force_login(stranger)
        assert client.get(reverse("documents:download", args=[document.pk])).status_code == 403

    def test_the_booklet_needs_the_meeting_and_every_one_of_its_cases(self, ask, case,
                                                                      coordinator):
        assert ask(coordinator, "booklet", case.meeting.pk).status_code == 302
        assert latest_document("booklet", case.meeting).status == DocumentStatus.READY
        stranger = UserFactory(username="no-role")
        assert ask(stranger, "booklet", case.meeting.pk).status_code == 403

    def test_a_failed_document_is_retried_from_its_page(self, ask, client, case, clinician,
                                                        django_capture_on_commit_callbacks):
        from unittest import mock

        with mock.patch("recommendations.documents.render.weasyprint.HTML",
                        side_effect=RuntimeError("boom")):
            ask(clinician, "case_summary", case.pk)
        document = latest_document("case_summary", case)
        assert document.status == DocumentStatus.FAILED
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("documents:retry", args=[document.pk]))
        assert response.status_code == 302
        document.refresh_from_db()
        assert document.status == DocumentStatus.READY


class TestStatusOnThePage:
    @pytest.mark.parametrize(("status", "shown"), [
        (None, "Prepare"), ("pending", "Being prepared"), ("failed", "Retry"),
        ("ready", "Download"),
    ])
    def test_each_status_is_shown_with_its_action(self, status, shown, case, clinician):
        document = None if status is None else Document(pk=7, kind="case_summary", case=case,
                                                         status=status, error="boom",
                                                         sha256="ab" * 32)
        request = RequestFactory().get("/cases/1/")
        request.user = clinician
        html = render_to_string("recommendations/pdf/_document_status.html", {
            "document": document, "kind": "case_summary", "subject_pk": case.pk,
            "label": "case summary"}, request=request)
        assert shown in html
        assert f'data-status="{status or "none"}"' in html


class TestNeverPublic:
    def test_no_media_url_serves_the_files(self, ask, client, case, clinician):
        ask(clinician, "case_summary", case.pk)
        document = latest_document("case_summary", case)
        for url in (f"/media/private/{document.file.name}", f"/media/{document.file.name}"):
            assert client.get(url).status_code == 404

    def test_the_storage_names_no_url(self):
        with pytest.raises(ValueError, match="no public URL"):
            private_storage().url("documents/x.pdf")
