import datetime as dt

import pytest

from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


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


class TestHome:
    @pytest.mark.parametrize("role", ["clinician", "coordinator", "panel_member", "admin"])
    def test_it_greets_each_role(self, client, role_users, role):
        client.force_login(role_users[role])
        response = client.get("/")
        assert response.status_code == 200
        assert str(role_users[role]) in response.content.decode()
