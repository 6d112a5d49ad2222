"""Validation shared by the patient forms: dates that cannot be in the future, date order."""

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _


def not_in_future(value: date | None) -> None:
    if value and value > timezone.localdate():
        raise forms.ValidationError(_("This date is in the future."), code="future_date")


def require_order(cleaned_data: dict, earlier: str, later: str, form: forms.Form,
                  message: str) -> None:
    """Attach `message` to the `later` field when it comes before `earlier`."""
    first, second = cleaned_data.get(earlier), cleaned_data.get(later)
    if first and second and second < first:
        form.add_error(later, message)
