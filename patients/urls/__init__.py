"""URLs of the patients app, one module per kind of page (all in the `patients` namespace)."""

from django.urls import include, path

app_name = "patients"
urlpatterns = [
    path("", include("patients.urls.patient")),
    path("", include("patients.urls.records")),
    path("", include("patients.urls.lesions")),
]
