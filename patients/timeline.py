"""A patient's dated events on one time axis: treatments, injections, dental checks, vitamin D,
radiotherapy, procedures, skeletal events and panel meetings.

`patients` must not import the apps built on it, yet meetings belong on the same axis.
Settings list the sources by dotted path (PATIENT_TIMELINE_SOURCES); each takes the patient
and the user (what a user may see differs, e.g. cases) and returns a list of `TimelineEvent`.
Each source reads its records in a fixed number of queries, whatever their count.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from patients.models import (
    AntiresorptiveTreatment,
    Antithrombotic,
    DentalAssessment,
    Lesion,
    LocalTreatment,
    Measurement,
    OrthopaedicImplant,
    Patient,
    SkeletalEvent,
    SystemicTreatment,
)
from patients.models.records import MeasurementKind, SkeletalEventKind
from patients.permissions import can_view_lesions


class TimelineCategory(models.TextChoices):
    """One lane of the axis each, in this order."""

    MEETING = "meeting", gettext_lazy("Panel meetings and proposals")
    SYSTEMIC = "systemic", gettext_lazy("Systemic treatments")
    ANTIRESORPTIVE = "antiresorptive", gettext_lazy("Anti-resorptive treatments")
    ANTITHROMBOTIC = "antithrombotic", gettext_lazy("Antithrombotics")
    DENTAL = "dental", gettext_lazy("Dental checks and care")
    VITAMIN_D = "vitamin_d", gettext_lazy("Vitamin D")
    RADIOTHERAPY = "radiotherapy", gettext_lazy("Radiotherapy")
    PROCEDURE = "procedure", gettext_lazy(
        "Procedures (surgery, interventional radiology, biopsy, implants)")
    SKELETAL_EVENT = "skeletal_event", gettext_lazy("Other skeletal-related events")


CATEGORY_ORDER = {category.value: index for index, category in enumerate(TimelineCategory)}


@dataclass(frozen=True)
class TimelineEvent:
    """A point (one day) or a span (start to `end`, or still going on when `ongoing`)."""

    date: dt.date
    category: str
    label: str
    detail: str = ""
    end: dt.date | None = None
    ongoing: bool = False
    url: str = ""

    @property
    def is_span(self) -> bool:
        return self.end is not None or self.ongoing

    @property
    def category_label(self) -> str:
        labels = dict(TimelineCategory.choices)
        return labels.get(self.category, self.category)

    def sort_key(self) -> tuple:
        return self.date, CATEGORY_ORDER.get(self.category, len(CATEGORY_ORDER)), self.label


def patient_timeline(patient: Patient, user) -> list[TimelineEvent]:
    """Every source's events for this patient, oldest first."""
    events = []
    for dotted in settings.PATIENT_TIMELINE_SOURCES:
        events.extend(import_string(dotted)(patient, user))
    return sorted(events, key=TimelineEvent.sort_key)


# --- The patient's own records -----------------------------------------------------------

def record_events(patient: Patient, user) -> list[TimelineEvent]:
    """The source for the records of this app (one query per kind of record, one more for
    the injections)."""
    sees_lesions = can_view_lesions(user, patient)
    events = [
        *_systemic_events(patient), *_antiresorptive_events(patient),
        *_antithrombotic_events(patient), *_dental_events(patient),
        *_vitamin_d_events(patient), *_skeletal_events(patient), *_implant_events(patient),
        *_local_treatment_events(patient, show_lesion=sees_lesions),
    ]
    if sees_lesions:
        events.extend(_lesion_events(patient))
    return events


def _records_url(patient: Patient, slug: str) -> str:
    """The record's card on the patient page (records have no page of their own)."""
    return f"{reverse('patients:detail', args=[patient.pk])}#records-{slug}"


def _joined(*parts: str) -> str:
    return " · ".join(part for part in parts if part)


def _dated(label: str, day: dt.date | None) -> str:
    return f"{label}: {date_format(day, 'SHORT_DATE_FORMAT')}" if day else ""


