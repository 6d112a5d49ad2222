"""URLs: lesions pages."""

from django.urls import path

from patients.views import lesions

urlpatterns = [
    path("<int:patient_pk>/lesions/new/", lesions.lesion_create, name="lesion_create"),
    path("<int:patient_pk>/lesions/<int:pk>/", lesions.lesion_detail, name="lesion_detail"),
    path("<int:patient_pk>/lesions/<int:pk>/edit/", lesions.lesion_edit, name="lesion_edit"),
    path("<int:patient_pk>/lesions/<int:pk>/delete/", lesions.lesion_delete,
         name="lesion_delete"),
]
