"""The custom pages of a referential: clone, compare, activate, export, import, row history.

Every action is one function of `scoring.referential_actions`; these views only ask, confirm
and report. `ReferentialViews` is mixed into `ReferentialAdmin` (before `SimpleHistoryAdmin`),
which routes to these views and gives them `_referential_or_404`, `_can_create`, `_context` and
`_url`.
"""

import re

from django.contrib import messages
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext

from scoring.admin.changes import change_rows
from scoring.admin.forms import MAX_IMPORT_BYTES, CloneForm, ImportForm
from scoring.admin.inlines import table_models
from scoring.engine.referential import ReferentialError
from scoring.models import Referential, ReferentialStatus, SourceDocument, TopicSettings
from scoring.referential_actions import (
    ReferentialActionError,
    activate_referential,
    clone_referential,
    import_referential,
    referential_errors,
)
from scoring.referential_diff import diff_documents
from scoring.referential_files import to_csv, to_json
from scoring.referential_store import document_of

ROW_HISTORY_LIMIT = 500


class ReferentialViews:
    def clone_view(self, request, object_id):
        source = self._referential_or_404(request, object_id)
        if not self._can_create(request):
            raise PermissionDenied
        form = CloneForm(request.POST or None, initial={"version": _free_version(source)})
        if request.method == "POST" and form.is_valid():
            try:
                draft = clone_referential(source, version=form.cleaned_data["version"],
                                          user=request.user,
                                          edition=form.cleaned_data["edition"] or None)
            except ReferentialActionError as error:
                form.add_error(None, str(error))
                for problem in error.errors:
                    form.add_error(None, problem)
            else:
                self.message_user(request, gettext(
                    "The draft %(version)s was created from %(source)s.")
                    % {"version": draft.version, "source": source.version}, messages.SUCCESS)
                return HttpResponseRedirect(self._url("change", quote(draft.pk)))
        return TemplateResponse(request, "admin/scoring/referential/clone.html", self._context(
            request, source, form=form,
            title=gettext("Clone %(version)s into a new draft") % {"version": source.version}))

    def compare_view(self, request, object_id):
        obj = self._referential_or_404(request, object_id)
        others = Referential.objects.exclude(pk=obj.pk)
        wanted = request.GET.get("against", "")
        against = others.filter(pk=wanted).first() if wanted.isdigit() else None
        if against is None:  # the active edition (itself, when obj is the active one)
            against = (Referential.objects.filter(status=ReferentialStatus.ACTIVE).first()
                       or obj.based_on)
        changes = diff_documents(document_of(against), document_of(obj)) if against else []
        return TemplateResponse(request, "admin/scoring/referential/compare.html", self._context(
            request, obj, against=against, others=others, rows=change_rows(changes),
            title=gettext("Compare %(version)s") % {"version": obj.version}))

    def activate_view(self, request, object_id):
        obj = self._referential_or_404(request, object_id)
        # super(): Django's change permission, whatever the status, not the drafts-only rule
        # of ReferentialAdmin: a non-draft gets a page that says why it cannot be activated.
        if not super().has_change_permission(request, obj):
            raise PermissionDenied
        errors: list[str] = []
        problem = ""
        if request.method == "POST":
            try:
                activated = activate_referential(obj, user=request.user)
            except ReferentialActionError as error:
                problem, errors = str(error), error.errors
            else:
                self.message_user(request, gettext(
                    "%(version)s is now the active referential.")
                    % {"version": activated.version}, messages.SUCCESS)
                return HttpResponseRedirect(self._url("change", quote(activated.pk)))
        elif not obj.is_draft:
            problem = gettext("Only a draft can be activated; %(version)s is %(status)s.") % {
                "version": obj.version, "status": obj.get_status_display()}
        else:
            errors = referential_errors(obj)
            if errors:
                problem = gettext("The referential is not valid.")
        active = Referential.objects.filter(status=ReferentialStatus.ACTIVE).exclude(
            pk=obj.pk).first()
        changes = diff_documents(document_of(active), document_of(obj)) if active else []
        return TemplateResponse(request, "admin/scoring/referential/activate.html",
                                self._context(
                                    request, obj, active=active, rows=change_rows(changes),
                                    problem=problem, errors=errors,
                                    posted=request.method == "POST",
                                    can_confirm=obj.is_draft and not problem,
                                    title=gettext("Activate %(version)s")
                                    % {"version": obj.version}))

    def export_json_view(self, request, object_id):
        obj = self._referential_or_404(request, object_id)
        return _download(to_json(document_of(obj)), "application/json", obj, "json")

    def export_csv_view(self, request, object_id):
        obj = self._referential_or_404(request, object_id)
        return _download(to_csv(document_of(obj)), "text/csv", obj, "csv")

    def import_view(self, request):
        if not self._can_create(request):
            raise PermissionDenied
        errors: list[str] = []
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            document = form.cleaned_data["document"]
            if form.cleaned_data["version"]:
                document["version"] = form.cleaned_data["version"]
            try:
                draft = import_referential(document, user=request.user)
            except ReferentialActionError as error:
                form.add_error(None, str(error))
                errors = error.errors
            except (ReferentialError, DatabaseError, AttributeError, KeyError, TypeError,
                    ValueError) as error:  # a file shaped in a way the store did not expect
                form.add_error(None, gettext("The file cannot be imported: %(error)s")
                               % {"error": error})
            else:
                self.message_user(request, gettext(
                    "The draft %(version)s was imported. Check it, then activate it.")
                    % {"version": draft.version}, messages.SUCCESS)
                return HttpResponseRedirect(self._url("change", quote(draft.pk)))
        return TemplateResponse(request, "admin/scoring/referential/import.html", self._context(
            request, None, form=form, errors=errors, max_megabytes=MAX_IMPORT_BYTES // 2**20,
            title=gettext("Import a referential")))

    def row_history_view(self, request, object_id):
        obj = self._referential_or_404(request, object_id)
        records = []
        for model in (SourceDocument, TopicSettings, *table_models()):
            records += list(model.history.filter(referential_id=obj.pk)
                            .select_related("history_user")
                            .order_by("-history_date")[:ROW_HISTORY_LIMIT])
        records.sort(key=lambda record: record.history_date, reverse=True)
        entries = [{
            "date": record.history_date,
            "user": record.history_user,
            "kind": record.get_history_type_display(),
            "type": record.history_type,
            "table": record.instance_type._meta.verbose_name,
            "row": str(record.instance),
            "reason": record.history_change_reason or "",
        } for record in records[:ROW_HISTORY_LIMIT]]
        return TemplateResponse(request, "admin/scoring/referential/row_history.html",
                                self._context(request, obj, entries=entries,
                                              limit=ROW_HISTORY_LIMIT,
                                              title=gettext("Changes to the rows of %(version)s")
                                              % {"version": obj.version}))


def _free_version(source: Referential) -> str:
    """The suggested identifier of a clone: <version>-draft, numbered if taken."""
    base = f"{source.version}-draft"[:34]
    taken = set(Referential.objects.filter(version__startswith=base)
                .values_list("version", flat=True))
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def _download(text: str, content_type: str, referential: Referential, extension: str):
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", referential.version).strip("-.") or "export"
    response = HttpResponse(text, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="referential-{safe}.{extension}"'
    return response
