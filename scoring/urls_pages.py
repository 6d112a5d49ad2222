"""Scoring pages' partials (htmx), included by the project at "scoring/"."""

from django.urls import path

from scoring import live

app_name = "scoring"

urlpatterns = [
    path("live/lesion/<int:patient_pk>/", live.lesion_live_score, name="lesion_live_score"),
]
