"""A case's documents: only PDF, PNG and JPEG content, size-limited, served as downloads to
those who may see the case."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
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


PE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(48)  # a Windows program
ZIP = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(20)  # also an Office document
ELF = b"\x7fELF\x02\x01\x01" + bytes(20)
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'


def stored_path(media_root, attachment):
    return (media_root / attachment.file.name).resolve()


class TestHostileUploads:
    """What a file claims (its name, its declared type) is never what decides."""

    @pytest.mark.parametrize(("name", "content"), [
        ("report.pdf", PE), ("report.pdf", ZIP), ("scan.jpg", ELF), ("scan.png", SVG),
        ("report.pdf", HTML + PDF),
    ])
    def test_it_refuses_content_of_another_type_whatever_the_name(self, client, clinician,
                                                                 name, content):
        case = draft_case(clinician)
        client.force_login(clinician)
        response = upload(client, case, name, content)
        assert response.status_code == 200
        assert response.context["form"].has_error("file", "unsupported_type")
        assert not CaseAttachment.objects.exists()

    @pytest.mark.parametrize(("name", "content", "served_as"), [
        ("report.exe", PDF, "report.pdf"),
        ("report.pdf.exe", PDF, "report.pdf.pdf"),
        ("scan.exe.pdf", PNG, "scan.exe.png"),
    ])
    def test_it_serves_a_misnamed_file_under_the_extension_of_what_it_is(
            self, client, clinician, name, content, served_as):
        attachment = attached(clinician, name, content)
        client.force_login(clinician)
        response = client.get(download_url(attachment))
        assert response["Content-Disposition"] == f'attachment; filename="{served_as}"'
        assert response["Content-Type"] == detect_content_type(content)
        response.close()

    def test_a_pdf_holding_html_is_served_as_a_pdf_download(self, client, clinician):
        attachment = attached(clinician, "report.pdf", PDF + HTML)
        client.force_login(clinician)
        response = client.get(download_url(attachment))
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"].startswith("attachment;")
        response.close()

    @pytest.mark.parametrize(("name", "kept"), [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\x.pdf", "x.pdf"),
        ("/etc/report.pdf", "report.pdf"),
        ("C:\\Users\\me\\report.pdf", "report.pdf"),
        ("ｒｅｐｏｒｔ／..／scan.pdf", "scan.pdf"),  # full-width slashes fold to slashes
        ("\u202efdp.exe", "fdp.exe"),  # no right-to-left override to disguise the name
        ("report\u200b.pdf", "report.pdf"),
        ("e\u0301chographie.pdf", "échographie.pdf"),  # one composed form
    ])
    def test_it_keeps_a_plain_name_and_stores_the_file_under_a_random_one(
            self, client, clinician, media_root, name, kept):
        attachment = attached(clinician, name, PDF)
        assert attachment.original_name == kept
        path = stored_path(media_root, attachment)
        assert path.is_relative_to(media_root.resolve() / "cases" / str(attachment.case_id))
        assert path.read_bytes() == PDF and kept not in path.name

    def test_it_shortens_a_very_long_name_keeping_its_extension(self, client, clinician):
        attachment = attached(clinician, "x" * 400 + ".pdf", PDF)
        assert len(attachment.original_name) == 255
        assert attachment.original_name.endswith("x.pdf")

    @pytest.mark.parametrize("stored_name", [
        "report\r\nSet-Cookie: stolen=1.pdf",
        pytest.param("report\x00.pdf", marks=pytest.mark.skipif(
            connection.vendor == "postgresql",
            reason="PostgreSQL cannot store NUL in text, so no stored name holds one there")),
        "..", "\n"])
    def test_a_stored_name_never_breaks_the_download_header(self, client, clinician,
                                                            stored_name):
        attachment = attached(clinician)
        CaseAttachment.objects.filter(pk=attachment.pk).update(original_name=stored_name)
        client.force_login(clinician)
        response = client.get(download_url(attachment))
        assert response.status_code == 200
        header = response["Content-Disposition"]
        assert "\r" not in header and "\n" not in header and "\x00" not in header
        assert header.startswith('attachment; filename="') and header.endswith('.pdf"')
        response.close()

    @pytest.mark.parametrize(("name", "header"), [
        ('rapport "final".pdf', 'attachment; filename="rapport \\"final\\".pdf"'),
        ("compte-rendu é.pdf", "attachment; filename*=utf-8''compte-rendu%20%C3%A9.pdf"),
    ])
    def test_it_quotes_or_encodes_the_name_in_the_header(self, client, clinician, name,
                                                         header):
        attachment = attached(clinician, name, PDF)
        client.force_login(clinician)
        response = client.get(download_url(attachment))
        assert response["Content-Disposition"] == header
        response.close()
