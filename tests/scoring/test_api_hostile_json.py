"""POST /api/v1/evaluate with JSON that once made it fail (found by
tests/fuzz/test_evaluate_api.py): an answer in JSON, never a server error."""

import pytest
from django.test import Client

URL = "/api/v1/evaluate"


@pytest.fixture
def api(clinician):
    client = Client(raise_request_exception=False)
    client.force_login(clinician)
    return lambda body: client.post(URL, body, content_type="application/json")


@pytest.mark.django_db
@pytest.mark.parametrize("body", [b"[" * 100_000 + b"]" * 100_000,
                                  b'{"a":' * 100_000 + b"1" + b"}" * 100_000])
def test_it_refuses_json_nested_too_deeply(api, body):
    response = api(body)
    assert response.status_code == 400
    assert response.json() == {"error": "Invalid JSON: nested too deeply."}


@pytest.mark.django_db
def test_it_lists_the_errors_of_a_key_made_of_a_digit_int_refuses(api):
    response = api('{"\u00b2": null, "lesions": []}'.encode())
    assert response.status_code == 400
    fields = [error["field"] for error in response.json()["errors"]]
    assert fields == ["patient", "\u00b2"]
