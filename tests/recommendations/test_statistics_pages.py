"""The statistics page and its CSV export: who may see them, what they show, and a fixed
number of queries whatever the activity (recommendations/views/statistics.py)."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from recommendations.models import Attendance
from tests.factories import MeetingFactory, UserFactory
from tests.performance.query_counting import assert_flat, queries_of
from tests.recommendations.test_statistics_figures import (
    SURGERY_AND_CEMENTOPLASTY,
    build_activity,
    signed_on,
    submitted_on,
)

pytestmark = pytest.mark.django_db

PAGE = reverse("recommendations:statistics")
EXPORT = reverse("recommendations:statistics_export")
PERIOD = "?from=2026-01-01&to=2026-06-30"


def rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


class TestPermissions:
    @pytest.mark.parametrize("url", [PAGE, EXPORT])
    @pytest.mark.parametrize(("role", "status"), [("clinician", 403), ("panel_member", 403),
                                                  ("coordinator", 200), ("admin_user", 200)])
    def test_only_coordinators_and_admins_see_the_statistics(self, client, request, url, role,
                                                             status):
        client.force_login(request.getfixturevalue(role))
        assert client.get(url).status_code == status

    def test_an_admin_role_without_superuser_rights_sees_them(self, client):
        client.force_login(UserFactory(username="plain-admin", roles=["admin"]))
        assert client.get(PAGE).status_code == 200

    def test_the_navigation_offers_them_to_coordinators_only(self, client, coordinator,
                                                             clinician):
        client.force_login(coordinator)
        assert f'href="{PAGE}"' in client.get(reverse("home")).content.decode()
        client.force_login(clinician)
        assert f'href="{PAGE}"' not in client.get(reverse("home")).content.decode()


class TestPage:
    def test_it_renders_with_no_data(self, client, coordinator):
        client.force_login(coordinator)
        response = client.get(PAGE)
        assert response.status_code == 200
        page = response.content.decode()
        assert page.count("<svg") == 6
        assert "No data" in page and "no data" in page
        assert "<script" not in page.split('id="main"')[-1].split("</main>")[0]

    def test_it_shows_each_figure_in_a_chart_and_a_table(self, client, coordinator):
        build_activity()
        client.force_login(coordinator)
        response = client.get(PAGE + PERIOD)
        page = response.content.decode()
        figures = response.context["figures"]
        assert figures.delays.count == 3
        assert "<td>4.0</td><td>8.8</td>" in page
        assert "Patient preference" in page and "=SUM(A1)" in page
        assert page.count("<svg") == 6
        assert '<th scope="row">Oncology</th><td>3</td><td>2</td>' in page
        assert 'href="/statistics/export.csv?from=2026-01-01&amp;to=2026-06-30"' in page

    def test_it_shows_the_errors_of_the_filter_and_no_figures(self, client, coordinator):
        client.force_login(coordinator)
        response = client.get(PAGE + "?from=2026-06-01&to=2026-05-01")
        assert response.status_code == 200
        assert response.context["figures"] is None
        assert "The end date must be on or after the start date." in response.content.decode()


    @pytest.mark.parametrize("query", ["?from=9999-12-01&to=9999-12-31", "?to=0001-01-01",
                                       "?from=x&to=2026-01-01", "?from=&to="])
    def test_it_never_fails_on_odd_dates(self, client, coordinator, query):
        client.force_login(coordinator)
        assert client.get(PAGE + query).status_code == 200
        assert client.get(EXPORT + query).status_code in (200, 400)


class TestExport:
    def test_it_has_one_section_per_figure_and_a_filename_with_the_period(self, client,
                                                                          coordinator):
        build_activity()
        client.force_login(coordinator)
        response = client.get(EXPORT + PERIOD)
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"] == (
            'attachment; filename="statistics-2026-01-01_2026-06-30.csv"')
        table = rows(response)
        assert table[0] == ["Period", "2026-01-01", "2026-06-30"]
        titles = [table[i + 1][0] for i, row in enumerate(table[:-1]) if row == []]
        assert titles == ["Cases submitted per month", "Delay from submission to signed proposal",
                          "Signed proposals by treatment type", "Departures from the referential",
                          "Reasons for departing", "Attendance by specialty",
                          "Attendance and quorum per meeting"]
        assert ["2026-01", "2"] in table and ["2026-03", "2"] in table
        assert ["3", "4.0", "8.8"] in table
        assert ["Surgery", "1"] in table
        assert ["5", "2", "40.0"] in table
        assert ["'=SUM(A1)"] in table  # a spreadsheet must not run it
        assert ["2026-04-14", "14:00", "0", "2", "1", "1", "no"] in table

    def test_it_holds_no_patient_identity(self, client, coordinator):
        case = submitted_on(dt.date(2026, 2, 3))
        signed_on(case, dt.date(2026, 2, 4), engine_result=SURGERY_AND_CEMENTOPLASTY)
        client.force_login(coordinator)
        text = client.get(EXPORT + PERIOD).content.decode()
        patient = case.patient
        for identity in (patient.family_name, patient.given_name, patient.ipp,
                         patient.birth_date.isoformat()):
            assert identity not in text

    def test_it_says_no_data_for_an_empty_period(self, client, coordinator):
        client.force_login(coordinator)
        table = rows(client.get(EXPORT + PERIOD))
        assert ["0", "no data", "no data"] in table
        assert ["0", "0", "no data"] in table

    def test_a_bad_period_is_refused_with_its_reason(self, client, coordinator):
        client.force_login(coordinator)
        response = client.get(EXPORT + "?from=2026-06-01&to=2026-05-01")
        assert response.status_code == 400
        assert "The end date must be on or after the start date." in response.content.decode()


class TestQueries:
    @pytest.mark.parametrize("url", [PAGE + PERIOD, EXPORT + PERIOD])
    def test_the_same_queries_whatever_the_activity(self, client, coordinator, url):
        client.force_login(coordinator)
        clinician = UserFactory(roles=["clinician"])

        def grow(count: int):
            for index in range(count):
                day = dt.date(2026, 1 + index % 6, 1 + index % 27)
                case = submitted_on(day, clinician=clinician)
                signed_on(case, day + dt.timedelta(days=index % 5),
                          engine_result=SURGERY_AND_CEMENTOPLASTY,
                          reason="Reason" if index % 2 else "")
                meeting = MeetingFactory(date=day)
                Attendance.objects.create(meeting=meeting, user=clinician,
                                          specialty="oncology")

        assert_flat(lambda: queries_of(client, url), grow, budget=9)
