"""The admin of meetings (editable) and, read-only, of cases, proposals, documents, follow-up
actions and the workflow record: their life goes through the pages and their acts, never raw
edits here."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from recommendations.models import (
    Attendance,
    Case,
    Document,
    FollowUpAction,
    Meeting,
    Proposal,
    Signature,
    WorkflowEvent,
)


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ("date", "start_time", "meeting_type", "place", "chair",
                    "registration_deadline")
    date_hierarchy = "date"
    inlines = [AttendanceInline]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Seen, searched, never changed from the admin."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ("pk", "patient", "referring_clinician", "status", "urgency", "meeting",
                    "created_at")
    list_filter = ("status", "urgency")
    search_fields = ("patient__family_name", "patient__ipp", "question")
    list_select_related = ("patient", "referring_clinician", "meeting")


class SignatureInline(admin.TabularInline):
    model = Signature
    extra = 0
    can_delete = False
    readonly_fields = ("user", "specialty", "signed_at")


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin):
    list_display = ("pk", "case", "version", "status", "referential", "validated_at")
    list_filter = ("status",)
    inlines = [SignatureInline]


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ("pk", "kind", "status", "signed", "sha256", "created_at")
    list_filter = ("kind", "status")


@admin.register(WorkflowEvent)
class WorkflowEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "content_type", "object_id", "transition", "from_state", "to_state",
                    "by")
    list_filter = ("transition",)


@admin.register(FollowUpAction)
class FollowUpActionAdmin(ReadOnlyAdmin):
    list_display = ("pk", "patient", "kind", "subject", "due_date", "timing", "status",
                    "done_on")
    list_filter = ("status", "kind")
    search_fields = ("patient__ipp", "patient__family_name")
    list_select_related = ("patient",)
    date_hierarchy = "due_date"
