"""A case's documents: only PDF, PNG and JPEG content, size-limited, served as downloads to
those who may see the case."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from recommendations.attachments import MAX_ATTACHMENT_BYTES, detect_content_type
from recommendations.models import CaseAttachment, CaseStatus
from tests.factories import UserFactory
from tests.recommendations.test_case_pages import clinician_without_access, draft_case

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(17)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(20) + b"\xff\xd9"
HTML = b"<!doctype html><script>alert(document.cookie)</script>"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def add_url(case) -> str:
    return reverse("recommendations:attachment_add", args=[case.pk])


def download_url(attachment) -> str:
    return reverse("recommendations:attachment_download",
                   args=[attachment.case_id, attachment.pk])


def upload(client, case, name: str, content: bytes, declared: str = "application/pdf",
           kind: str = "imaging"):
    return client.post(add_url(case), {
        "kind": kind, "file": SimpleUploadedFile(name, content, content_type=declared)})


def attached(clinician, name: str = "report.pdf", content: bytes = PDF) -> CaseAttachment:
    """A document added to a draft of `clinician` through the page."""
    case = draft_case(clinician)
    client = Client()
    client.force_login(clinician)
    assert upload(client, case, name, content).status_code == 302
    return CaseAttachment.objects.get(case=case)


class TestContentDetection:
    @pytest.mark.parametrize(("head", "expected"), [
        (PDF, "application/pdf"), (PNG, "image/png"), (JPEG, "image/jpeg"),
        (HTML, None), (b"", None), (b"PDF-1.7", None), (b"GIF89a", None),
    ])
    def test_it_reads_the_type_from_the_leading_bytes(self, head, expected):
        assert detect_content_type(head) == expected


class TestAddingADocument:
    def test_it_stores_a_pdf_with_its_digest(self, client, clinician, media_root):
        case = draft_case(clinician)
        client.force_login(clinician)
        response = upload(client, case, "IRM rachis.pdf", PDF, kind="imaging")
        assert response["Location"] == f"{case.get_absolute_url()}#attachments"
        attachment = CaseAttachment.objects.get()
        assert (attachment.case, attachment.kind, attachment.original_name) == (
            case, "imaging", "IRM rachis.pdf")
        assert (attachment.content_type, attachment.size) == ("application/pdf", len(PDF))
        assert attachment.sha256 == hashlib.sha256(PDF).hexdigest()
        assert attachment.uploaded_by == clinician
        assert "IRM rachis" not in attachment.file.name  # stored under a random name
        assert (media_root / attachment.file.name).read_bytes() == PDF

    def test_it_accepts_a_png(self, client, clinician):
        case = draft_case(clinician)
        client.force_login(clinician)
        upload(client, case, "scan.png", PNG, declared="image/png", kind="pathology")
        assert CaseAttachment.objects.get().content_type == "image/png"

    def test_it_trusts_the_bytes_not_the_name_or_declared_type(self, client, clinician):
        case = draft_case(clinician)
        client.force_login(clinician)
        upload(client, case, "photo.pdf", JPEG, declared="application/pdf")
        assert CaseAttachment.objects.get().content_type == "image/jpeg"

    def test_it_refuses_html_named_pdf(self, client, clinician, media_root):
        case = draft_case(clinician)
        client.force_login(clinician)
        response = upload(client, case, "report.pdf", HTML)
        assert response.status_code == 200
        assert "Only PDF, PNG or JPEG files are accepted" in response.content.decode()
        assert not CaseAttachment.objects.exists()
        assert not any(media_root.rglob("*"))

    def test_it_refuses_a_file_over_the_limit(self, client, clinician):
        case = draft_case(clinician)
        client.force_login(clinician)
        response = upload(client, case, "big.pdf", PDF + bytes(MAX_ATTACHMENT_BYTES))
        assert response.status_code == 200
        assert "the limit is 10.0\xa0MB" in response.content.decode()
        assert not CaseAttachment.objects.exists()

    def test_it_accepts_a_file_at_the_limit(self, client, clinician):
        case = draft_case(clinician)
        client.force_login(clinician)
        upload(client, case, "big.pdf", PDF + bytes(MAX_ATTACHMENT_BYTES - len(PDF)))
        assert CaseAttachment.objects.get().size == MAX_ATTACHMENT_BYTES

    def test_it_keeps_only_the_base_of_the_uploaded_name(self, client, clinician):
        case = draft_case(clinician)
        client.force_login(clinician)
        upload(client, case, "..\\..\\secret\\report.pdf", PDF)
        assert CaseAttachment.objects.get().original_name == "report.pdf"

    @pytest.mark.parametrize("role", ["coordinator", "panel_member"])
    def test_readers_may_not_add_one(self, client, role_users, clinician, role):
        case = draft_case(clinician)
        client.force_login(role_users[role])
        assert upload(client, case, "report.pdf", PDF).status_code == 403
        assert client.get(add_url(case)).status_code == 403

    def test_a_clinician_without_access_may_not_add_one(self, client, clinician):
        case = draft_case(clinician)
        client.force_login(clinician_without_access())
        assert upload(client, case, "report.pdf", PDF).status_code == 403

    @pytest.mark.parametrize("status", [CaseStatus.DISCUSSED, CaseStatus.WITHDRAWN])
    def test_a_closed_case_takes_no_more_documents(self, client, clinician, status):
        case = draft_case(clinician)
        type(case).objects.filter(pk=case.pk).update(status=status)
        client.force_login(clinician)
        assert upload(client, case, "report.pdf", PDF).status_code == 403

    def test_the_owner_gets_the_form_page(self, client, clinician):
        case = draft_case(clinician)
        client.force_login(clinician)
        response = client.get(add_url(case))
        assert response.status_code == 200
        assert 'enctype="multipart/form-data"' in response.content.decode()


class TestDownloadingADocument:
    @pytest.mark.parametrize("role", ["clinician", "coordinator", "panel_member"])
    def test_it_serves_the_bytes_as_a_download(self, client, role_users, role):
        attachment = attached(role_users["clinician"], "IRM.pdf", PDF)
        client.force_login(role_users[role])
        response = client.get(download_url(attachment))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == 'attachment; filename="IRM.pdf"'
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "no-store" in response["Cache-Control"]
        response.close()

    def test_it_names_the_download_after_what_it_is(self, client, clinician):
        attachment = attached(clinician, "scan.pdf", PNG)
        client.force_login(clinician)
        response = client.get(download_url(attachment))
        assert response["Content-Type"] == "image/png"
        assert response["Content-Disposition"] == 'attachment; filename="scan.png"'
        response.close()

    @pytest.mark.parametrize("who", ["without_access", "no_role"])
    def test_it_refuses_who_may_not_see_the_case(self, client, clinician, who):
        attachment = attached(clinician)
        user = (clinician_without_access() if who == "without_access"
                else UserFactory(username="no-role"))
        client.force_login(user)
        assert client.get(download_url(attachment)).status_code == 403

    def test_it_sends_anonymous_users_to_the_login_page(self, client, clinician):
        attachment = attached(clinician)
        response = client.get(download_url(attachment))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))

    def test_it_does_not_serve_a_document_under_another_case(self, client, clinician):
        attachment = attached(clinician)
        other_case = draft_case(clinician)
        client.force_login(clinician)
        wrong = reverse("recommendations:attachment_download",
                        args=[other_case.pk, attachment.pk])
        assert client.get(wrong).status_code == 404

    def test_the_case_page_lists_it(self, client, clinician, coordinator):
        attachment = attached(clinician, "IRM.pdf")
        client.force_login(coordinator)
        html = client.get(attachment.case.get_absolute_url()).content.decode()
        assert download_url(attachment) in html and "IRM.pdf" in html
