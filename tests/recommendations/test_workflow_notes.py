"""A transition's note is stored as typed but for the NUL character, which PostgreSQL refuses
in text: a withdrawal reason or an agenda note holding one was a server error (found by
tests/fuzz/test_form_posts.py)."""

import pytest
from django.urls import reverse

from recommendations.case_workflow import withdraw_case
from recommendations.workflow import events_of
from tests.recommendations.test_case_pages import draft_case

pytestmark = pytest.mark.django_db


def test_it_stores_the_note_without_its_nul_characters(clinician):
    case = draft_case(clinician)
    withdraw_case(case, clinician, reason="Patient\x00 declined")
    assert events_of(case).get().note == "Patient declined"


def test_the_withdrawal_page_takes_a_reason_holding_one(client, clinician):
    case = draft_case(clinician)
    client.force_login(clinician)
    response = client.post(reverse("recommendations:case_withdraw", args=[case.pk]),
                           {"reason": "Moved\x00 away"})
    assert response.status_code == 302
    assert events_of(case).get().note == "Moved away"
