"""The planned dates a clinician tries on the patient page (procedure, radiotherapy).

They are what-if questions, not records: read from the query string, never saved. Bad
input is reported on the form and the results are shown without the dates.
"""

from datetime import date, timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from scoring.engine.facts import PlannedDates

MAX_PLANNING_DAYS = 2 * 366  # beyond two years a planned date is a typing error


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")


class PlanningForm(forms.Form):
    procedure_date = forms.DateField(
        label=_("Planned procedure (cementoplasty, ablation, surgery)"), required=False,
        widget=_date_input())
    radiotherapy_date = forms.DateField(
        label=_("Planned radiotherapy"), required=False, widget=_date_input())
    emergency = forms.BooleanField(
        label=_("Emergency radiotherapy"), required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))

    def __init__(self, data=None, *, today: date, **kwargs):
        super().__init__(data, prefix="plan", **kwargs)
        self.today = today

    def _clean_planned(self, name: str) -> date | None:
        value = self.cleaned_data.get(name)
        if value is None:
            return None
        if value < self.today:
            raise forms.ValidationError(_("A planned date cannot be in the past."),
                                        code="past_date")
        if value > self.today + timedelta(days=MAX_PLANNING_DAYS):
            raise forms.ValidationError(_("A planned date must be within two years."),
                                        code="too_far")
        return value

    def clean_procedure_date(self):
        return self._clean_planned("procedure_date")

    def clean_radiotherapy_date(self):
        return self._clean_planned("radiotherapy_date")

    def planned_dates(self) -> PlannedDates:
        """The valid dates (none when the form is unbound or invalid)."""
        if not self.is_bound or not self.is_valid():
            return PlannedDates()
        return PlannedDates(
            procedure_date=self.cleaned_data["procedure_date"],
            radiotherapy_date=self.cleaned_data["radiotherapy_date"],
            emergency=self.cleaned_data["emergency"],
        )


def planning_form(query: dict, today: date) -> PlanningForm:
    """Bound when the query string has planning fields, so an empty page shows no errors."""
    bound = any(key.startswith("plan-") for key in query)
    return PlanningForm(query if bound else None, today=today)
