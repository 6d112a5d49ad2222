from django.urls import path

from patients.views import patient_views

app_name = "patients"
urlpatterns = [
    path("", patient_views.patient_list, name="list"),
]
