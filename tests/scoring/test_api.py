"""POST /api/v1/evaluate: a JSON case in, the engine's result out, errors as JSON."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from scoring import api
from scoring.models import ApiToken
from scoring.referentials import current_referential
from tests.factories import UserFactory
from tests.scoring.cases import FIXTURES, case_text

URL = "/api/v1/evaluate"


def post(client: Client, body: str | bytes | None = None, **kwargs):
    kwargs.setdefault("content_type", "application/json")
    return client.post(URL, case_text("spinal_case") if body is None else body, **kwargs)


def bearer(token: str) -> dict:
    return {"headers": {"Authorization": f"Bearer {token}"}}


def test_it_is_routed_under_api_v1():
    assert reverse("scoring_api:evaluate") == URL


@pytest.mark.django_db
class TestAuthentication:
    def test_it_evaluates_for_a_logged_in_user(self, client, clinician):
        client.force_login(clinician)
        response = post(client)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        document = response.json()
        assert document["referential"]["version"] == current_referential().version
        assert document["reference_date"] == "2026-11-23"

    def test_it_evaluates_with_a_token(self, client, clinician):
        _token, plaintext = ApiToken.issue(clinician, "pipeline")
        response = post(client, **bearer(plaintext))
        assert response.status_code == 200
        assert response.json()["result"]["lesions"][0]["lesion_id"] == "T11"

    def test_it_refuses_a_request_without_credentials(self, client):
        response = post(client)
        assert response.status_code == 401  # not a redirect to the login page
        assert "Authentication required" in response.json()["error"]
        assert response["WWW-Authenticate"] == "Bearer"

    def test_it_refuses_a_revoked_token(self, client, clinician):
        token, plaintext = ApiToken.issue(clinician, "pipeline")
        token.revoke()
        response = post(client, **bearer(plaintext))
        assert response.status_code == 401
        assert response.json() == {"error": "Invalid or revoked API token."}

    def test_it_refuses_an_unknown_token(self, client, clinician):
        client.force_login(clinician)  # a bad token is not rescued by a session
        assert post(client, **bearer("not-a-token")).status_code == 401

    def test_it_refuses_the_token_of_an_inactive_user(self, client):
        user = UserFactory(roles=["clinician"])
        _token, plaintext = ApiToken.issue(user, "pipeline")
        user.is_active = False
        user.save()
        assert post(client, **bearer(plaintext)).status_code == 401

    def test_it_checks_csrf_for_a_session(self, clinician):
        client = Client(enforce_csrf_checks=True)
        client.force_login(clinician)
        response = post(client)
        assert response.status_code == 403
        assert response.json()["error"].startswith("CSRF check failed")

    def test_it_accepts_a_session_request_with_its_csrf_token(self, clinician):
        client = Client(enforce_csrf_checks=True)
        client.force_login(clinician)
        client.get("/")  # sets the CSRF cookie
        csrf = client.cookies["csrftoken"].value
        assert post(client, headers={"X-CSRFToken": csrf}).status_code == 200

    def test_it_needs_no_csrf_token_with_an_api_token(self, clinician):
        _token, plaintext = ApiToken.issue(clinician, "pipeline")
        assert post(Client(enforce_csrf_checks=True), **bearer(plaintext)).status_code == 200

    @pytest.mark.parametrize("role", ["clinician", "coordinator", "panel_member", "admin"])
    def test_it_evaluates_for_every_role(self, client, role_users, role):
        client.force_login(role_users[role])
        assert post(client, case_text("femur_case")).status_code == 200


@pytest.mark.django_db
class TestRequest:
    @pytest.fixture(autouse=True)
    def logged_in(self, client, clinician):
        client.force_login(clinician)

    def test_it_rejects_get(self, client):
        response = client.get(URL)
        assert response.status_code == 405
        assert response["Allow"] == "POST"
        assert response.json() == {"error": "Use POST."}

    def test_it_rejects_get_before_asking_credentials(self):
        assert Client().get(URL).status_code == 405

    def test_it_requires_json(self, client):
        response = post(client, "patient=1", content_type="application/x-www-form-urlencoded")
        assert response.status_code == 415
        assert "application/json" in response.json()["error"]

    def test_it_accepts_a_charset_parameter(self, client):
        assert post(client, content_type="application/json; charset=utf-8").status_code == 200

    def test_it_refuses_a_body_over_one_megabyte(self, client):
        body = '{"patient": {}, "lesions": [], "padding": "' + "x" * api.MAX_BODY_BYTES + '"}'
        response = post(client, body)
        assert response.status_code == 413
        assert "larger than 1048576 bytes" in response.json()["error"]

    def test_it_accepts_a_body_of_exactly_one_megabyte(self, client):
        text = case_text("minimal_case").strip()
        body = text[:-1] + " " * (api.MAX_BODY_BYTES - len(text.encode())) + "}"
        assert len(body.encode()) == api.MAX_BODY_BYTES
        assert post(client, body).status_code == 200

    def test_it_refuses_invalid_json_with_the_position(self, client):
        response = post(client, '{"patient": {},\n "lesions": [}')
        assert response.status_code == 400
        assert response.json() == {
            "error": "Invalid JSON: Expecting value at line 2, column 14."}

    def test_it_refuses_a_body_that_is_not_utf8(self, client):
        response = post(client, '{"patient": {"sex": "é"}}'.encode("latin-1"))
        assert response.status_code == 400
        assert response.json() == {"error": "The body is not UTF-8 text."}

    def test_it_lists_every_field_error_of_an_invalid_case(self, client):
        body = json.dumps({"patient": {"sex": "X"}, "lesions": [{"site": "femurr"}]})
        response = post(client, body)
        assert response.status_code == 400
        errors = response.json()["errors"]
        assert [error["field"] for error in errors] == ["lesions[0].site", "patient.sex"]
        assert errors[0]["message"].startswith("unknown site 'femurr'")

    def test_it_lists_errors_of_meaning_too(self, client):
        body = json.dumps({"patient": {"antithrombotics": [{"drug": "gemcitabine"}]},
                           "lesions": []})
        response = post(client, body)
        assert response.status_code == 400
        assert response.json()["errors"] == [{
            "field": "patient.antithrombotics[0].drug",
            "message": "'gemcitabine' is not an antithrombotic (its category is "
                       "'chemotherapy')",
        }]

    def test_it_returns_the_same_document_as_the_command(self, client):
        out = StringIO()
        call_command("evaluate", str(FIXTURES / "spinal_case.json"), stdout=out)
        assert post(client).json() == json.loads(out.getvalue())
