"""What-if renal function and bone treatment, live: the clinician types a weight, a serum
creatinine or a 25-OH vitamin D and htmx posts them here; the Cockcroft-Gault clearance, the
zoledronic acid dose for that clearance and the vitamin D scheme come back as a partial,
computed by the same engine and active referential as the saved results. Nothing is saved.

Two doors: a small form on the patient page (prefilled with the latest values; a cleared
field is a missing input) and a panel beside the measurement form (a field left empty keeps
the latest recorded value, a typed one counts from the form's date).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from patients.forms.records import plausible, range_help
from patients.models import Patient
from patients.models.records import MeasurementKind
from patients.panels import Panel
from patients.permissions import patient_for_reading, patient_for_writing
from patients.selectors import latest_measurements
from scoring.engine import antiresorptive, facts, vitamin_d
from scoring.engine.evaluate import creatinine_clearance
from scoring.engine.results import Result
from scoring.engine.vitamin_d import VitaminDPlan
from scoring.referentials import current_referential

WHAT_IF_KINDS = (MeasurementKind.WEIGHT, MeasurementKind.CREATININE, MeasurementKind.VITAMIN_D)
FORM_PREFIX = "whatif"  # the patient page has other forms: keep the field ids apart


class WhatIfForm(forms.Form):
    """The values to try, each checked against its kind's plausible range (patients app)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in WHAT_IF_KINDS:
            # Text, not number: a non-numeric entry reaches the server and gets its error,
            # where a number input would send it as blank; localised for "70,5" in French.
            self.fields[kind.value] = forms.DecimalField(
                label=kind.label, required=False, max_digits=9, decimal_places=2,
                localize=True, validators=[plausible(kind)], help_text=range_help(kind),
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off",
                                              "class": "form-control"}))
            # The error appears in the results partial (htmx swaps it, not the field).
            auto_id = self[kind.value].auto_id
            self.fields[kind.value].widget.attrs["aria-describedby"] = \
                f"{auto_id}_helptext {auto_id}_error"

    def typed(self) -> dict[str, Decimal | None]:
        return {kind.value: self.cleaned_data.get(kind.value) for kind in WHAT_IF_KINDS}


@dataclass(frozen=True)
class WhatIf:
    """The three results and the values they were computed from."""

    inputs: dict[str, facts.Measurement | None]
    age_years: int
    sex: str | None
    clearance: Result
    zoledronic_acid_dose: Result
    vitamin_d: VitaminDPlan
    referential_label: str
    reference_date: date


def what_if(patient: Patient, inputs: dict[str, facts.Measurement | None],
            today: date) -> WhatIf:
    """The engine on the record's age and sex and the given measurements (the same calls as
    scoring.engine.evaluate.evaluate_case makes for these three topics)."""
    referential = current_referential()
    patient_facts = facts.PatientFacts(
        age_years=patient.age_on(today), sex=patient.sex or None,
        measurements={kind: value for kind, value in inputs.items() if value is not None})
    clearance = creatinine_clearance(patient_facts, referential)
    return WhatIf(
        inputs=inputs, age_years=patient_facts.age_years, sex=patient_facts.sex,
        clearance=clearance,
        zoledronic_acid_dose=antiresorptive.zoledronic_acid_dose(
            clearance, referential["zoledronic_acid_dose"]),
        vitamin_d=vitamin_d.vitamin_d_plan(patient_facts, today, referential["vitamin_d"]),
        referential_label=referential.label, reference_date=today)


def _recorded(patient: Patient) -> dict[str, facts.Measurement]:
    return {kind: facts.Measurement(m.value, m.measured_on)
            for kind, m in latest_measurements(patient).items()
            if kind in {k.value for k in WHAT_IF_KINDS}}


def _plain(value: Decimal) -> str:
    """70.00 -> "70": the value as a clinician types it."""
    return format(value.normalize(), "f")


def what_if_panel_context(patient: Patient) -> dict:
    """For the patient page (scoring.panels.patient_panel includes live_patient_panel.html,
    which saves the page a panel render): the form prefilled with the latest values. Its
    results come by htmx once the page has loaded, so the page pays no query for them (the
    saved results beside it already show these values)."""
    recorded = _recorded(patient)
    form = WhatIfForm(prefix=FORM_PREFIX,
                      initial={kind: _plain(m.value) for kind, m in recorded.items()})
    return {"what_if_form": form,
            "what_if_url": reverse("scoring:patient_what_if", args=[patient.pk])}


def measurement_form_panel(patient: Patient, request) -> Panel:
    """Beside the measurement form: the results of the values being typed."""
    return Panel("scoring/live_patient_form_panel.html",
                 {"url": reverse("scoring:measurement_what_if", args=[patient.pk])})


@require_POST
def patient_what_if(request: HttpRequest, patient_pk: int) -> HttpResponse:
    """The patient page's form: a cleared field is missing; an unchanged value keeps the
    date it was measured on, a changed one counts as measured today."""
    patient = patient_for_reading(request.user, patient_pk)
    form = WhatIfForm(request.POST, prefix=FORM_PREFIX)
    context = {"what_if_form": form, "patient": patient}
    if form.is_valid():
        today, recorded = timezone.localdate(), _recorded(patient)
        inputs = {kind: _measured(value, recorded.get(kind), today)
                  for kind, value in form.typed().items()}
        context["what_if"] = what_if(patient, inputs, today)
    template = "scoring/live_patient.html" if request.htmx else "scoring/live_patient_page.html"
    return render(request, template, context)


def _measured(value: Decimal | None, recorded: facts.Measurement | None,
              today: date) -> facts.Measurement | None:
    if value is None:
        return None
    same = recorded is not None and recorded.value == value
    return facts.Measurement(value, recorded.measured_on if same else today)


@require_POST
def measurement_what_if(request: HttpRequest, patient_pk: int) -> HttpResponse:
    """The measurement form's fields (same names, no prefix): an empty one keeps the latest
    recorded value; typed ones count from the form's date (today when it is not valid)."""
    patient = patient_for_writing(request.user, patient_pk)
    form = WhatIfForm(request.POST)
    context = {"what_if_form": form, "patient": patient}
    if form.is_valid():
        today, recorded = timezone.localdate(), _recorded(patient)
        day = _form_date(request.POST.get("measured_on"), patient, today)
        inputs = {kind: facts.Measurement(value, day) if value is not None
                  else recorded.get(kind) for kind, value in form.typed().items()}
        context["what_if"] = what_if(patient, inputs, today)
    return render(request, "scoring/live_patient.html", context)


def _form_date(text: str | None, patient: Patient, today: date) -> date:
    try:
        day = forms.DateField(required=False).clean(text)
    except forms.ValidationError:
        return today
    return day if day and patient.birth_date <= day <= today else today
