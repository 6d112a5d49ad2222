"""The yearly activity report (PDF): the statistics' figures for one calendar year
(recommendations/statistics/report.py)."""

import datetime as dt

import pytest
from django.urls import reverse

from recommendations.statistics.report import year_period, yearly_report_html
from tests.recommendations.test_statistics_figures import build_activity

pytestmark = pytest.mark.django_db


def test_the_year_is_the_calendar_year():
    period = year_period(2026)
    assert (period.start, period.end) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert year_period(1) is None and year_period(9999) is None


def test_it_holds_the_same_figures_as_the_page():
    build_activity()
    html = yearly_report_html(year_period(2026), today=dt.date(2026, 12, 7))
    assert "Activity report 2026" in html
    assert html.count("<svg") == 6
    # The whole year: case F (July, one day) joins A, B and C: 1, 2, 4, 10 days.
    assert "<td>3.0</td><td>8.2</td>" in html and "Patient preference" in html
    assert "<script" not in html


def test_it_downloads_as_a_pdf(client, coordinator):
    build_activity()
    client.force_login(coordinator)
    response = client.get(reverse("recommendations:statistics_report", args=[2026]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="activity-report-2026.pdf"'
    assert response.content.startswith(b"%PDF")


def test_a_year_off_the_calendar_is_not_found(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("recommendations:statistics_report",
                              args=[99999])).status_code == 404


def test_others_may_not_have_it(client, clinician):
    client.force_login(clinician)
    assert client.get(reverse("recommendations:statistics_report",
                              args=[2026])).status_code == 403


def test_the_page_links_the_report_of_each_year_of_the_period(client, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("recommendations:statistics")
                      + "?from=2025-11-01&to=2026-02-01").content.decode()
    assert 'href="/statistics/report-2025.pdf"' in page
    assert 'href="/statistics/report-2026.pdf"' in page
