"""The case list's filters and orderings: each narrows or orders as it says, and a value it
does not understand leaves the page working in its default order."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from recommendations.models import Case, CaseStatus, Urgency, WorkflowEvent
from tests.factories import MeetingFactory, PatientFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("recommendations:case_list")
S = CaseStatus


def make_case(referrer, name: str, *, status=S.DRAFT, urgency=Urgency.ROUTINE,
              submitted: dt.date | None = None, meeting=None, patient=None) -> Case:
    """A case in the given state; `submitted` dates its recorded first submission."""
    # A fixed given name: a random one ("Oscar", "Carole") would match the name searches.
    patient = patient or PatientFactory(referring_clinician=referrer, family_name=name,
                                        given_name="Jean", ipp=f"IPP-{name}")
    case = Case.objects.create(patient=patient, referring_clinician=referrer,
                               question=f"About {name}?", urgency=urgency)
    Case.objects.filter(pk=case.pk).update(status=status, meeting=meeting)
    if submitted is not None:
        event = WorkflowEvent.objects.create(
            content_type=ContentType.objects.get_for_model(Case), object_id=case.pk,
            transition="submit", from_state=S.DRAFT, to_state=S.SUBMITTED, by=referrer)
        WorkflowEvent.objects.filter(pk=event.pk).update(
            at=dt.datetime.combine(submitted, dt.time(9), tzinfo=dt.UTC))
    return case


def shown(response) -> list[str]:
    """The patients' family names of the cases listed, in order."""
    return [case.patient.family_name for case in response.context["page"].object_list]


@pytest.fixture
def cases(client, clinician, coordinator):
    """Four cases, the coordinator's view; Dupont's is the clinician's, the others a
    colleague's."""
    colleague = UserFactory(username="dr-colleague", roles=["clinician"])
    meeting = MeetingFactory()
    make_case(clinician, "Dupont")
    make_case(colleague, "Bernard", status=S.SUBMITTED, submitted=dt.date(2026, 1, 10))
    make_case(colleague, "Adam", status=S.SCHEDULED, urgency=Urgency.URGENT,
              submitted=dt.date(2026, 1, 5), meeting=meeting)
    make_case(colleague, "Caron", status=S.SENT, submitted=dt.date(2025, 12, 1))
    client.force_login(coordinator)
    return {"meeting": meeting}


class TestCaseFilters:
    def test_it_shows_the_cases_of_one_state(self, client, cases):
        assert shown(client.get(URL, {"state": "submitted"})) == ["Bernard"]

    def test_it_shows_the_cases_of_several_states(self, client, cases):
        response = client.get(URL, {"state": ["scheduled", "sent"]})
        assert sorted(shown(response)) == ["Adam", "Caron"]

    def test_it_still_reads_the_earlier_status_parameter(self, client, cases):
        assert shown(client.get(URL, {"status": "sent"})) == ["Caron"]

    def test_it_ticks_the_chosen_states(self, client, cases):
        content = client.get(URL, {"state": "submitted"}).content.decode()
        assert 'value="submitted" class="form-check-input" id="id_state_1" checked' in content

    def test_it_shows_the_urgent_cases(self, client, cases):
        assert shown(client.get(URL, {"urgency": "urgent"})) == ["Adam"]

    def test_it_shows_the_cases_of_a_meeting(self, client, cases):
        assert shown(client.get(URL, {"meeting": cases["meeting"].pk})) == ["Adam"]

    @pytest.mark.parametrize("typed", ["cAr", "IPP-Caron"])
    def test_it_finds_the_patient_by_name_or_ipp(self, client, cases, typed):
        assert shown(client.get(URL, {"patient": typed})) == ["Caron"]

    def test_it_shows_only_the_cases_i_referred(self, client, cases, clinician):
        client.force_login(clinician)
        assert shown(client.get(URL, {"mine": "on"})) == ["Dupont"]

    def test_it_combines_the_filters(self, client, cases):
        response = client.get(URL, {"state": ["submitted", "scheduled"], "urgency": "routine"})
        assert shown(response) == ["Bernard"]

    @pytest.mark.parametrize("params", [
        {"state": "bogus"}, {"state": ["submitted", "bogus"]}, {"urgency": "very"},
        {"meeting": "abc"}, {"meeting": "999999"}, {"patient": "x" * 300},
    ])
    def test_it_ignores_a_value_it_does_not_understand_and_says_so(self, client, cases,
                                                                   params):
        response = client.get(URL, params)
        assert response.status_code == 200
        assert len(shown(response)) == 4
        assert 'data-testid="ignored-filters"' in response.content.decode()

    def test_it_applies_the_other_filters_beside_a_bad_one(self, client, cases):
        assert shown(client.get(URL, {"urgency": "very", "state": "sent"})) == ["Caron"]

    def test_it_says_when_no_case_matches(self, client, cases):
        response = client.get(URL, {"patient": "Zzyzx"})
        assert "No case matches these filters." in response.content.decode()

    def test_it_offers_to_reset_the_filters_once_some_are_set(self, client, cases):
        assert 'data-testid="reset-filters"' not in client.get(URL).content.decode()
        filtered = client.get(URL, {"urgency": "urgent"}).content.decode()
        assert f'href="{URL}" data-testid="reset-filters"' in filtered


