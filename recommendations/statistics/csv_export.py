"""The statistics as CSV: one section per figure (its title, its header, its rows, a blank
line), UTF-8 with a byte order mark so that spreadsheets read the accents. Aggregates only:
the departures' reasons are the one free text, without the case they come from."""

import csv

from django.http import HttpResponse
from django.utils.translation import gettext as _

from recommendations.statistics.figures import Activity

# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _days(value: float | None) -> str:
    return _("no data") if value is None else f"{value:.1f}"


def sections(activity: Activity) -> list[tuple[str, list[str], list[list]]]:
    """(title, header, rows) for each figure, in the page's order."""
    delays, departures = activity.delays, activity.departures
    share = departures.share
    return [
        (_("Cases submitted per month"), [_("Month"), _("Cases")],
         [[m.month.strftime("%Y-%m"), m.count] for m in activity.cases_per_month]),
        (_("Delay from submission to signed proposal"),
         [_("Cases"), _("Median (days)"), _("90th percentile (days)")],
         [[delays.count, _days(delays.median_days), _days(delays.p90_days)]]),
        (_("Signed proposals by treatment type"), [_("Treatment type"), _("Proposals")],
         [[kind.label, kind.count] for kind in activity.treatment_types]),
        (_("Departures from the referential"),
         [_("Signed proposals"), _("Departures"), _("Share (%)")],
         [[departures.total, departures.count,
           _("no data") if share is None else f"{100 * share:.1f}"]]),
        (_("Reasons for departing"), [_("Reason")],
         [[reason] for reason in departures.reasons]),
        (_("Attendance by specialty"),
         [_("Specialty"), _("People present"), _("Meetings attended")],
         [[row.label, row.people, row.meetings] for row in activity.attendance_by_specialty()]),
        (_("Attendance and quorum per meeting"),
         [_("Date"), _("Time")] + activity.specialty_labels() + [_("Quorum reached")],
         [[m.date.isoformat(), m.start_time.strftime("%H:%M")] + counts
          + [_("yes") if m.quorum_met else _("no")] for m, counts in activity.meeting_rows()]),
    ]


def statistics_csv(activity: Activity) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"statistics-{activity.period.slug()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([_("Period"), activity.period.start.isoformat(),
                     activity.period.end.isoformat()])
    writer.writerow([])
    for title, header, rows in sections(activity):
        writer.writerow([_cell(title)])
        writer.writerow([_cell(name) for name in header])
        writer.writerows([_cell(value) for value in row] for row in rows)
        writer.writerow([])
    return response
