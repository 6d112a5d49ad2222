"""The access log in the admin: read-only for everyone, superusers included, with filters,
search by patient or user, and an export of the chosen rows as CSV."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.access import record_log_export
from audit.export import csv_response
from audit.models import AccessEvent


@admin.register(AccessEvent)
class AccessEventAdmin(admin.ModelAdmin):
    list_display = ("at", "user", "action", "kind", "subject_id", "patient_id", "patient_ref",
                    "path")
    list_filter = ("at", "action", "kind")
    date_hierarchy = "at"
    # patient_id__exact compares the id as text: any search term is safe.
    search_fields = ("patient_id__exact", "patient_ref", "user__username")
    list_select_related = ("user",)
    actions = ["export_csv"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Export the selected accesses as CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        events = list(queryset.select_related("user"))
        record_log_export(request, {event.patient_id: event.patient_ref for event in events
                                    if event.patient_id is not None})
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        return csv_response(events, f"accesses-{stamp}.csv")
