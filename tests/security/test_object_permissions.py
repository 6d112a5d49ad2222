"""Object-level rules the matrix's one-user-per-role cannot show: a clinician acts only on the
cases they referred or co-own; only panel members present at the meeting sign its proposals;
coordinators and administrators neither sign nor act for the referrer."""

import pytest
from django.urls import reverse

from recommendations.models import Attendance, CaseStatus, Signature
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CASE_ACTS = [  # (url name, method, url kwarg of the case)
    ("recommendations:case_edit", "get", "pk"),
    ("recommendations:case_edit", "post", "pk"),
    ("recommendations:case_submit", "post", "pk"),
    ("recommendations:case_withdraw", "post", "pk"),
    ("recommendations:attachment_add", "get", "case_pk"),
    ("recommendations:attachment_add", "post", "case_pk"),
]


def request(client, method: str, url: str):
    return client.post(url, {"question": "Changed by someone else", "urgency": "routine",
                             "reason": "Not mine"}) if method == "post" else client.get(url)


@pytest.mark.parametrize(("name", "method", "kwarg"), CASE_ACTS)
def test_a_clinician_cannot_act_on_a_colleagues_case(client, world, name, method, kwarg):
    case = world.draft_case
    client.force_login(world.other_clinician)
    response = request(client, method, reverse(name, kwargs={kwarg: case.pk}))
    assert response.status_code == 403
    case.refresh_from_db()
    assert (case.status, case.question) == (CaseStatus.DRAFT, "Radiotherapy of T7?")
    assert case.attachments.count() == 1


@pytest.mark.parametrize(("name", "method", "kwarg"), CASE_ACTS)
def test_a_co_owner_may_act_on_the_case(client, world, name, method, kwarg):
    world.draft_case.co_owners.add(world.other_clinician)
    client.force_login(world.other_clinician)
    response = request(client, method, reverse(name, kwargs={kwarg: world.draft_case.pk}))
    assert response.status_code in (200, 302)


def test_a_clinician_still_reads_a_colleagues_case(client, world):
    client.force_login(world.other_clinician)
    url = reverse("recommendations:case_detail", args=[world.draft_case.pk])
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("role", ["admin", "coordinator", "panel_member"])
def test_no_other_role_edits_a_case(client, world, role):
    client.force_login(world.users[role])
    url = reverse("recommendations:case_edit", args=[world.draft_case.pk])
    assert client.post(url, {"question": "Changed", "urgency": "routine"}).status_code == 403


def sign(client, world, user):
    client.force_login(user)
    return client.post(reverse("recommendations:proposal_sign", args=[world.proposal.pk]))


def test_a_panel_member_present_at_the_meeting_signs(client, world):
    member = world.users["panel_member"]
    assert sign(client, world, member).status_code == 302
    assert Signature.objects.filter(proposal=world.proposal, user=member).exists()


def test_a_panel_member_who_did_not_attend_cannot_sign(client, world):
    absent = UserFactory(username="matrix-absent", roles=["panel_member"],
                         specialty="oncology")
    assert sign(client, world, absent).status_code == 403
    assert not Signature.objects.filter(proposal=world.proposal).exists()


def test_a_panel_member_marked_absent_cannot_sign(client, world):
    member = UserFactory(username="matrix-excused", roles=["panel_member"],
                         specialty="oncology")
    Attendance.objects.create(meeting=world.meeting, user=member, specialty="oncology",
                              present=False)
    assert sign(client, world, member).status_code == 403
    assert not Signature.objects.filter(proposal=world.proposal).exists()


@pytest.mark.parametrize("role", ["coordinator", "clinician"])
def test_a_coordinator_or_a_clinician_cannot_sign(client, world, role):
    Attendance.objects.create(meeting=world.meeting, user=world.users[role],
                              specialty="oncology")
    assert sign(client, world, world.users[role]).status_code == 403
    assert not Signature.objects.filter(proposal=world.proposal).exists()


def test_an_administrator_who_did_not_attend_cannot_sign(client, world):
    assert sign(client, world, world.users["admin"]).status_code == 403
    assert not Signature.objects.filter(proposal=world.proposal).exists()
