import datetime as dt
import functools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from patients.models import Patient
from recommendations.models import Case, CaseStatus
from tests.factories import PatientFactory

pytestmark = pytest.mark.django_db

URL = reverse("patients:list")


@pytest.fixture
def patient_factory(clinician):
    """Patients referred by one clinician: every new user costs a slow Argon2 hash."""
    return functools.partial(PatientFactory, referring_clinician=clinician)


def shown_ipps(response) -> list[str]:
    return [patient.ipp for patient in response.context["page"].object_list]


class TestPatientListAccess:
    def test_it_redirects_anonymous_users_to_the_login_page(self, client):
        response = client.get(URL)
        assert response.status_code == 302
        assert response.headers["Location"].startswith(reverse("login"))

    @pytest.mark.parametrize("role", ["clinician", "coordinator", "panel_member", "admin"])
    def test_it_shows_the_list_to_every_role(self, client, role_users, role, patient_factory):
        patient_factory(family_name="Lefebvre")
        client.force_login(role_users[role])
        response = client.get(URL)
        assert response.status_code == 200
        assert "LEFEBVRE" in response.content.decode()

    def test_it_rejects_post(self, client, clinician):
        client.force_login(clinician)
        assert client.post(URL).status_code == 405

    def test_it_offers_the_new_patient_button_only_to_roles_that_create(self, client,
                                                                        clinician, coordinator):
        client.force_login(clinician)
        assert reverse("patients:create") in client.get(URL).content.decode()
        client.force_login(coordinator)
        assert reverse("patients:create") not in client.get(URL).content.decode()


class TestPatientSearch:
    @pytest.fixture(autouse=True)
    def patients(self, coordinator, client, patient_factory):
        client.force_login(coordinator)
        patient_factory(ipp="AB-1001", family_name="Martin", given_name="Louise",
                       birth_date=dt.date(1950, 3, 14))
        patient_factory(ipp="AB-2002", family_name="Bernard", given_name="Paul",
                       birth_date=dt.date(1962, 11, 2))
        patient_factory(ipp="CD-3003", family_name="Dubois", given_name="Martine",
                       birth_date=dt.date(1971, 6, 30))

    def test_it_finds_a_name_fragment_in_family_or_given_name(self, client):
        response = client.get(URL, {"q": "mart"})
        assert shown_ipps(response) == ["CD-3003", "AB-1001"]

    def test_it_finds_an_ipp_by_its_beginning(self, client):
        assert shown_ipps(client.get(URL, {"q": "ab-2"})) == ["AB-2002"]

    def test_it_does_not_match_the_middle_of_an_ipp(self, client):
        assert shown_ipps(client.get(URL, {"q": "2002"})) == []

    @pytest.mark.parametrize("typed", ["1962-11-02", "02/11/1962"])
    def test_it_finds_a_birth_date_in_both_formats(self, client, typed):
        assert shown_ipps(client.get(URL, {"q": typed})) == ["AB-2002"]

    def test_it_says_when_nothing_matches(self, client):
        response = client.get(URL, {"q": "Zzyzx"})
        assert shown_ipps(response) == []
        assert "No patient matches “Zzyzx”." in response.content.decode()

    def test_it_keeps_the_query_in_the_search_box(self, client):
        assert 'value="mart"' in client.get(URL, {"q": "mart"}).content.decode()


class TestPatientPagination:
    @pytest.fixture(autouse=True)
    def patients(self, coordinator, client):
        client.force_login(coordinator)
        PatientFactory.create_batch(30, referring_clinician=coordinator)

    def test_it_shows_25_patients_per_page(self, client):
        response = client.get(URL)
        assert len(response.context["page"].object_list) == 25
        assert "Page 1<" in response.content.decode()

    def test_it_shows_the_rest_on_the_second_page(self, client):
        assert len(client.get(URL, {"page": 2}).context["page"].object_list) == 5

    @pytest.mark.parametrize("number", ["abc", "0", "-2", "99", "1" * 30])
    def test_it_falls_back_to_the_first_page_for_a_bad_page_number(self, client, number):
        response = client.get(URL, {"page": number})
        assert response.status_code == 200
        assert response.context["page"].number == 1
        assert len(response.context["page"].object_list) == 25

    def test_it_links_the_first_page_to_the_next_only(self, client):
        content = client.get(URL).content.decode()
        assert 'rel="next"' in content
        assert 'rel="prev"' not in content

    def test_the_last_page_links_to_the_previous_only(self, client):
        content = client.get(URL, {"page": 2}).content.decode()
        assert 'href="?page=1" rel="prev"' in content
        assert 'rel="next"' not in content

    def test_it_shows_no_pagination_when_everything_fits_on_one_page(self, client):
        Patient.objects.filter(pk__in=Patient.objects.values("pk")[:10]).delete()
        assert 'data-testid="pagination"' not in client.get(URL).content.decode()

    def test_it_keeps_the_search_and_sort_in_page_links(self, client):
        response = client.get(URL, {"sort": "-ipp", "page": 1})
        assert "?sort=-ipp&amp;page=2" in response.content.decode()


