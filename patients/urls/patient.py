"""URLs: patient pages."""

from django.urls import path

from patients.views import patient as views
from patients.views.fhir import patient_import_fhir
from patients.views.timeline import patient_timeline_page

urlpatterns = [
    path("", views.patient_list, name="list"),
    path("new/", views.patient_create, name="create"),
    path("import/fhir/", patient_import_fhir, name="import_fhir"),
    path("<int:pk>/", views.patient_detail, name="detail"),
    path("<int:pk>/edit/", views.patient_edit, name="edit"),
    path("<int:pk>/history/", views.patient_history_page, name="history"),
    path("<int:pk>/timeline/", patient_timeline_page, name="timeline"),
]
