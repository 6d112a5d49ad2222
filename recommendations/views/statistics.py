"""The activity statistics for coordinators and administrators: the page (charts and their
tables) and its CSV export, over the period of the filter."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from recommendations.permissions import can_view_statistics
from recommendations.statistics.charts import activity_charts
from recommendations.statistics.csv_export import statistics_csv
from recommendations.statistics.figures import activity
from recommendations.statistics.period import period_form
from recommendations.statistics.report import year_period, yearly_report_pdf
from recommendations.statistics.treatment_types import TREATMENT_TYPES


def _require_reader(user) -> None:
    if not can_view_statistics(user):
        raise PermissionDenied


@require_GET
def statistics_page(request: HttpRequest) -> HttpResponse:
    _require_reader(request.user)
    form = period_form(request.GET)
    period = form.period()
    figures = activity(period) if period else None
    return render(request, "recommendations/statistics/page.html", {
        "form": form, "period": period, "figures": figures,
        "charts": activity_charts(figures) if figures else None,
        "treatment_types": TREATMENT_TYPES,
        "report_years": range(period.start.year, period.end.year + 1) if period else (),
    })


@require_GET
@never_cache
def statistics_export(request: HttpRequest) -> HttpResponse:
    _require_reader(request.user)
    form = period_form(request.GET)
    period = form.period()
    if period is None:
        return HttpResponseBadRequest(
            " ".join(str(error) for errors in form.errors.values() for error in errors)
            or _("Invalid period."), content_type="text/plain; charset=utf-8")
    return statistics_csv(activity(period))


@require_GET
@never_cache
def statistics_report(request: HttpRequest, year: int) -> HttpResponse:
    """The yearly activity report as PDF, rendered on request (aggregates only)."""
    _require_reader(request.user)
    period = year_period(year)
    if period is None:
        raise Http404
    response = HttpResponse(yearly_report_pdf(period), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="activity-report-{year}.pdf"'
    response["Cache-Control"] = "no-store"
    return response
