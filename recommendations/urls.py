"""One namespace for the meeting and case pages; each area keeps its own list of urls."""

from django.urls import include, path

from recommendations import urls_cases, urls_meetings

app_name = "recommendations"
urlpatterns = [
    path("meetings/", include(urls_meetings.urlpatterns)),
    path("cases/", include(urls_cases.urlpatterns)),
]
