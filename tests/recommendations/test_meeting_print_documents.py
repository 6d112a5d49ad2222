"""The meeting page reads its agenda's and booklet's documents in one query
(recommendations.views.meetings._print_documents): the same ones `latest_document` names."""

import pytest
from django.urls import reverse

from recommendations.documents.actions import latest_document
from recommendations.models import Document, DocumentKind
from recommendations.views.meetings import _print_documents
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def test_none_before_any_is_asked_for():
    assert _print_documents(MeetingFactory()) == {"agenda_document": None,
                                                  "booklet_document": None}


def test_the_newest_of_each_kind_for_this_meeting_only():
    meeting, other = MeetingFactory(), MeetingFactory()
    for revision in ("a", "b", "c"):
        Document.objects.create(kind=DocumentKind.AGENDA, meeting=meeting, revision=revision)
    Document.objects.create(kind=DocumentKind.BOOKLET, meeting=meeting, revision="a")
    Document.objects.create(kind=DocumentKind.BOOKLET, meeting=other, revision="z")
    Document.objects.create(kind=DocumentKind.AGENDA, meeting=other, revision="z")
    found = _print_documents(meeting)
    assert found["agenda_document"] == latest_document(DocumentKind.AGENDA, meeting)
    assert found["agenda_document"].revision == "c"
    assert found["booklet_document"] == latest_document(DocumentKind.BOOKLET, meeting)


def test_the_page_shows_each_documents_state(client, coordinator):
    meeting = MeetingFactory()
    Document.objects.create(kind=DocumentKind.AGENDA, meeting=meeting, revision="a",
                            status="failed", error="No fonts")
    client.force_login(coordinator)
    page = client.get(reverse("recommendations:meeting_detail", args=[meeting.pk]))
    html = page.content.decode()
    assert 'data-testid="document-agenda" data-status="failed"' in html
    assert 'data-testid="document-booklet" data-status="none"' in html
