"""Random and hostile bodies to POST /api/v1/evaluate: random JSON structures, valid cases
with one value replaced by a hostile one (wrong type, huge number, impossible date, NaN),
deep nesting, bytes that are not JSON. The answer is always JSON: the result, or the errors,
never a server error."""

import json

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz.checks import assert_no_server_error, fuzz_settings
from tests.fuzz.conftest import logged_in, rolled_back
from tests.fuzz.values import json_values, mutated
from tests.scoring.cases import case_text

pytestmark = pytest.mark.django_db

ANSWERS = (200, 400, 413, 415)


def cases() -> list[dict]:
    return [json.loads(case_text(name)) for name in ("minimal_case", "femur_case",
                                                     "spinal_case")]


def text_of(value) -> bytes:
    return json.dumps(value, default=str).encode()


raw_bodies = st.one_of(
    st.binary(max_size=200),
    st.sampled_from([b"NaN", b"[NaN]", b'{"patient": Infinity}', b"-Infinity", b"1" * 5000,
                     b'{"patient": {"age_years": 1e999999}}', b"\xff\xfe{}", b"", b"null",
                     b'{"lesions": [}', b"\x00"]),
    st.integers(1, 50_000).map(lambda depth: b"[" * depth + b"]" * depth),
    st.integers(1, 50_000).map(lambda depth: b'{"a":' * depth + b"1" + b"}" * depth),
)


def check(response, body) -> None:
    assert_no_server_error(response, body[:300])
    assert response.status_code in ANSWERS, (response.status_code, body[:300])
    assert response["Content-Type"] == "application/json"
    if response.status_code == 400:
        answer = response.json()
        assert answer.get("errors") or answer.get("error")


@pytest.fixture
def post(world):
    client = logged_in(world.user("clinician"))

    def posting(body: bytes):
        with rolled_back():
            return client.post(reverse("scoring_api:evaluate"), body,
                               content_type="application/json")
    return posting


def test_it_answers_random_json_with_errors(post):
    @fuzz_settings(100)
    @given(body=json_values.map(text_of))
    def send(body):
        check(post(body), body)

    send()


def test_it_answers_a_case_with_a_hostile_value_with_its_errors(post):
    @fuzz_settings(200)
    @given(body=st.sampled_from(cases()).flatmap(mutated).map(text_of))
    def send(body):
        check(post(body), body)

    send()


def test_it_answers_bodies_that_are_not_json_with_an_error(post):
    @fuzz_settings(60)
    @given(body=raw_bodies)
    def send(body):
        check(post(body), body)

    send()


def test_it_refuses_nesting_deeper_than_the_parser_goes(post):
    body = b"[" * 100_000 + b"]" * 100_000
    response = post(body)
    check(response, body)
    assert response.status_code == 400
