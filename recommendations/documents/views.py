"""Document pages: ask for a PDF, retry a failed one, download a ready one.

Files are served here, after the permission check, never from MEDIA_URL. Asking and
retrying are POSTs that come back to the page the user was on (`next`), which shows the
document's status (templates/recommendations/pdf/_document_status.html).
"""

import io

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from audit.access import (
    Action,
    SubjectKind,
    record_access,
    record_accesses,
    refusals_recorded,
)
from recommendations.documents import actions, integrity
from recommendations.documents import permissions as perms
from recommendations.models import DocumentKind, DocumentStatus


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    target = request.POST.get("next", "")
    # A path of this site only: redirect() would take "0" or "home" for a view name.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return HttpResponseRedirect(target)
    return redirect(fallback)


def _subject_url(document) -> str:
    if document.kind == DocumentKind.PROPOSAL:
        return reverse("recommendations:proposal_detail", args=[document.proposal_id])
    return document.subject.get_absolute_url()


@require_POST
def document_request(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    subject = perms.subject_for(request.user, kind, pk)
    try:
        document = actions.request_document(kind, subject, request.user)
    except actions.DocumentRefused as refused:
        messages.error(request, str(refused))
        return _back(request, "/")
    if document.status == DocumentStatus.READY:
        messages.info(request, _("The document is ready."))
    else:
        messages.success(request, _("The document is being prepared."))
    return _back(request, _subject_url(document))


@require_POST
def document_retry(request: HttpRequest, pk: int) -> HttpResponse:
    document = actions.retry_document(perms.document_for(request.user, pk))
    if document.status != DocumentStatus.READY:
        messages.success(request, _("The document is being prepared again."))
    return _back(request, _subject_url(document))


def _record_download(request: HttpRequest, document) -> None:
    """A proposal or case summary shows one patient; an agenda or booklet shows every
    patient of the meeting, so each of them gets a row (the same document id)."""
    if document.meeting_id is None:
        case = document.case or document.proposal.case
        record_access(request, patient=case.patient, kind=SubjectKind.DOCUMENT,
                      subject_id=document.pk, action=Action.DOWNLOAD)
        return
    cases = document.meeting.cases.select_related("patient")
    record_accesses(request, patients=[case.patient for case in cases],
                    kind=SubjectKind.MEETING_DOCUMENT, subject_id=document.pk,
                    action=Action.DOWNLOAD)


@require_GET
@never_cache
# A refused agenda or booklet names no single patient: its row has the document id only.
@refusals_recorded(SubjectKind.DOCUMENT, model="recommendations.Document",
                   to_patient=("proposal__case__patient", "case__patient"))
def document_download(request: HttpRequest, pk: int) -> HttpResponse:
    document = perms.document_for(request.user, pk)
    if document.status != DocumentStatus.READY or not document.file:
        raise Http404(_("This document is not ready."))
    try:
        checked = integrity.read_checked(document)
    except FileNotFoundError as missing:
        raise Http404(_("The file of this document is missing.")) from missing
    if not checked.verdict.valid:  # altered on disk: never served
        integrity.report_integrity_failure(document, checked)
        return render(request, "recommendations/documents/integrity_failed.html",
                      {"document": document, "back_url": _subject_url(document)}, status=409)
    _record_download(request, document)
    name = f"rcp-{document.kind.replace('_', '-')}-{document.pk}.pdf"
    response = FileResponse(io.BytesIO(checked.data), as_attachment=True, filename=name,
                            content_type="application/pdf")
    response["X-Content-Type-Options"] = "nosniff"
    return response