class TestPatientSorting:
    @pytest.fixture(autouse=True)
    def patients(self, coordinator, client, patient_factory):
        client.force_login(coordinator)
        patient_factory(ipp="B-2", family_name="Alpha", birth_date=dt.date(1970, 1, 1))
        patient_factory(ipp="C-3", family_name="Bravo", birth_date=dt.date(1940, 1, 1))
        patient_factory(ipp="A-1", family_name="Charlie", birth_date=dt.date(1955, 1, 1))

    @pytest.mark.parametrize(("sort", "expected"), [
        ("name", ["B-2", "C-3", "A-1"]),
        ("-name", ["A-1", "C-3", "B-2"]),
        ("birth_date", ["C-3", "A-1", "B-2"]),
        ("-birth_date", ["B-2", "A-1", "C-3"]),
        ("ipp", ["A-1", "B-2", "C-3"]),
        ("-ipp", ["C-3", "B-2", "A-1"]),
    ])
    def test_it_sorts_by_a_whitelisted_column(self, client, sort, expected):
        assert shown_ipps(client.get(URL, {"sort": sort})) == expected

    @pytest.mark.parametrize("sort", ["password", "-referring_clinician__password", "?", "--ipp"])
    def test_it_ignores_a_sort_value_outside_the_whitelist(self, client, sort):
        response = client.get(URL, {"sort": sort})
        assert response.status_code == 200
        assert shown_ipps(response) == ["B-2", "C-3", "A-1"]

    def test_it_marks_the_sorted_column_for_assistive_technologies(self, client):
        content = client.get(URL, {"sort": "-ipp"}).content.decode()
        assert 'aria-sort="descending"' in content
        assert "sorted descending" in content

    def test_it_links_the_sorted_column_to_the_reverse_order(self, client):
        content = client.get(URL, {"sort": "ipp"}).content.decode()
        assert "?sort=-ipp" in content



OPEN_CASE_FILTER = "recommendations.list_selectors.patients_with_open_case"


class TestPatientFilters:
    @pytest.fixture(autouse=True)
    def patients(self, clinician, coordinator, client, patient_factory):
        client.force_login(clinician)
        patient_factory(ipp="LUNG-1", family_name="Arnaud", primary_site="lung")
        patient_factory(ipp="BREAST-1", family_name="Blanc", primary_site="breast")
        PatientFactory(ipp="LUNG-2", family_name="Colin", primary_site="lung",
                       referring_clinician=coordinator)

    def test_it_shows_the_patients_of_one_primary_cancer(self, client):
        assert shown_ipps(client.get(URL, {"primary_site": "lung"})) == ["LUNG-1", "LUNG-2"]

    def test_it_shows_only_the_patients_i_refer(self, client):
        assert shown_ipps(client.get(URL, {"mine": "on"})) == ["LUNG-1", "BREAST-1"]

    def test_it_combines_the_search_and_the_filters(self, client):
        response = client.get(URL, {"q": "lung", "mine": "on", "primary_site": "lung"})
        assert shown_ipps(response) == ["LUNG-1"]

    def test_it_shows_the_patients_with_an_open_case(self, client, clinician, settings):
        settings.PATIENT_OPEN_CASE_FILTER = OPEN_CASE_FILTER
        for ipp, status in (("LUNG-1", CaseStatus.SUBMITTED), ("BREAST-1", CaseStatus.SENT)):
            case = Case.objects.create(patient=Patient.objects.get(ipp=ipp),
                                       referring_clinician=clinician, question="?")
            Case.objects.filter(pk=case.pk).update(status=status)
        assert shown_ipps(client.get(URL, {"open_case": "on"})) == ["LUNG-1"]

    def test_it_offers_no_open_case_filter_without_an_app_holding_cases(self, client,
                                                                         settings):
        settings.PATIENT_OPEN_CASE_FILTER = ""
        response = client.get(URL, {"open_case": "on"})
        assert 'name="open_case"' not in response.content.decode()
        assert len(shown_ipps(response)) == 3

    @pytest.mark.parametrize("params", [{"primary_site": "spleen"}, {"q": "x" * 300}])
    def test_it_ignores_a_value_it_does_not_understand_and_says_so(self, client, params):
        response = client.get(URL, params)
        assert response.status_code == 200
        assert shown_ipps(response) == ["LUNG-1", "BREAST-1", "LUNG-2"]
        assert 'data-testid="ignored-filters"' in response.content.decode()

    def test_it_says_when_no_patient_matches_the_filters(self, client):
        response = client.get(URL, {"primary_site": "thyroid"})
        assert "No patient matches these filters." in response.content.decode()

    def test_it_offers_to_reset_the_filters_once_some_are_set(self, client):
        assert 'data-testid="reset-filters"' not in client.get(URL).content.decode()
        filtered = client.get(URL, {"primary_site": "lung"}).content.decode()
        assert f'href="{URL}" data-testid="reset-filters"' in filtered

    def test_it_labels_every_filter(self, client):
        content = client.get(URL).content.decode()
        for name in ("q", "primary_site", "mine"):
            assert f'for="id_{name}"' in content


