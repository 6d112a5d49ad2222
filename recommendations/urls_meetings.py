"""Meeting pages: calendar, agenda, attendance (mounted under meetings/)."""

from django.urls import path

from recommendations.views import meetings

urlpatterns = [
    path("", meetings.meeting_list, name="meeting_list"),
]
