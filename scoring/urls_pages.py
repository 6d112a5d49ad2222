"""Scoring pages' partials (htmx), included by the project at "scoring/"."""

from django.urls import path

from scoring import live, live_patient

app_name = "scoring"

urlpatterns = [
    path("live/lesion/<int:patient_pk>/", live.lesion_live_score, name="lesion_live_score"),
    path("live/patient/<int:patient_pk>/", live_patient.patient_what_if,
         name="patient_what_if"),
    path("live/measurements/<int:patient_pk>/", live_patient.measurement_what_if,
         name="measurement_what_if"),
]
