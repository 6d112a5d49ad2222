"""Document pages: ask for a PDF, retry a failed one, download a ready one.

Files are served here, after the permission check, never from MEDIA_URL. Asking and
retrying are POSTs that come back to the page the user was on (`next`), which shows the
document's status (templates/recommendations/pdf/_document_status.html).
"""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from recommendations.documents import actions
from recommendations.documents import permissions as perms
from recommendations.models import DocumentKind, DocumentStatus


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return redirect(target)
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


@require_GET
@never_cache
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    document = perms.document_for(request.user, pk)
    if document.status != DocumentStatus.READY or not document.file:
        raise Http404(_("This document is not ready."))
    try:
        stored = document.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404(_("The file of this document is missing.")) from missing
    name = f"rcp-{document.kind.replace('_', '-')}-{document.pk}.pdf"
    response = FileResponse(stored, as_attachment=True, filename=name,
                            content_type="application/pdf")
    response["X-Content-Type-Options"] = "nosniff"
    return response
