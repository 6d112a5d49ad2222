"""Meeting pages: calendar, agenda, attendance (mounted under meetings/)."""

from django.urls import path

from recommendations.views import meetings

urlpatterns = [
    path("", meetings.meeting_list, name="meeting_list"),
    path("new/", meetings.meeting_create, name="meeting_create"),
    path("<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("<int:pk>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path("<int:pk>/agenda/<int:case_pk>/schedule/", meetings.meeting_schedule_case,
         name="meeting_schedule_case"),
    path("<int:pk>/agenda/<int:case_pk>/unschedule/", meetings.meeting_unschedule_case,
         name="meeting_unschedule_case"),
    path("<int:pk>/agenda/<int:case_pk>/move/", meetings.meeting_move_case,
         name="meeting_move_case"),
    path("<int:pk>/attendance/", meetings.attendance_add, name="attendance_add"),
    path("<int:pk>/attendance/<int:attendance_pk>/presence/", meetings.attendance_presence,
         name="attendance_presence"),
    path("<int:pk>/attendance/<int:attendance_pk>/remove/", meetings.attendance_remove,
         name="attendance_remove"),
]
