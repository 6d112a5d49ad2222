import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


class TestLanguageSwitch:
    def test_it_serves_french_by_default(self):
        response = Client().get("/accounts/login/")
        assert response.headers["Content-Language"] == "fr"
        assert "Connexion à RCP-OOS" in response.content.decode()

    def test_it_switches_to_english_without_being_logged_in(self):
        client = Client()
        response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
        assert response.status_code == 302
        assert response.headers["Location"] == "/accounts/login/"
        response = client.get("/accounts/login/")
        assert response.headers["Content-Language"] == "en"
        assert "Log in to RCP-OOS" in response.content.decode()

    def test_it_requires_login_everywhere_else(self, client):
        response = client.get("/")
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/accounts/login/")
