"""The activity statistics' pages, under /statistics/ (namespace "recommendations")."""

from django.urls import path

from recommendations.views import statistics

urlpatterns = [
    path("", statistics.statistics_page, name="statistics"),
    path("export.csv", statistics.statistics_export, name="statistics_export"),
    path("report-<int:year>.pdf", statistics.statistics_report, name="statistics_report"),
]
