from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from recommendations.models import Meeting


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ("date", "start_time", "place", "chair", "registration_deadline")
    date_hierarchy = "date"
