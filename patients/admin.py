"""Administration of patient records and of the drug vocabulary.

Records keep their history (django-simple-history): the admin shows it on each object.
"""

from django.contrib import admin
from django.db import transaction
from simple_history.admin import SimpleHistoryAdmin

from patients.concurrency import bump_version
from patients.models import (
    AntiresorptiveInjection,
    AntiresorptiveTreatment,
    Antithrombotic,
    DentalAssessment,
    Drug,
    Lesion,
    LocalTreatment,
    Measurement,
    MolecularMarker,
    OrthopaedicImplant,
    Patient,
    SkeletalEvent,
    SystemicTreatment,
)
from patients.records_actions import sync_last_injection_date


class BumpsLockVersion:
    """An admin change moves the record's lock_version, so a clinician's edit form opened
    before it is refused as stale instead of silently overwriting the admin's change."""

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            if change:
                bump_version(obj)
            super().save_model(request, obj, form, change)


@admin.register(Patient)
class PatientAdmin(BumpsLockVersion, SimpleHistoryAdmin):
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


@admin.register(SystemicTreatment, Antithrombotic)
class TreatmentAdmin(PatientRecordAdmin):
    list_display = ("patient", "drug", "start_date", "end_date")
    list_select_related = ("patient", "drug")
    autocomplete_fields = ("patient", "drug")


@admin.register(AntiresorptiveTreatment)
class AntiresorptiveTreatmentAdmin(TreatmentAdmin):
    def get_readonly_fields(self, request, obj=None):
        # Once injections are recorded, the last one is theirs (patients.records_actions).
        if obj is not None and obj.injections.exists():
            return ("last_injection_date",)
        return ()


@admin.register(AntiresorptiveInjection)
class AntiresorptiveInjectionAdmin(SimpleHistoryAdmin):
    """Every change here sets the treatment's last injection again, as the actions do."""

    list_display = ("treatment", "given_on", "dose_mg")
    list_select_related = ("treatment__patient", "treatment__drug")
    search_fields = ("treatment__patient__ipp", "treatment__patient__family_name")
    autocomplete_fields = ("treatment",)

    def get_readonly_fields(self, request, obj=None):
        # Moving an injection to another treatment would leave the first one's date behind.
        return ("treatment",) if obj is not None else ()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        sync_last_injection_date(obj.treatment)

    def delete_model(self, request, obj):
        treatment = obj.treatment
        super().delete_model(request, obj)
        sync_last_injection_date(treatment)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        treatments = {injection.treatment for injection in queryset.select_related("treatment")}
        super().delete_queryset(request, queryset)
        for treatment in treatments:
            sync_last_injection_date(treatment)


@admin.register(DentalAssessment)
class DentalAssessmentAdmin(PatientRecordAdmin):
    list_display = ("patient", "assessed_on", "result")
    list_filter = ("result",)


@admin.register(OrthopaedicImplant)
class OrthopaedicImplantAdmin(PatientRecordAdmin):
    list_display = ("patient", "site", "side", "implanted_on")


@admin.register(LocalTreatment)
class LocalTreatmentAdmin(PatientRecordAdmin):
    list_display = ("patient", "kind", "lesion", "start_date", "end_date")
    list_filter = ("kind",)
    list_select_related = ("patient", "lesion")
    autocomplete_fields = ("patient", "lesion")


@admin.register(Lesion)
class LesionAdmin(BumpsLockVersion, PatientRecordAdmin):
    list_display = ("patient", "site", "side", "lesion_type", "fracture_status")
    list_filter = ("lesion_type", "fracture_status")
