"""Access-log pages, included by the project at "audit/"."""

from django.urls import path

from audit import views

app_name = "audit"
urlpatterns = [
    path("patients/<int:patient_id>/", views.patient_accesses_page, name="patient_accesses"),
    path("patients/<int:patient_id>/accesses.csv", views.patient_accesses_csv,
         name="patient_accesses_csv"),
]
