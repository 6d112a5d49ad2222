"""One namespace for the meeting and case pages; each area keeps its own list of urls."""

from django.urls import include, path

from recommendations import (
    urls_cases,
    urls_follow_up,
    urls_meetings,
    urls_proposals,
    urls_statistics,
)

app_name = "recommendations"
urlpatterns = [
    path("meetings/", include(urls_meetings.urlpatterns)),
    path("cases/", include(urls_cases.urlpatterns)),
    path("proposals/", include(urls_proposals.urlpatterns)),
    path("statistics/", include(urls_statistics.urlpatterns)),
    path("follow-up/", include(urls_follow_up.urlpatterns)),
]
