"""The admin of the versioned referentials: their list, their page, who may do what, and the
urls of the custom views (which live in `referential_views`).

A referential is edited only while it is a draft; active and retired editions are read-only.
"""

from django.contrib import admin
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext
from simple_history.admin import SimpleHistoryAdmin

from scoring.admin.inlines import (
    SourceDocumentInline,
    TopicSettingsInline,
    is_draft,
    row_inline,
    table_models,
)
from scoring.admin.referential_views import ReferentialViews
from scoring.models import Referential, SourceDocument, TopicSettings
from scoring.referential_actions import referential_errors

TABLE_PARAM = "table"


@admin.register(Referential)
class ReferentialAdmin(ReferentialViews, SimpleHistoryAdmin):
    list_display = ("version", "name", "edition", "status", "effective_date", "activated_at",
                    "activated_by")
    list_display_links = ("version", "name")
    list_filter = ("status",)
    search_fields = ("version", "name", "edition", "notes")
    list_select_related = ("activated_by",)
    fields = ("name", "edition", "version", "effective_date", "notes", "status", "based_on",
              "created_at", "created_by", "activated_at", "activated_by", "retired_at")
    readonly_fields = ("status", "based_on", "created_at", "created_by", "activated_at",
                       "activated_by", "retired_at")
    change_form_template = "admin/scoring/referential/change_form.html"
    change_list_template = "admin/scoring/referential/change_list.html"

    # Drafts come from "clone" and "import", never from an empty form.
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return is_draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return is_draft(obj) and super().has_delete_permission(request, obj)

    def get_actions(self, request):
        # The bulk delete would reach active and retired editions: drafts are deleted one
        # by one, from their own page.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def get_inlines(self, request, obj):
        """Every table, or only the one named by ?table=<model name>: a page of one table
        posts few fields, where the whole referential posts thousands."""
        inlines = [SourceDocumentInline, TopicSettingsInline,
                   *(row_inline(model) for model in table_models())]
        wanted = request.GET.get(TABLE_PARAM)
        if not wanted:
            return inlines
        return [type(inline.__name__, (inline,), {"classes": ()}) for inline in inlines
                if inline.model._meta.model_name == wanted]

    def _table_links(self, request, obj) -> list[dict]:
        change_url = self._url("change", quote(obj.pk))
        wanted = request.GET.get(TABLE_PARAM, "")
        links = [{"label": gettext("All tables"), "url": change_url, "count": None,
                  "current": not wanted}]
        for model in (SourceDocument, TopicSettings, *table_models()):
            name = model._meta.model_name
            links.append({
                "label": capfirst(model._meta.verbose_name_plural),
                "url": f"{change_url}?{urlencode({TABLE_PARAM: name})}",
                "count": model.objects.filter(referential=obj).count(),
                "current": wanted == name,
            })
        return links

    def response_change(self, request, obj):
        response = super().response_change(request, obj)
        wanted = request.GET.get(TABLE_PARAM)
        if wanted and "_continue" in request.POST and isinstance(response, HttpResponseRedirect):
            separator = "&" if "?" in response["Location"] else "?"
            response["Location"] += separator + urlencode({TABLE_PARAM: wanted})
        return response

    def revert_disabled(self, request, obj=None) -> bool:
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # A past version is shown, never restored: restoring would bring back its status too.
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        context = dict(extra_context or {})
        if obj is not None:
            context.update(self._tool_permissions(request, obj))
            context["table_links"] = self._table_links(request, obj)
            if obj.is_draft:
                # Called by the template, once, only when the page is rendered.
                context["referential_errors"] = lambda: referential_errors(obj)
        return super().change_view(request, object_id, form_url, extra_context=context)

    def changelist_view(self, request, extra_context=None):
        context = dict(extra_context or {})
        context["can_import"] = self._can_create(request)
        return super().changelist_view(request, extra_context=context)

    # -- urls ----------------------------------------------------------------------------------

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path("import/", wrap(self.import_view), name=f"{prefix}_import"),
            path("<path:object_id>/clone/", wrap(self.clone_view), name=f"{prefix}_clone"),
            path("<path:object_id>/compare/", wrap(self.compare_view), name=f"{prefix}_compare"),
            path("<path:object_id>/activate/", wrap(self.activate_view),
                 name=f"{prefix}_activate"),
            path("<path:object_id>/export.json", wrap(self.export_json_view),
                 name=f"{prefix}_export_json"),
            path("<path:object_id>/export.csv", wrap(self.export_csv_view),
                 name=f"{prefix}_export_csv"),
            path("<path:object_id>/row-history/", wrap(self.row_history_view),
                 name=f"{prefix}_row_history"),
            *super().get_urls(),
        ]

    def _url(self, name: str, *args) -> str:
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_{name}", args=args,
                       current_app=self.admin_site.name)

    # -- permissions ---------------------------------------------------------------------------

    def _can_create(self, request) -> bool:
        """Clone and import make a new draft: Django's "add" permission."""
        return request.user.has_perm(f"{self.opts.app_label}.add_{self.opts.model_name}")

    def _can_activate(self, request, obj) -> bool:
        return obj.is_draft and super().has_change_permission(request, obj)

    def _tool_permissions(self, request, obj) -> dict:
        return {"can_clone": self._can_create(request),
                "can_activate": self._can_activate(request, obj)}

    def _referential_or_404(self, request, object_id) -> Referential:
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(gettext("No referential with this identifier."))
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def _context(self, request, obj=None, **extra) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "has_view_permission": self.has_view_permission(request, obj),
            "has_change_permission": self.has_change_permission(request, obj),
            **extra,
        }
