"""Forms for a patient's dated records: measurements, markers, events, treatments, dental care,
implants.

Every record form takes the patient (`patient=`) and states its date rules declaratively
(`past_dates`, `since_birth`, `date_order`); `RecordForm` applies them, so each form below
only says which rule holds for which field.
"""

from decimal import Decimal

from django import forms
from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from patients.forms.validators import not_in_future, require_order
from patients.measurement_ranges import MAX_DAILY_DOSE_MG, PLAUSIBLE_RANGES
from patients.models import (
    AntiresorptiveTreatment,
    Antithrombotic,
    DentalAssessment,
    LocalTreatment,
    Measurement,
    MolecularMarker,
    OrthopaedicImplant,
    Patient,
    SkeletalEvent,
    SystemicTreatment,
)
from patients.models.patient import Marker
from patients.models.records import MeasurementKind


def date_input() -> forms.DateInput:
    # The browser's date picker sends and expects ISO dates, whatever the language.
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def not_before_birth(patient: Patient):
    """A validator refusing a date before the patient was born."""

    def validate(value) -> None:
        if value and value < patient.birth_date:
            raise forms.ValidationError(
                gettext("This date is before the patient's birth date (%(birth)s)."),
                code="before_birth",
                params={"birth": formats.date_format(patient.birth_date, "SHORT_DATE_FORMAT")},
            )

    return validate


def _range_params(kind: str) -> dict:
    low, high, unit = PLAUSIBLE_RANGES[kind]
    return {"low": formats.localize(low), "high": formats.localize(high), "unit": unit}


def plausible(kind: str):
    """A validator refusing a value outside the plausible range of its kind."""
    low, high, _unit = PLAUSIBLE_RANGES[kind]

    def validate(value: Decimal | None) -> None:
        if value is not None and not low <= value <= high:
            raise forms.ValidationError(
                gettext("Outside the plausible range (%(low)s to %(high)s %(unit)s): "
                        "check for a typing error."),
                code="implausible", params=_range_params(kind),
            )

    return validate


def range_help(kind: str) -> str:
    return gettext("Plausible range: %(low)s to %(high)s %(unit)s.") % _range_params(kind)


