"""Panels that higher apps add to the patient and lesion pages.

`patients` must not import the apps built on it (scoring, recommendations), yet its pages
show their results. Settings list the panel callables by dotted path; each takes the record
and the request and returns a `Panel` (a template and its context) or None.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict = field(default_factory=dict)


def _render_panels(setting: list[str], record, request) -> list[Panel]:
    panels = []
    for dotted in setting:
        panel = import_string(dotted)(record, request)
        if panel is not None:
            panels.append(panel)
    return panels


def patient_panels(patient, request) -> list[Panel]:
    return _render_panels(settings.PATIENT_PAGE_PANELS, patient, request)


def lesion_panels(lesion, request) -> list[Panel]:
    return _render_panels(settings.LESION_PAGE_PANELS, lesion, request)


def lesion_form_panels(patient, request) -> list[Panel]:
    """Panels rendered inside the lesion form (they may read the form's fields)."""
    return _render_panels(getattr(settings, "LESION_FORM_PANELS", []), patient, request)


def measurement_form_panels(patient, request) -> list[Panel]:
    """Panels rendered inside the form that adds a day's measurements (they may read its
    fields)."""
    return _render_panels(getattr(settings, "MEASUREMENT_FORM_PANELS", []), patient, request)
