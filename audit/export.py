"""The access log as CSV, for the patient page's export and the admin action alike."""

import csv
from collections.abc import Iterable

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AccessEvent

# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def header() -> list[str]:
    return [_("When"), _("User"), _("Action"), _("What"), _("Identifier"),
            _("Patient identifier"), _("Patient reference (IPP)"), _("Path")]


def row(event: AccessEvent) -> list[str]:
    user = event.user.get_username() if event.user else _("system")
    values = [timezone.localtime(event.at).isoformat(timespec="seconds"), user,
              event.get_action_display(), event.get_kind_display(), event.subject_id,
              event.patient_id, event.patient_ref, event.path]
    return [_cell(value) for value in values]


def csv_response(events: Iterable[AccessEvent], filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    response.write("\ufeff")  # so that spreadsheets read the accents as UTF-8
    writer = csv.writer(response)
    writer.writerow(header())
    for event in events:
        writer.writerow(row(event))
    return response
