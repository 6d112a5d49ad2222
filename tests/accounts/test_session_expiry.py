"""Session limits: logged out after SESSION_IDLE_TIMEOUT without activity, and after
SESSION_COOKIE_AGE in any case; told why, and sent back to the page after logging in."""

import time

import pytest
from django.urls import reverse

from accounts.middleware import BACKGROUND_HEADER, LAST_ACTIVITY_AT, LOGGED_IN_AT
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(client):
    user = UserFactory(username="dr-idle", roles=["clinician"])
    client.force_login(user)
    client.get("/")  # the first request records the login and activity times
    return user


def age(client, key: str, seconds: float) -> None:
    """Pretend `key` happened `seconds` ago."""
    session = client.session
    session[key] = time.time() - seconds
    session.save()


class TestIdleTimeout:
    def test_it_defaults_to_thirty_minutes(self, settings):
        assert settings.SESSION_IDLE_TIMEOUT == 30 * 60

    def test_it_keeps_an_active_session(self, client, user, settings):
        age(client, LAST_ACTIVITY_AT, settings.SESSION_IDLE_TIMEOUT - 60)
        assert client.get("/patients/").status_code == 200

    def test_it_logs_out_after_inactivity_and_keeps_the_page_as_next(self, client, user,
                                                                      settings):
        age(client, LAST_ACTIVITY_AT, settings.SESSION_IDLE_TIMEOUT + 1)
        response = client.get("/patients/?q=martin")
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('login')}?next=/patients/%3Fq%3Dmartin"
        login_page = client.get(response["Location"])
        assert not login_page.context["user"].is_authenticated
        assert "period of inactivity" in login_page.content.decode()

    def test_a_form_post_returns_to_the_form_page(self, client, user, settings):
        age(client, LAST_ACTIVITY_AT, settings.SESSION_IDLE_TIMEOUT + 1)
        response = client.post("/patients/new/", {}, headers={
            "referer": "http://testserver/patients/new/"})
        assert response["Location"].startswith(f"{reverse('login')}?next=")
        assert "patients/new/" in response["Location"]

    def test_an_htmx_request_sends_the_whole_page_to_the_login(self, client, user, settings):
        age(client, LAST_ACTIVITY_AT, settings.SESSION_IDLE_TIMEOUT + 1)
        response = client.get("/patients/", headers={
            "HX-Request": "true", "HX-Current-URL": "http://testserver/patients/7/"})
        assert response["HX-Redirect"] == f"{reverse('login')}?next=/patients/7/"

    def test_a_background_request_does_not_count_as_activity(self, client, user, settings):
        age(client, LAST_ACTIVITY_AT, settings.SESSION_IDLE_TIMEOUT - 5)
        client.get("/", headers={BACKGROUND_HEADER: "1"})
        age_now = time.time() - client.session[LAST_ACTIVITY_AT]
        assert age_now >= settings.SESSION_IDLE_TIMEOUT - 5

    def test_a_page_opened_counts_as_activity(self, client, user, settings):
        age(client, LAST_ACTIVITY_AT, settings.SESSION_IDLE_TIMEOUT - 5)
        client.get("/")
        assert time.time() - client.session[LAST_ACTIVITY_AT] < 5


class TestAbsoluteLifetime:
    def test_it_logs_out_after_the_maximum_length_even_when_active(self, client, user,
                                                                   settings):
        age(client, LOGGED_IN_AT, settings.SESSION_COOKIE_AGE + 1)
        response = client.get("/patients/")
        assert response["Location"].startswith(reverse("login"))
        assert "maximum length" in client.get(response["Location"]).content.decode()