class TestCaseSorting:
    @pytest.mark.parametrize(("sort", "expected"), [
        # A draft has no submission date: it counts as the latest.
        ("submitted", ["Caron", "Adam", "Bernard", "Dupont"]),
        ("-submitted", ["Dupont", "Bernard", "Adam", "Caron"]),
        # In the order of the workflow, and routine before urgent.
        ("state", ["Dupont", "Bernard", "Adam", "Caron"]),
        ("-state", ["Caron", "Adam", "Bernard", "Dupont"]),
        ("urgency", ["Caron", "Bernard", "Dupont", "Adam"]),
        ("-urgency", ["Adam", "Dupont", "Bernard", "Caron"]),
        ("patient", ["Adam", "Bernard", "Caron", "Dupont"]),
        ("-patient", ["Dupont", "Caron", "Bernard", "Adam"]),
    ])
    def test_it_sorts_by_a_whitelisted_column(self, client, cases, sort, expected):
        assert shown(client.get(URL, {"sort": sort})) == expected

    @pytest.mark.parametrize("sort", ["", "question", "-patient__ipp", "--state", "?"])
    def test_it_falls_back_to_the_latest_submitted_first(self, client, cases, sort):
        response = client.get(URL, {"sort": sort})
        assert response.status_code == 200
        assert shown(response) == ["Dupont", "Bernard", "Adam", "Caron"]

    def test_it_marks_the_sorted_column_and_links_it_to_the_reverse_order(self, client, cases):
        content = client.get(URL, {"sort": "state", "urgency": "routine"}).content.decode()
        assert 'aria-sort="ascending"' in content
        assert "sorted ascending" in content
        assert 'href="?sort=-state&amp;urgency=routine"' in content

    def test_it_keeps_the_chosen_order_when_filtering_again(self, client, cases):
        content = client.get(URL, {"sort": "-patient"}).content.decode()
        assert '<input type="hidden" name="sort" value="-patient">' in content


class TestCaseListPages:
    @pytest.fixture
    def many_cases(self, client, coordinator, clinician):
        patient = PatientFactory(referring_clinician=clinician)
        for day in range(1, 28):
            make_case(clinician, "", status=S.SUBMITTED, submitted=dt.date(2026, 1, day),
                      patient=patient)
        make_case(clinician, "", patient=patient)
        client.force_login(coordinator)

    def test_it_keeps_the_filters_and_order_in_the_page_links(self, client, many_cases):
        content = client.get(URL, {"state": "submitted", "sort": "submitted"}).content.decode()
        assert 'href="?state=submitted&amp;sort=submitted&amp;page=2"' in content

    def test_the_next_page_stays_filtered(self, client, many_cases):
        response = client.get(URL, {"state": "submitted", "page": 2})
        assert [case.status for case in response.context["page"].object_list] == ["submitted"] * 2

    def test_its_queries_do_not_grow_with_the_rows(self, client, many_cases,
                                                   django_assert_max_num_queries):
        with django_assert_max_num_queries(10):
            response = client.get(URL, {"urgency": "routine"})
        assert len(response.context["page"].object_list) == 25


class TestCaseListAccess:
    def test_the_filters_show_no_case_the_user_may_not_see(self, client, clinician):
        outsider = UserFactory(username="dr-outsider")  # may refer, so sees only their own
        outsider.user_permissions.add(Permission.objects.get(codename="add_case"))
        make_case(clinician, "Dupont", status=S.SUBMITTED)
        client.force_login(outsider)
        assert shown(client.get(URL, {"state": "submitted"})) == []

    def test_it_refuses_a_user_without_a_role(self, client):
        client.force_login(UserFactory(username="no-role"))
        assert client.get(URL, {"state": "submitted"}).status_code == 403
