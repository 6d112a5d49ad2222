"""Who may do what with meetings: the calendar is read by every role; coordinators create
meetings, plan the agenda and record who attended."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from recommendations.models import Meeting


def can_view_meetings(user) -> bool:
    return user.is_authenticated and user.has_perm("recommendations.view_meeting")


def can_view_meeting(user, meeting: Meeting) -> bool:
    return can_view_meetings(user)


def can_create_meeting(user) -> bool:
    return user.is_authenticated and user.has_perm("recommendations.add_meeting")


def can_edit_meeting(user, meeting: Meeting) -> bool:
    return user.is_authenticated and user.has_perm("recommendations.change_meeting")


def can_plan_agenda(user, meeting: Meeting) -> bool:
    """Schedule, unschedule and order the cases of the meeting."""
    return user.is_authenticated and user.has_perm("recommendations.schedule_case")


def can_view_attendance(user, meeting: Meeting) -> bool:
    return user.is_authenticated and user.has_perm("recommendations.view_attendance")


def can_record_attendance(user, meeting: Meeting) -> bool:
    return user.is_authenticated and all(user.has_perm(f"recommendations.{perm}") for perm in (
        "add_attendance", "change_attendance", "delete_attendance"))


def meeting_for(user, pk: int, may) -> Meeting:
    """The meeting, 404 when absent, 403 when `may(user, meeting)` says no."""
    meeting = get_object_or_404(Meeting.objects.select_related("chair"), pk=pk)
    if not (can_view_meeting(user, meeting) and may(user, meeting)):
        raise PermissionDenied
    return meeting