def _systemic_events(patient: Patient) -> list[TimelineEvent]:
    url = _records_url(patient, "treatments")
    return [
        TimelineEvent(
            date=treatment.start_date, end=treatment.end_date,
            ongoing=treatment.end_date is None, category=TimelineCategory.SYSTEMIC,
            label=treatment.drug.name, url=url,
            detail=_joined(treatment.drug.get_category_display(),
                           _dated(_("last dose"), treatment.last_dose_date),
                           _dated(_("next planned dose"), treatment.next_dose_date)),
        )
        for treatment in SystemicTreatment.objects.filter(patient=patient).select_related("drug")
    ]


def _antiresorptive_events(patient: Patient) -> list[TimelineEvent]:
    """Each treatment as a span and each recorded injection as a point; a treatment without
    recorded injections shows its last injection alone."""
    url = _records_url(patient, "antiresorptives")
    events = []
    for treatment in AntiresorptiveTreatment.objects.filter(
            patient=patient).select_related("drug").prefetch_related("injections"):
        drug = treatment.drug.name
        events.append(TimelineEvent(
            date=treatment.start_date, end=treatment.end_date,
            ongoing=treatment.end_date is None, category=TimelineCategory.ANTIRESORPTIVE,
            label=drug, url=url,
            detail=_dated(_("last injection"), treatment.last_injection_date),
        ))
        injections = treatment.injections.all()
        events.extend(TimelineEvent(
            date=injection.given_on, category=TimelineCategory.ANTIRESORPTIVE, url=url,
            label=_("Injection: %(drug)s") % {"drug": drug},
            detail=_joined(_dose_mg(injection.dose_mg), injection.note),
        ) for injection in injections)
        if not injections and treatment.last_injection_date:
            events.append(TimelineEvent(
                date=treatment.last_injection_date, category=TimelineCategory.ANTIRESORPTIVE,
                label=_("Last injection: %(drug)s") % {"drug": drug}, url=url,
            ))
    return events


def _dose_mg(dose) -> str:
    return _("%(dose)s mg") % {"dose": floatformat(dose, "-2g")} if dose is not None else ""


def _antithrombotic_events(patient: Patient) -> list[TimelineEvent]:
    """Only those with a start date: the others have no place on the axis."""
    url = _records_url(patient, "antithrombotics")
    return [
        TimelineEvent(
            date=treatment.start_date, end=treatment.end_date,
            ongoing=treatment.end_date is None, category=TimelineCategory.ANTITHROMBOTIC,
            label=treatment.drug.name, url=url,
            detail=(_("daily dose: %(dose)s mg") % {"dose": floatformat(treatment.daily_dose_mg,
                                                                        "-2g")}
                    if treatment.daily_dose_mg is not None else ""),
        )
        for treatment in Antithrombotic.objects.filter(
            patient=patient, start_date__isnull=False).select_related("drug")
    ]


def _dental_events(patient: Patient) -> list[TimelineEvent]:
    url = _records_url(patient, "dental")
    events = []
    for assessment in DentalAssessment.objects.filter(patient=patient):
        events.append(TimelineEvent(
            date=assessment.assessed_on, category=TimelineCategory.DENTAL, url=url,
            label=_("Dental assessment: %(result)s") % {
                "result": assessment.get_result_display()},
            detail=_("panoramic X-ray done") if assessment.panoramic_xray else "",
        ))
        for day, label in ((assessment.extraction_date, _("Tooth extraction")),
                           (assessment.dentist_clearance_date,
                            _("Dentist's go-ahead after healing"))):
            if day:
                events.append(TimelineEvent(date=day, category=TimelineCategory.DENTAL,
                                            label=label, url=url))
    return events


def _vitamin_d_events(patient: Patient) -> list[TimelineEvent]:
    url = _records_url(patient, "measurements")
    return [
        TimelineEvent(
            date=measurement.measured_on, category=TimelineCategory.VITAMIN_D, url=url,
            label=f"{measurement.get_kind_display()}: {floatformat(measurement.value, '-2g')}",
        )
        for measurement in Measurement.objects.filter(patient=patient,
                                                      kind=MeasurementKind.VITAMIN_D)
    ]