class MeasurementPanelForm(forms.Form):
    """Several measurements taken on one day: one optional field per kind."""

    measured_on = forms.DateField(label=_("Date"), widget=date_input(),
                                  initial=timezone.localdate)

    def __init__(self, *args, patient: Patient, instance=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.patient = patient
        self.fields["measured_on"].validators += [not_in_future, not_before_birth(patient)]
        for kind in MeasurementKind:
            self.fields[kind.value] = forms.DecimalField(
                label=kind.label, required=False, max_digits=9, decimal_places=2,
                validators=[plausible(kind)], help_text=range_help(kind),
            )

    def clean(self) -> dict:
        cleaned = super().clean()
        kinds_in_error = [kind for kind in MeasurementKind if kind.value in self.errors]
        if not self._typed_values() and not kinds_in_error:
            raise forms.ValidationError(_("Enter at least one value."), code="no_value")
        return cleaned

    def _typed_values(self) -> list[tuple[str, Decimal]]:
        values = ((kind.value, self.cleaned_data.get(kind.value)) for kind in MeasurementKind)
        return [(kind, value) for kind, value in values if value is not None]

    @transaction.atomic
    def save(self) -> list[Measurement]:
        """One Measurement per value typed, all on the panel's date."""
        day = self.cleaned_data["measured_on"]
        return [
            Measurement.objects.create(patient=self.patient, kind=kind, value=value,
                                       measured_on=day)
            for kind, value in self._typed_values()
        ]


class RecordForm(forms.ModelForm):
    """A record of the patient given as `patient=`, with declarative date rules."""

    past_dates: tuple[str, ...] = ()  # may not be in the future
    since_birth: tuple[str, ...] = ()  # may not be before the patient's birth
    date_order: tuple[tuple[str, str, str], ...] = ()  # (earlier, later, message on later)

    def __init__(self, *args, patient: Patient, **kwargs):
        super().__init__(*args, **kwargs)
        self.patient = patient
        self.instance.patient = patient
        for name, field in self.fields.items():
            if isinstance(field, forms.DateField):
                field.widget = date_input()
            if name in self.past_dates:
                field.validators.append(not_in_future)
            if name in self.since_birth:
                field.validators.append(not_before_birth(patient))
        if "drug" in self.fields:
            # Withdrawn drugs are no longer offered, but a record keeps the one it has.
            drug = self.fields["drug"]
            drug.queryset = drug.queryset.filter(Q(active=True) | Q(pk=self.instance.drug_id))

    def clean(self) -> dict:
        cleaned = super().clean()
        for earlier, later, message in self.date_order:
            require_order(cleaned, earlier, later, self, message)
        return cleaned


class MeasurementForm(RecordForm):
    """One existing measurement: its value (checked against its kind's range) and date."""

    past_dates = since_birth = ("measured_on",)

    class Meta:
        model = Measurement
        fields = ["value", "measured_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kind = self.instance.kind
        value = self.fields["value"]
        value.label = self.instance.get_kind_display()
        value.validators.append(plausible(kind))
        value.help_text = range_help(kind)


class MolecularMarkerForm(RecordForm):
    past_dates = ("tested_on",)

    class Meta:
        model = MolecularMarker
        fields = ["marker", "result", "percent", "detail", "tested_on"]

    def clean(self) -> dict:
        cleaned = super().clean()
        marker = cleaned.get("marker")
        if cleaned.get("percent") is not None and marker and marker != Marker.PDL1:
            self.add_error("percent", _("A percentage of stained cells is recorded for PD-L1 "
                                        "only: leave it empty for this marker."))
        return cleaned


class SkeletalEventForm(RecordForm):
    past_dates = since_birth = ("occurred_on",)

    class Meta:
        model = SkeletalEvent
        fields = ["kind", "occurred_on", "note"]


class SystemicTreatmentForm(RecordForm):
    past_dates = ("start_date", "last_dose_date")
    date_order = (
        ("start_date", "last_dose_date", _("The last dose cannot be before the start date.")),
        ("start_date", "next_dose_date",
         _("The next planned dose cannot be before the start date.")),
        ("last_dose_date", "next_dose_date",
         _("The next planned dose cannot be before the last dose.")),
        ("start_date", "end_date", _("The treatment cannot stop before it started.")),
    )

    class Meta:
        model = SystemicTreatment
        fields = ["drug", "start_date", "last_dose_date", "next_dose_date", "end_date"]

    def clean(self) -> dict:
        cleaned = super().clean()
        stopped, planned = cleaned.get("end_date"), cleaned.get("next_dose_date")
        if stopped and planned and planned > stopped:
            self.add_error("next_dose_date", _("No dose can be planned after the date the "
                                               "treatment was stopped."))
        return cleaned


class AntithromboticForm(RecordForm):
    date_order = (("start_date", "end_date", _("The treatment cannot stop before it started.")),)

    class Meta:
        model = Antithrombotic
        fields = ["drug", "daily_dose_mg", "start_date", "end_date"]

    def clean_daily_dose_mg(self) -> Decimal | None:
        dose = self.cleaned_data.get("daily_dose_mg")
        if dose is not None and not 0 < dose <= MAX_DAILY_DOSE_MG:
            raise forms.ValidationError(
                _("The daily dose must be more than 0 and at most %(max)s mg."),
                code="implausible", params={"max": formats.localize(MAX_DAILY_DOSE_MG)},
            )
        return dose


class AntiresorptiveTreatmentForm(RecordForm):
    """Once injections are recorded, they give the last injection (patients.records_actions)
    and bound the treatment's dates."""

    past_dates = ("start_date", "last_injection_date")
    date_order = (
        ("start_date", "last_injection_date",
         _("The last injection cannot be before the start date.")),
        ("start_date", "end_date", _("The treatment cannot stop before it started.")),
    )

    class Meta:
        model = AntiresorptiveTreatment
        fields = ["drug", "start_date", "last_injection_date", "end_date"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.injection_dates = (sorted(self.instance.injections.values_list("given_on",
                                                                            flat=True))
                                if self.instance.pk else [])
        if self.injection_dates:
            last = self.fields["last_injection_date"]
            last.disabled = True
            last.help_text = _("The date of the latest injection recorded for this "
                               "treatment.")

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.injection_dates:
            first, latest = self.injection_dates[0], self.injection_dates[-1]
            start, end = cleaned.get("start_date"), cleaned.get("end_date")
            if start and start > first:
                self.add_error("start_date", _("An injection is recorded on %(date)s, before "
                                               "this start date.") % {"date": _short(first)})
            if end and end < latest:
                self.add_error("end_date", _("An injection is recorded on %(date)s, after "
                                             "this date.") % {"date": _short(latest)})
        return cleaned


def _short(day) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


class DentalAssessmentForm(RecordForm):
    past_dates = ("assessed_on", "extraction_date", "dentist_clearance_date")
    date_order = (
        ("extraction_date", "dentist_clearance_date",
         _("The dentist's go-ahead cannot be before the tooth extraction.")),
    )

    class Meta:
        model = DentalAssessment
        fields = ["assessed_on", "result", "panoramic_xray", "extraction_date",
                  "dentist_clearance_date"]


class LocalTreatmentForm(RecordForm):
    """A radiotherapy course or a procedure; the model refuses a dose or fractions for a
    procedure and a lesion of another patient."""

    past_dates = since_birth = ("start_date",)

    class Meta:
        model = LocalTreatment
        fields = ["kind", "lesion", "start_date", "end_date", "total_dose_gy", "fractions",
                  "technique", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lesion = self.fields["lesion"]
        lesion.queryset = self.patient.lesions.all()
        lesion.empty_label = gettext("No particular lesion")


class OrthopaedicImplantForm(RecordForm):
    past_dates = ("implanted_on",)

    class Meta:
        model = OrthopaedicImplant
        fields = ["site", "side", "description", "implanted_on"]
