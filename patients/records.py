"""The kinds of dated record a patient has, by URL slug: one registry for the generic
add / edit / delete views (patients.views.records) and their URLs."""

from dataclasses import dataclass

from django import forms
from django.db import models

from patients.forms.records import (
    AntiresorptiveTreatmentForm,
    AntithromboticForm,
    DentalAssessmentForm,
    LocalTreatmentForm,
    MeasurementForm,
    MeasurementPanelForm,
    MolecularMarkerForm,
    OrthopaedicImplantForm,
    SkeletalEventForm,
    SystemicTreatmentForm,
)
from patients.models import (
    AntiresorptiveTreatment,
    Antithrombotic,
    DentalAssessment,
    LocalTreatment,
    Measurement,
    MolecularMarker,
    OrthopaedicImplant,
    SkeletalEvent,
    SystemicTreatment,
)


@dataclass(frozen=True)
class RecordKind:
    slug: str
    model: type[models.Model]
    form_class: type[forms.BaseForm]  # edits one record
    add_form_class: type[forms.BaseForm] | None = None  # when adding differs from editing

    @property
    def verbose_name(self) -> str:
        return self.model._meta.verbose_name

    @property
    def verbose_name_plural(self) -> str:
        return self.model._meta.verbose_name_plural

    @property
    def anchor(self) -> str:
        """The id of this kind's section on the patient page."""
        return f"records-{self.slug}"

    def form_for_adding(self) -> type[forms.BaseForm]:
        return self.add_form_class or self.form_class


RECORD_KINDS: dict[str, RecordKind] = {
    kind.slug: kind
    for kind in (
        # Measurements are added a day's panel at a time, and edited one by one.
        RecordKind("measurements", Measurement, MeasurementForm, MeasurementPanelForm),
        RecordKind("markers", MolecularMarker, MolecularMarkerForm),
        RecordKind("events", SkeletalEvent, SkeletalEventForm),
        RecordKind("treatments", SystemicTreatment, SystemicTreatmentForm),
        RecordKind("antithrombotics", Antithrombotic, AntithromboticForm),
        RecordKind("antiresorptives", AntiresorptiveTreatment, AntiresorptiveTreatmentForm),
        RecordKind("dental", DentalAssessment, DentalAssessmentForm),
        RecordKind("implants", OrthopaedicImplant, OrthopaedicImplantForm),
        RecordKind("local-treatments", LocalTreatment, LocalTreatmentForm),
    )
}
