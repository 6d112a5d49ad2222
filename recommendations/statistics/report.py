"""The yearly activity report: the statistics page's figures for one calendar year, as a PDF
rendered by the documents' renderer (no network, static files only). Aggregates only, so it
is rendered on request and not stored: nothing in it needs keeping as a record."""

import datetime as dt

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from recommendations.documents import config
from recommendations.documents.render import html_to_pdf
from recommendations.statistics.charts import activity_charts
from recommendations.statistics.figures import activity
from recommendations.statistics.period import EARLIEST, LATEST, Period


def year_period(year: int) -> Period | None:
    """The calendar year, or None outside the dates the filter accepts."""
    if not EARLIEST.year <= year <= LATEST.year:
        return None
    return Period(dt.date(year, 1, 1), dt.date(year, 12, 31))


def yearly_report_html(period: Period, *, today: dt.date | None = None) -> str:
    figures = activity(period, today=today)
    return render_to_string("recommendations/statistics/report_pdf.html", {
        "title": _("Activity report %(year)s") % {"year": period.start.year},
        "institution": config.institution(), "printed_at": timezone.now(),
        "period": period, "figures": figures, "charts": activity_charts(figures)})


def yearly_report_pdf(period: Period, *, today: dt.date | None = None) -> bytes:
    return html_to_pdf(yearly_report_html(period, today=today))
