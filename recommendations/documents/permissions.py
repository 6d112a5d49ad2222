"""Who may ask for, retry and download a document: whoever may read its subject.

A proposal and a case summary follow the case (recommendations.permissions). The agenda and
the booklet show every case of the meeting with the patient's identity, so they need the
meeting pages and every one of its cases; the agenda page hides what a user may not see, a
printed booklet cannot.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from recommendations.documents.actions import SUBJECTS
from recommendations.models import Document, DocumentKind, Meeting
from recommendations.permissions import can_view_case, visible_cases


def can_view_meeting_documents(user, meeting: Meeting) -> bool:
    if not (user.is_authenticated and user.has_perm("recommendations.view_meeting")):
        return False
    case_ids = set(meeting.cases.values_list("pk", flat=True))
    seen = set(visible_cases(user).filter(pk__in=case_ids).values_list("pk", flat=True))
    return case_ids <= seen


def can_view_document_of(user, kind: str, subject) -> bool:
    if kind == DocumentKind.PROPOSAL:
        return can_view_case(user, subject.case)
    if kind == DocumentKind.CASE_SUMMARY:
        return can_view_case(user, subject)
    return can_view_meeting_documents(user, subject)


def subject_for(user, kind: str, pk: int):
    """The subject of a new document of this kind: 404 if absent, 403 if not readable."""
    if kind not in SUBJECTS:
        raise Http404
    field, model = SUBJECTS[kind]
    related = {"proposal": ("case__patient",), "case": ("patient",), "meeting": ()}[field]
    subject = get_object_or_404(model.objects.select_related(*related), pk=pk)
    if not can_view_document_of(user, kind, subject):
        raise PermissionDenied
    return subject


def document_for(user, pk: int) -> Document:
    document = get_object_or_404(
        Document.objects.select_related("proposal__case__patient", "case__patient", "meeting"),
        pk=pk)
    if not can_view_document_of(user, document.kind, document.subject):
        raise PermissionDenied
    return document
