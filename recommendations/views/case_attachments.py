"""A case's documents: adding one, and serving it to those who may see the case.

Files are served by the application, never from MEDIA_URL, so that each download asks the
permissions module; they go out as downloads of the type their bytes showed at upload.
"""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from audit.access import Action, SubjectKind, record_access, refusals_recorded
from recommendations.attachments import attach_file, download_name
from recommendations.forms.attachment import AttachmentForm
from recommendations.permissions import attachment_for_reading, case_for_attaching


@require_http_methods(["GET", "POST"])
def attachment_add(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = case_for_attaching(request.user, case_pk)
    if request.method == "POST":
        form = AttachmentForm(request.POST, request.FILES)
    else:
        form = AttachmentForm()
    if form.is_bound and form.is_valid():
        attachment = attach_file(case, form.cleaned_data["file"], form.inspection,
                                 kind=form.cleaned_data["kind"], user=request.user)
        messages.success(request, _("Document “%(name)s” added.")
                         % {"name": attachment.original_name})
        return redirect(f"{case.get_absolute_url()}#attachments")
    return render(request, "recommendations/cases/attachment_form.html",
                  {"form": form, "case": case, "patient": case.patient})


@require_GET
@never_cache
@refusals_recorded(SubjectKind.ATTACHMENT, model="recommendations.CaseAttachment",
                   to_patient="case__patient")
def attachment_download(request: HttpRequest, case_pk: int, pk: int) -> FileResponse:
    attachment = attachment_for_reading(request.user, case_pk, pk)
    try:
        stored = attachment.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404(_("The file of this document is missing.")) from missing
    record_access(request, patient=attachment.case.patient, kind=SubjectKind.ATTACHMENT,
                  subject_id=attachment.pk, action=Action.DOWNLOAD)
    response = FileResponse(stored, as_attachment=True, filename=download_name(attachment),
                            content_type=attachment.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
