"""URLs: a patient's dated records, every kind through the same three views, and the
injections of each anti-resorptive treatment.

The kind segment only matches the registry's slugs, so an unknown kind is a 404 and the
other patient pages (`<id>/lesions/...`) never reach these views.
"""

from django.urls import path, register_converter

from patients.records import RECORD_KINDS, RecordKind
from patients.views import injections, records


class RecordKindConverter:
    regex = "|".join(RECORD_KINDS)

    def to_python(self, value: str) -> RecordKind:
        return RECORD_KINDS[value]

    def to_url(self, value: RecordKind | str) -> str:
        return value.slug if isinstance(value, RecordKind) else value


register_converter(RecordKindConverter, "record_kind")

urlpatterns = [
    path("<int:patient_pk>/<record_kind:kind>/add/", records.record_add, name="record_add"),
    path("<int:patient_pk>/<record_kind:kind>/<int:pk>/edit/", records.record_edit,
         name="record_edit"),
    path("<int:patient_pk>/<record_kind:kind>/<int:pk>/delete/", records.record_delete,
         name="record_delete"),
    path("<int:patient_pk>/antiresorptives/<int:treatment_pk>/injections/add/",
         injections.injection_add, name="injection_add"),
    path("<int:patient_pk>/injections/<int:pk>/edit/", injections.injection_edit,
         name="injection_edit"),
    path("<int:patient_pk>/injections/<int:pk>/delete/", injections.injection_delete,
         name="injection_delete"),
]