class TestPatientSortingByLastUpdate:
    @pytest.fixture(autouse=True)
    def patients(self, coordinator, client, patient_factory):
        client.force_login(coordinator)
        for ipp, day in (("B-2", 20), ("A-1", 5), ("C-3", 12)):
            patient_factory(ipp=ipp)
            Patient.objects.filter(ipp=ipp).update(
                updated_at=dt.datetime(2026, 1, day, tzinfo=dt.UTC))

    @pytest.mark.parametrize(("sort", "expected"), [
        ("updated", ["A-1", "C-3", "B-2"]),
        ("-updated", ["B-2", "C-3", "A-1"]),
    ])
    def test_it_sorts_by_the_last_update(self, client, sort, expected):
        assert shown_ipps(client.get(URL, {"sort": sort})) == expected


class TestPatientListWithFilters:
    @pytest.fixture(autouse=True)
    def patients(self, coordinator, client):
        client.force_login(coordinator)
        PatientFactory.create_batch(27, referring_clinician=coordinator, primary_site="lung")
        PatientFactory(referring_clinician=coordinator, primary_site="breast")

    def test_it_keeps_the_filters_in_the_page_links(self, client):
        content = client.get(URL, {"primary_site": "lung", "sort": "-name"}).content.decode()
        assert 'href="?primary_site=lung&amp;sort=-name&amp;page=2"' in content

    def test_the_next_page_stays_filtered(self, client):
        response = client.get(URL, {"primary_site": "lung", "page": 2})
        assert [p.primary_site for p in response.context["page"].object_list] == ["lung"] * 2

    def test_its_queries_do_not_grow_with_the_rows(self, client,
                                                   django_assert_max_num_queries):
        with django_assert_max_num_queries(8):
            response = client.get(URL, {"primary_site": "lung", "sort": "updated"})
        assert len(response.context["page"].object_list) == 25


def test_it_shows_which_rows_the_page_holds_in_the_caption(client, coordinator):
    PatientFactory.create_batch(27, referring_clinician=coordinator)
    client.force_login(coordinator)
    assert "Patients 26 to 27" in client.get(URL, {"page": 2}).content.decode()


class TestPatientPagingWithoutCounting:
    """At a network's size, counting the whole table on every page costs more than the page."""

    @pytest.fixture(autouse=True)
    def patients(self, coordinator, client):
        client.force_login(coordinator)
        PatientFactory.create_batch(60, referring_clinician=coordinator)

    def test_it_runs_no_count_query_on_a_middle_page(self, client):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL, {"page": 2, "sort": "ipp"})
        assert len(response.context["page"].object_list) == 25
        assert not [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]

    def test_a_middle_page_links_both_ways(self, client):
        content = client.get(URL, {"page": 2, "sort": "ipp"}).content.decode()
        assert 'href="?page=1&amp;sort=ipp" rel="prev"' in content
        assert 'href="?page=3&amp;sort=ipp" rel="next"' in content
        assert "Page 2<" in content

    def test_page_three_is_the_last_and_offers_no_next(self, client):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL, {"page": 3})
        page = response.context["page"]
        assert (len(page.object_list), page.has_next, page.has_previous) == (10, False, True)
        assert 'rel="next"' not in response.content.decode()
        assert not [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
