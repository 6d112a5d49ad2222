import pytest
from django.contrib import admin
from django.urls import reverse

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
from tests.factories import LesionFactory, MeasurementFactory, PatientFactory

pytestmark = pytest.mark.django_db

MODELS = [Patient, MolecularMarker, Drug, Measurement, SkeletalEvent, SystemicTreatment,
          Antithrombotic, AntiresorptiveTreatment, AntiresorptiveInjection, DentalAssessment,
          OrthopaedicImplant, Lesion, LocalTreatment]


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:patients_{model._meta.model_name}_{view}", args=args)


class TestPatientAdmin:
    @pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
    def test_it_lists_and_adds_every_record_model(self, client, admin_user, model):
        client.force_login(admin_user)
        assert client.get(admin_url(model, "changelist")).status_code == 200
        assert client.get(admin_url(model, "add")).status_code == 200

    def test_it_searches_patients_by_ipp(self, client, admin_user):
        PatientFactory(ipp="FIND-ME", referring_clinician=admin_user)
        PatientFactory(ipp="OTHER-1", referring_clinician=admin_user)
        client.force_login(admin_user)
        response = client.get(admin_url(Patient, "changelist"), {"q": "FIND"})
        assert response.context["cl"].result_count == 1

    @pytest.mark.parametrize("model", [Patient, Measurement, Lesion], ids=lambda m: m.__name__)
    def test_it_shows_the_history_of_a_record(self, client, admin_user, model):
        patient = PatientFactory(referring_clinician=admin_user)
        record = {Patient: lambda: patient,
                  Measurement: lambda: MeasurementFactory(patient=patient),
                  Lesion: lambda: LesionFactory(patient=patient)}[model]()
        client.force_login(admin_user)
        assert client.get(admin_url(model, "history", record.pk)).status_code == 200

    def test_it_lets_drugs_be_switched_off_from_the_list(self):
        drug_admin = admin.site._registry[Drug]
        assert drug_admin.list_display == ("code", "name", "category", "active")
        assert drug_admin.list_editable == ("active",)

    def test_it_refuses_the_admin_to_non_staff_roles(self, client, clinician):
        client.force_login(clinician)
        assert client.get(admin_url(Patient, "changelist")).status_code == 302


class TestAdminChangesMoveTheLockVersion:
    """An admin save has no loaded version to compare, so it moves the version: an edit form
    opened before it is then refused as stale (patients/concurrency.py)."""

    @pytest.mark.parametrize("make", [PatientFactory, LesionFactory], ids=["patient", "lesion"])
    def test_it_moves_the_version_on_change(self, rf, admin_user, make):
        record = make()
        request = rf.post("/")
        request.user = admin_user
        admin.site._registry[type(record)].save_model(request, record, None, change=True)
        record.refresh_from_db()
        assert record.lock_version == 2

    def test_it_leaves_a_new_record_at_the_first_version(self, rf, admin_user):
        record = PatientFactory.build(referring_clinician=admin_user)
        request = rf.post("/")
        request.user = admin_user
        admin.site._registry[Patient].save_model(request, record, None, change=False)
        assert Patient.objects.get(pk=record.pk).lock_version == 1
