"""Administration of patient records and of the drug vocabulary.

Records keep their history (django-simple-history): the admin shows it on each object.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from patients.models import (
    AntiresorptiveTreatment,
    Antithrombotic,
    DentalAssessment,
    Drug,
    Lesion,
    Measurement,
    MolecularMarker,
    OrthopaedicImplant,
    Patient,
    SkeletalEvent,
    SystemicTreatment,
)


@admin.register(Patient)
class PatientAdmin(SimpleHistoryAdmin):
    list_display = ("ipp", "family_name", "given_name", "birth_date", "sex", "primary_site",
                    "referring_clinician")
    search_fields = ("ipp", "family_name", "given_name")
    list_filter = ("sex", "primary_site", "disease_status", "visceral_metastases")
    date_hierarchy = "created_at"
    autocomplete_fields = ("referring_clinician",)
    readonly_fields = ("created_at", "updated_at")


@admin.register(Drug)
class DrugAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "category", "active")
    list_editable = ("active",)
    list_filter = ("category", "active")
    search_fields = ("code", "name")


class PatientRecordAdmin(SimpleHistoryAdmin):
    """A record that belongs to one patient: found by the patient's IPP or name."""

    autocomplete_fields = ("patient",)
    search_fields = ("patient__ipp", "patient__family_name")
    list_select_related = ("patient",)


@admin.register(MolecularMarker)
class MolecularMarkerAdmin(PatientRecordAdmin):
    list_display = ("patient", "marker", "result", "tested_on")
    list_filter = ("marker", "result")


@admin.register(Measurement)
class MeasurementAdmin(PatientRecordAdmin):
    list_display = ("patient", "kind", "value", "measured_on")
    list_filter = ("kind",)


@admin.register(SkeletalEvent)
class SkeletalEventAdmin(PatientRecordAdmin):
    list_display = ("patient", "kind", "occurred_on")
    list_filter = ("kind",)


@admin.register(SystemicTreatment, Antithrombotic, AntiresorptiveTreatment)
class TreatmentAdmin(PatientRecordAdmin):
    list_display = ("patient", "drug", "start_date", "end_date")
    list_select_related = ("patient", "drug")
    autocomplete_fields = ("patient", "drug")


@admin.register(DentalAssessment)
class DentalAssessmentAdmin(PatientRecordAdmin):
    list_display = ("patient", "assessed_on", "result")
    list_filter = ("result",)


@admin.register(OrthopaedicImplant)
class OrthopaedicImplantAdmin(PatientRecordAdmin):
    list_display = ("patient", "site", "side", "implanted_on")


@admin.register(Lesion)
class LesionAdmin(PatientRecordAdmin):
    list_display = ("patient", "site", "side", "lesion_type", "fracture_status")
    list_filter = ("lesion_type", "fracture_status")
