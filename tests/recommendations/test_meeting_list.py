import datetime as dt

import pytest
from django.urls import reverse

from recommendations.models import Meeting
from tests.factories import MeetingFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("recommendations:meeting_list")


class TestMeetingList:
    @pytest.mark.parametrize("role", ["coordinator", "panel_member", "admin"])
    def test_it_shows_upcoming_meetings_to_roles_that_see_meetings(self, client, role_users,
                                                                   role):
        MeetingFactory(place="Salle A")
        client.force_login(role_users[role])
        response = client.get("/meetings/")
        assert response.status_code == 200
        assert "Salle A" in response.content.decode()

    def test_it_hides_past_meetings(self, client, coordinator):
        MeetingFactory(place="Old room", date=dt.date.today() - dt.timedelta(days=3))
        client.force_login(coordinator)
        assert "Old room" not in client.get("/meetings/").content.decode()

    def test_it_lists_past_meetings_on_request(self, client, coordinator):
        MeetingFactory(place="Old room", date=dt.date.today() - dt.timedelta(days=3))
        MeetingFactory(place="Next room")
        client.force_login(coordinator)
        content = client.get("/meetings/?when=past").content.decode()
        assert "Old room" in content and "Next room" not in content

    def test_it_links_each_meeting_to_its_page(self, client, coordinator):
        meeting = MeetingFactory()
        client.force_login(coordinator)
        assert f'href="/meetings/{meeting.pk}/"' in client.get("/meetings/").content.decode()

    def test_it_offers_a_new_meeting_to_coordinators(self, client, coordinator):
        client.force_login(coordinator)
        assert 'href="/meetings/new/"' in client.get("/meetings/").content.decode()

    @pytest.mark.parametrize("role", ["clinician", "panel_member"])
    def test_it_offers_no_new_meeting_to_other_roles(self, client, role_users, role):
        client.force_login(role_users[role])
        assert 'href="/meetings/new/"' not in client.get("/meetings/").content.decode()

    def test_a_referring_clinician_sees_the_calendar(self, client, clinician):
        client.force_login(clinician)  # to know when the case will be discussed
        assert client.get("/meetings/").status_code == 200

    def test_it_refuses_a_user_without_a_role(self, client):
        from tests.factories import UserFactory
        client.force_login(UserFactory(username="no-role"))
        assert client.get("/meetings/").status_code == 403

    def test_it_rejects_post(self, client, coordinator):
        client.force_login(coordinator)
        assert client.post("/meetings/").status_code == 405



def days_from_today(days: int) -> dt.date:
    return dt.date.today() + dt.timedelta(days=days)


def shown_places(response) -> list[str]:
    return [meeting.place for meeting in response.context["page"].object_list]


class TestMeetingFilters:
    @pytest.fixture(autouse=True)
    def calendar(self, client, coordinator):
        for place, days in (("Last week", -7), ("Yesterday", -1), ("Today", 0),
                            ("Next week", 7), ("Next month", 30)):
            MeetingFactory(place=place, date=days_from_today(days))
        client.force_login(coordinator)

    def test_it_shows_the_upcoming_meetings_soonest_first_by_default(self, client):
        assert shown_places(client.get(URL)) == ["Today", "Next week", "Next month"]

    def test_it_shows_the_past_meetings_latest_first(self, client):
        assert shown_places(client.get(URL, {"when": "past"})) == ["Yesterday", "Last week"]

    def test_it_shows_the_whole_calendar_latest_first(self, client):
        assert shown_places(client.get(URL, {"when": "all"})) == [
            "Next month", "Next week", "Today", "Yesterday", "Last week"]

    def test_it_shows_the_meetings_of_one_type(self, client):
        other = MeetingFactory(place="Other type", date=days_from_today(3))
        Meeting.objects.filter(pk=other.pk).update(meeting_type="another_panel")
        response = client.get(URL, {"meeting_type": "bone_metastasis"})
        assert "Other type" not in shown_places(response)
        assert len(shown_places(response)) == 3

    @pytest.mark.parametrize("params", [{"when": "tomorrow"}, {"meeting_type": "bogus"}])
    def test_it_ignores_a_value_it_does_not_understand_and_says_so(self, client, params):
        response = client.get(URL, params)
        assert response.status_code == 200
        assert shown_places(response) == ["Today", "Next week", "Next month"]
        assert 'data-testid="ignored-filters"' in response.content.decode()

    def test_it_offers_to_reset_the_filters_once_some_are_set(self, client):
        assert 'data-testid="reset-filters"' not in client.get(URL).content.decode()
        assert 'data-testid="reset-filters"' in client.get(
            URL, {"when": "past"}).content.decode()


class TestMeetingSorting:
    @pytest.fixture(autouse=True)
    def calendar(self, client, coordinator):
        for place, days in (("Later", 20), ("Soon", 2), ("Past", -5)):
            MeetingFactory(place=place, date=days_from_today(days))
        client.force_login(coordinator)

    @pytest.mark.parametrize(("when", "sort", "expected"), [
        ("upcoming", "date", ["Soon", "Later"]),
        ("upcoming", "-date", ["Later", "Soon"]),
        ("all", "date", ["Past", "Soon", "Later"]),
        ("all", "-date", ["Later", "Soon", "Past"]),
    ])
    def test_it_sorts_by_date_both_ways(self, client, when, sort, expected):
        assert shown_places(client.get(URL, {"when": when, "sort": sort})) == expected

    @pytest.mark.parametrize("sort", ["place", "-chair__password", "?"])
    def test_it_ignores_a_sort_outside_the_whitelist(self, client, sort):
        response = client.get(URL, {"sort": sort})
        assert response.status_code == 200
        assert shown_places(response) == ["Soon", "Later"]

    def test_it_marks_the_sorted_column_and_keeps_the_filters_in_its_link(self, client):
        content = client.get(URL, {"when": "all", "sort": "date"}).content.decode()
        assert 'aria-sort="ascending"' in content and "sorted ascending" in content
        assert 'href="?when=all&amp;sort=-date"' in content


class TestMeetingListPages:
    @pytest.fixture(autouse=True)
    def calendar(self, client, coordinator):
        chair = UserFactory(username="chair", roles=["coordinator"])
        for days in range(1, 28):
            MeetingFactory(date=days_from_today(-days), chair=chair)
        client.force_login(coordinator)

    def test_it_keeps_the_filters_in_the_page_links(self, client):
        content = client.get(URL, {"when": "past", "sort": "date"}).content.decode()
        assert 'href="?when=past&amp;sort=date&amp;page=2"' in content

    def test_the_next_page_stays_filtered(self, client):
        response = client.get(URL, {"when": "past", "page": 2})
        assert [meeting.date for meeting in response.context["page"].object_list] == [
            days_from_today(-26), days_from_today(-27)]

    def test_its_queries_do_not_grow_with_the_rows(self, client, django_assert_max_num_queries):
        with django_assert_max_num_queries(8):
            response = client.get(URL, {"when": "past"})
        assert len(response.context["page"].object_list) == 25


class TestHome:
    @pytest.mark.parametrize("role", ["clinician", "coordinator", "panel_member", "admin"])
    def test_it_greets_each_role(self, client, role_users, role):
        client.force_login(role_users[role])
        response = client.get("/")
        assert response.status_code == 200
        assert str(role_users[role]) in response.content.decode()
