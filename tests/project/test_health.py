"""/health/: what the web container's health check calls."""

import pytest

pytestmark = pytest.mark.django_db


class TestHealth:
    def test_it_answers_ok_without_login(self, client):
        response = client.get("/health/")
        assert response.status_code == 200
        assert response.json() == {"status": "ok"}

    def test_it_rejects_post(self, client):
        assert client.post("/health/").status_code == 405
