"""Bar charts as server-side SVG, built from numbers: no script, no style attribute (the
Content-Security-Policy forbids inline ones), only SVG presentation attributes. Every label
is escaped; the chart names itself (title, desc) and the page shows the same numbers in a
table beneath it."""

from dataclasses import dataclass

from django.utils.formats import date_format, number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

WIDTH = 640
LABEL_WIDTH = 220  # left column, the bars' labels
VALUE_WIDTH = 70  # right margin, the bars' values
BAR_HEIGHT = 22
GAP = 8
BAR_COLOUR = "#0d6efd"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float


def _number(value: float) -> str:
    return number_format(value, decimal_pos=0 if float(value).is_integer() else 1)


def bar_chart(chart_id: str, title: str, description: str, bars: list[Bar]) -> SafeString:
    """Horizontal bars, longest = the largest value; an empty chart says "No data"."""
    rows = max(len(bars), 1)
    height = rows * (BAR_HEIGHT + GAP) + GAP
    top = max((bar.value for bar in bars), default=0)
    room = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    if bars:
        body = format_html_join("", (
            '<g><text x="{}" y="{}" text-anchor="end" font-size="13">{}</text>'
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>'
            '<text x="{}" y="{}" font-size="13">{}</text></g>'), (
            (LABEL_WIDTH - GAP, y + BAR_HEIGHT - 6, bar.label,
             LABEL_WIDTH, y, width, BAR_HEIGHT, BAR_COLOUR,
             LABEL_WIDTH + width + 4, y + BAR_HEIGHT - 6, _number(bar.value))
            for y, width, bar in (
                (GAP + index * (BAR_HEIGHT + GAP),
                 round(room * bar.value / top) if top else 0, bar)
                for index, bar in enumerate(bars))))
    else:
        body = format_html('<text x="{}" y="{}" font-size="13">{}</text>',
                           GAP, GAP + BAR_HEIGHT - 6, _("No data"))
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" width="100%" '
        'viewBox="0 0 {} {}" aria-labelledby="{}-title {}-desc" class="statistics-chart">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        WIDTH, height, chart_id, chart_id, chart_id, title, chart_id, description, body)


def month_label(month) -> str:
    return date_format(month, "YEAR_MONTH_FORMAT")


def activity_charts(activity) -> dict[str, SafeString]:
    """The page's six charts, by figure (figures.Activity)."""
    see_table = _("The same numbers are in the table below the chart.")
    delays = activity.delays
    delay_bars = [] if delays.count == 0 else [
        Bar(_("Median (days)"), delays.median_days), Bar(_("90th percentile (days)"),
                                                         delays.p90_days)]
    departures = activity.departures
    return {
        "cases": bar_chart("chart-cases", _("Cases submitted per month"), see_table,
                           [Bar(month_label(m.month), m.count)
                            for m in activity.cases_per_month]),
        "delays": bar_chart("chart-delays", _("Delay from submission to signed proposal"),
                            see_table, delay_bars),
        "types": bar_chart("chart-types", _("Signed proposals by treatment type"), see_table,
                           [Bar(kind.label, kind.count) for kind in activity.treatment_types]),
        "departures": bar_chart(
            "chart-departures", _("Departures from the referential"), see_table,
            [] if not departures.total else [
                Bar(_("Following the referential"), departures.total - departures.count),
                Bar(_("Departing from the referential"), departures.count)]),
        "attendance": bar_chart(
            "chart-attendance", _("Attendance by specialty"), see_table,
            [Bar(row.label, row.people) for row in activity.attendance_by_specialty()]),
        "quorum": bar_chart(
            "chart-quorum", _("Quorum reached per meeting"), see_table,
            [] if not activity.meetings else [
                Bar(_("Quorum reached"), activity.quorum_met),
                Bar(_("Quorum not reached"), activity.quorum_missed)]),
    }