SKELETAL_EVENT_CATEGORIES = {
    SkeletalEventKind.RADIOTHERAPY_TO_BONE: TimelineCategory.RADIOTHERAPY,
    SkeletalEventKind.BONE_SURGERY: TimelineCategory.PROCEDURE,
}


def _skeletal_events(patient: Patient) -> list[TimelineEvent]:
    url = _records_url(patient, "events")
    return [
        TimelineEvent(
            date=event.occurred_on, label=event.get_kind_display(), detail=event.note,
            category=SKELETAL_EVENT_CATEGORIES.get(event.kind, TimelineCategory.SKELETAL_EVENT),
            url=url,
        )
        for event in SkeletalEvent.objects.filter(patient=patient)
    ]


def _implant_events(patient: Patient) -> list[TimelineEvent]:
    url = _records_url(patient, "implants")
    return [
        TimelineEvent(
            date=implant.implanted_on, category=TimelineCategory.PROCEDURE, url=url,
            label=_("Orthopaedic implant: %(site)s") % {"site": implant},
            detail=implant.description,
        )
        for implant in OrthopaedicImplant.objects.filter(patient=patient,
                                                         implanted_on__isnull=False)
    ]


def _local_treatment_events(patient: Patient, show_lesion: bool) -> list[TimelineEvent]:
    """Radiotherapy courses (start to end) on the radiotherapy lane, the procedures on theirs.
    The lesion is named only to users who may see lesions."""
    url = _records_url(patient, "local-treatments")
    events = []
    for treatment in LocalTreatment.objects.filter(patient=patient).select_related("lesion"):
        kind = treatment.get_kind_display()
        lesion = treatment.lesion if show_lesion else None
        spans = treatment.end_date and treatment.end_date > treatment.start_date
        events.append(TimelineEvent(
            date=treatment.start_date, end=treatment.end_date if spans else None, url=url,
            category=(TimelineCategory.RADIOTHERAPY if treatment.is_radiotherapy
                      else TimelineCategory.PROCEDURE),
            label=(_("%(treatment)s: %(lesion)s") % {"treatment": kind, "lesion": lesion}
                   if lesion else kind),
            detail=_joined(_dose_text(treatment.total_dose_gy, treatment.fractions),
                           treatment.technique, treatment.note),
        ))
    return events


def _lesion_events(patient: Patient) -> list[TimelineEvent]:
    """Radiotherapy, surgery and biopsy recorded on each lesion."""
    events = []
    for lesion in Lesion.objects.filter(patient=patient):
        url = lesion.get_absolute_url()
        if lesion.prior_radiotherapy_date:
            events.append(TimelineEvent(
                date=lesion.prior_radiotherapy_date, category=TimelineCategory.RADIOTHERAPY,
                label=_("Radiotherapy: %(lesion)s") % {"lesion": lesion}, url=url,
                detail=_dose_text(lesion.prior_radiotherapy_dose_gy,
                                  lesion.prior_radiotherapy_fractions)))
        if lesion.surgery_date:
            events.append(TimelineEvent(
                date=lesion.surgery_date, category=TimelineCategory.PROCEDURE, url=url,
                label=_("Surgery: %(lesion)s") % {"lesion": lesion}))
        if lesion.biopsy_date:
            events.append(TimelineEvent(
                date=lesion.biopsy_date, category=TimelineCategory.PROCEDURE, url=url,
                label=_("Biopsy: %(lesion)s") % {"lesion": lesion},
                detail=lesion.get_biopsy_display()))
    return events


def _dose_text(dose_gy, fractions: int | None) -> str:
    dose = f"{floatformat(dose_gy, -1)} Gy" if dose_gy is not None else ""
    if fractions is None:
        return dose
    return _joined(dose, ngettext("%(count)s fraction", "%(count)s fractions", fractions)
                   % {"count": fractions})
